/**
 * The inbox: the work queue (to do, waiting on the customer, needs attention, done) of
 * conversations, one row each at its newest message, newest first; whose (mine, unassigned,
 * all) combines with the queue; bulk actions and an unread marker; refreshed live by the script
 * row by row.
 */
import type { AssigneeFilter, QueueCounts, QueueItem, QueueName, QueuePage } from '../../db/index.js';
import { html, type SafeHtml } from '../html.js';
import { inboxHref, type InboxLocation } from '../paging.js';
import { csrfField, page, resultNotice, timeTag, zoneOf, type ShellUser } from './layout.js';
import { senderBadge } from './sender-auth.js';
import { nonAsciiMark } from './address.js';

export type InboxFilter = QueueName | 'all';

export const QUEUE_FILTERS: Array<{ value: InboxFilter; label: string }> = [
  { value: 'todo', label: 'To do' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'attention', label: 'Needs attention' },
  { value: 'done', label: 'Done' },
  { value: 'all', label: 'All' },
];

export const ASSIGNEE_TABS: Array<{ value: AssigneeFilter; label: string }> = [
  { value: 'mine', label: 'Mine' },
  { value: 'unassigned', label: 'Unassigned' },
  { value: 'all', label: 'All' },
];

/** Members the bulk "Assign" control offers (and the viewer, for "me"). */
export interface AssignChoices {
  viewerId: number | null;
  members: Array<{ userId: number; name: string }>;
}

const STATE_LABELS: Record<string, string> = {
  received: 'received',
  processing: 'working…',
  drafted: 'drafted',
  sent: 'sent',
  skipped: 'skipped',
  failed: 'failed',
};

export function stateBadge(state: string): SafeHtml {
  return html`<span class="badge ${state}">${STATE_LABELS[state] ?? state}</span>`;
}

/** What the row says about where the message stands, beyond its processing state. */
function queueNote(m: QueueItem): SafeHtml | '' {
  if (m.draftStatus === 'approved' && m.sendAt) return html`<span class="badge approved">sending…</span>`;
  if (m.queue === 'attention') return html`<span class="badge failed">needs attention</span>`;
  if (m.doneAt) return html`<span class="badge done">done</span>`;
  if (m.draftStatus === 'discarded') return html`<span class="badge discarded">discarded</span>`;
  return '';
}

const EMPTY: Record<InboxFilter, string> = {
  todo: 'Nothing to do: every message is answered, waiting on the customer, or done.',
  waiting: 'No replies are waiting on a customer.',
  attention: 'Nothing needs attention.',
  done: 'Nothing is done yet.',
  all: 'No emails in this workspace yet.',
};

/** What the list shows: a queue filter, whose, maybe a search, and where in it. */
export interface ListView {
  filter: InboxFilter;
  assignee: AssigneeFilter;
  /** The search text; '' when not searching. */
  search: string;
  /** Where the next older page starts (the script updates the Older link from it). */
  older: QueuePage['older'];
}

/**
 * `timeZone`: the workspace's, so the list and the message page show the same local time. The
 * list carries the Older link's target, so a live refresh of the first page keeps it true.
 */
export function messageList(messages: QueueItem[], view: ListView, counts: QueueCounts, timeZone: string): SafeHtml {
  const filter = view.filter;
  const older = view.older
    ? inboxHref({ filter, assignee: view.assignee, search: view.search, before: view.older })
    : '';
  const data = html`data-unread="${counts.unread}" data-counts="${JSON.stringify(counts)}" data-older="${older}"`;
  if (messages.length === 0) {
    const empty = view.search
      ? `No messages match “${view.search}”${filter === 'all' ? '' : ' in this queue'}.`
      : counts.all === 0 && view.assignee === 'all'
        ? 'No emails yet. Connect an inbox and they will appear here as they arrive.'
        : view.assignee === 'mine'
          ? `No conversations assigned to you${filter === 'all' ? '' : ' in this queue'}.`
          : view.assignee === 'unassigned'
            ? `No unassigned conversations${filter === 'all' ? '' : ' in this queue'}.`
            : EMPTY[filter];
    return html`<div id="message-list" class="messages empty" ${data}>${empty}</div>`;
  }
  return html`<ul id="message-list" class="messages" ${data}>
    ${messages.map((m) => {
      const reason =
        m.queue === 'attention' ? (m.draftStatus === 'failed' ? m.draftReason : m.stateReason) : m.stateReason;
      return html`<li data-id="${m.id}" data-row data-rev="${m.revision}" class="${m.seen ? '' : 'unread'}">
        <input
          type="checkbox"
          name="ids"
          value="${m.id}"
          form="bulk-form"
          aria-label="Select “${m.subject || '(no subject)'}” from ${m.fromAddress}"
        />
        <a href="/messages/${m.id}">
          <span class="from"
            >${m.seen ? '' : html`<span class="unread-dot" aria-hidden="true"></span><span class="visually-hidden">Unread: </span>`}${
              m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress
            }${nonAsciiMark(m.fromAddress)}</span
          >
          <span class="when"
            >${queueNote(m)} ${stateBadge(m.state)}
            ${timeTag(m.receivedAt, timeZone)}</span
          >
          <span class="subject"
            >${m.subject || '(no subject)'}${
              m.messageCount > 1
                ? html` <span class="thread-count" title="Messages in this conversation">(${m.messageCount})</span>`
                : ''
            }</span
          >
          <span class="sender-check"
            >${senderBadge(m.auth)}
            <span class="assignee" data-assignee-id="${m.assignee?.userId ?? ''}"
              >${m.assignee ? `Assigned to ${m.assignee.name}` : 'Unassigned'}</span
            ></span
          >
          ${(m.state === 'skipped' || m.queue === 'attention') && reason ? html`<span class="reason">${reason}</span>` : ''}
        </a>
      </li>`;
    })}
  </ul>`;
}

/** "(3) Inbox": unread to-do messages in the tab title. */
export function inboxTitle(counts: QueueCounts): string {
  return counts.unread > 0 ? `(${counts.unread}) Inbox` : 'Inbox';
}

export interface InboxView {
  filter: InboxFilter;
  assignee: AssigneeFilter;
  search: string;
  /** Not the first page: it has "Newest" and "Newer" links. */
  page: QueuePage;
}

export function inboxPage(
  user: ShellUser | null,
  view: InboxView,
  counts: QueueCounts,
  notice: string | null,
  choices: AssignChoices = { viewerId: null, members: [] },
): string {
  const csrf = user?.csrfToken ?? '';
  const { filter, search, assignee } = view;
  const at = (rest: Partial<InboxLocation>): string => inboxHref({ filter, assignee, search, ...rest });
  return page({
    title: search ? `Search: ${search}` : inboxTitle(counts),
    nav: 'inbox',
    user,
    page: 'inbox',
    body: html`<h1>Inbox</h1>
      ${notice ? resultNotice('ok', notice) : ''}
      <p class="lead">
        Conversations with your customers, newest first, with the reply Snoooz drafted from your store data.
        <span id="live-status" class="muted" aria-live="polite"></span>
      </p>
      <form method="get" action="/" role="search" class="search" aria-label="Messages">
        <label for="search-q">Search messages</label>
        <span class="search-row">
          <input
            type="search"
            id="search-q"
            name="q"
            value="${search}"
            maxlength="200"
            placeholder="Order number, sender, name or words"
            aria-keyshortcuts="/"
            aria-describedby="search-hint"
          />
          ${filter !== 'all' && search ? html`<input type="hidden" name="queue" value="${filter}" />` : ''}
          ${assignee !== 'all' ? html`<input type="hidden" name="assignee" value="${assignee}" />` : ''}
          <button type="submit" class="secondary">Search</button>
        </span>
        <span id="search-hint" class="hint">Finds sender, subject and text; “12345” or “#12345” finds an order number. Press / to search.</span>
      </form>
      ${
        search
          ? html`<p class="search-summary">
            Results for <strong>“${search}”</strong>, newest first. <a href="${filter === 'all' && assignee === 'all' ? '/' : inboxHref({ filter, assignee, search: '' })}">Clear search</a>
          </p>`
          : ''
      }
      <nav class="filters assignees" aria-label="Assignee">
        ${ASSIGNEE_TABS.map(
          (f) =>
            html`<a
              href="${inboxHref({ filter, assignee: f.value, search })}"
              data-assignee="${f.value}"
              ${f.value === assignee ? html` aria-current="true"` : ''}
              >${f.label} <span class="count">${counts.assignees[f.value]}</span></a
            >`,
        )}
      </nav>
      <nav class="filters" aria-label="Queue">
        ${QUEUE_FILTERS.map(
          (f) =>
            html`<a
              href="${inboxHref({ filter: f.value, assignee, search })}"
              data-queue="${f.value}"
              ${f.value === filter ? html` aria-current="true"` : ''}
              >${f.label} <span class="count">${counts[f.value]}</span></a
            >`,
        )}
      </nav>
      <form id="bulk-form" method="post" action="/inbox/bulk/done" class="bulk">
        ${csrfField(csrf)}<input type="hidden" name="queue" value="${filter}" />
        <input type="hidden" name="assignee" value="${assignee}" />
        <fieldset class="actions">
          <legend>With the selected messages</legend>
          <!-- The harmless action first: Enter in this form must never send. -->
          <button type="submit" class="secondary">Mark done</button>
          <button
            type="submit"
            formaction="/inbox/bulk/send"
            data-confirm="Approve and send the drafted replies of the selected messages?"
          >
            Approve &amp; send
          </button>
          <button
            type="submit"
            formaction="/inbox/bulk/discard"
            class="danger"
            data-confirm="Discard the drafts of the selected messages?"
          >
            Discard drafts
          </button>
          <label for="bulk-assign-to" class="visually-hidden">Assign the selected conversations to</label>
          <select id="bulk-assign-to" name="assign_to">
            ${choices.viewerId !== null ? html`<option value="me">Me</option>` : ''}
            ${choices.members
              .filter((m) => m.userId !== choices.viewerId)
              .map((m) => html`<option value="${m.userId}">${m.name}</option>`)}
            <option value="none">Unassigned</option>
          </select>
          <button type="submit" formaction="/inbox/bulk/assign" class="secondary">Assign</button>
          <button type="button" id="notify-toggle" class="link" hidden>Notify me of new mail</button>
        </fieldset>
      </form>
      ${messageList(view.page.items, { filter, assignee, search, older: view.page.older }, counts, zoneOf(user))}
      <nav class="pager" aria-label="Pages">
        ${
          view.page.newer
            ? html`<a href="${at({})}">Newest</a> <a href="${at({ after: view.page.newer })}" rel="prev">Newer</a>`
            : ''
        }
        <a
          id="older-link"
          href="${view.page.older ? at({ before: view.page.older }) : '#'}"
          rel="next"
          ${view.page.older ? '' : html` hidden`}
          >Older</a
        >
      </nav>`,
  });
}
