/**
 * The inbox: the work queue (to do, waiting on the customer, needs attention, done), newest
 * first, with bulk actions and an unread marker; refreshed live by the script row by row.
 */
import type { QueueCounts, QueueItem, QueueName } from '../../db/index.js';
import { html, type SafeHtml } from '../html.js';
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

/** `timeZone`: the workspace's, so the list and the message page show the same local time. */
export function messageList(
  messages: QueueItem[],
  filter: InboxFilter,
  counts: QueueCounts,
  timeZone: string,
): SafeHtml {
  const data = html`data-unread="${counts.unread}" data-counts="${JSON.stringify(counts)}"`;
  if (messages.length === 0) {
    return html`<div id="message-list" class="messages empty" ${data}>
      ${counts.all === 0 ? 'No emails yet. Connect an inbox and they will appear here as they arrive.' : EMPTY[filter]}
    </div>`;
  }
  return html`<ul id="message-list" class="messages" ${data}>
    ${messages.map((m) => {
      const reason =
        m.queue === 'attention' ? (m.draftStatus === 'failed' ? m.draftReason : m.stateReason) : m.stateReason;
      return html`<li data-id="${m.id}" data-rev="${m.revision}" class="${m.seen ? '' : 'unread'}">
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
          <span class="subject">${m.subject || '(no subject)'}</span>
          <span class="sender-check">${senderBadge(m.auth)}</span>
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

export function inboxPage(
  user: ShellUser | null,
  messages: QueueItem[],
  filter: InboxFilter,
  counts: QueueCounts,
  notice: string | null,
): string {
  const csrf = user?.csrfToken ?? '';
  return page({
    title: inboxTitle(counts),
    nav: 'inbox',
    user,
    page: 'inbox',
    body: html`<h1>Inbox</h1>
      ${notice ? resultNotice('ok', notice) : ''}
      <p class="lead">
        Customer emails, newest first, with the reply Snoooz drafted from your store data.
        <span id="live-status" class="muted" aria-live="polite"></span>
      </p>
      <nav class="filters" aria-label="Queue">
        ${QUEUE_FILTERS.map(
          (f) =>
            html`<a
              href="${f.value === 'todo' ? '/' : `/?queue=${f.value}`}"
              data-queue="${f.value}"
              ${f.value === filter ? html` aria-current="true"` : ''}
              >${f.label} <span class="count">${counts[f.value]}</span></a
            >`,
        )}
      </nav>
      <form id="bulk-form" method="post" action="/inbox/bulk/done" class="bulk">
        ${csrfField(csrf)}<input type="hidden" name="queue" value="${filter}" />
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
          <button type="button" id="notify-toggle" class="link" hidden>Notify me of new mail</button>
        </fieldset>
      </form>
      ${messageList(messages, filter, counts, zoneOf(user))}`,
  });
}
