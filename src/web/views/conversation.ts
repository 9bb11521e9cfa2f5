/**
 * The conversation around a message: its history in time order (customer messages, the replies
 * that went out with who approved them, internal notes), the note form, and who works it.
 * Notes look different on purpose (dashed, yellow, "Internal note") so nobody takes one for
 * something the customer saw.
 */
import { MAX_NOTE_LENGTH, replyTime, type ConversationNote, type HistoryReply } from '../../db/index.js';
import type { MessageDetail } from '../actions/messages.js';
import { html, type SafeHtml } from '../html.js';
import { stateBadge } from './inbox.js';
import { csrfField, timeTag } from './layout.js';

/** Who may be assigned, and who is looking (their "Assign to me"). */
export interface Team {
  viewerId: number | null;
  members: Array<{ userId: number; name: string }>;
}

type Entry =
  | { kind: 'customer'; at: string; message: MessageDetail['history']['messages'][number] }
  | { kind: 'reply'; at: string; reply: HistoryReply }
  | { kind: 'note'; at: string; note: ConversationNote };

/** Every entry of the history, oldest first; ties keep customer → reply → note order. */
function entries(detail: MessageDetail): Entry[] {
  const all: Entry[] = [
    ...detail.history.messages.map((message) => ({ kind: 'customer' as const, at: message.receivedAt, message })),
    ...detail.history.replies.map((reply) => ({ kind: 'reply' as const, at: replyTime(reply), reply })),
    ...detail.notes.map((note) => ({ kind: 'note' as const, at: note.createdAt, note })),
  ];
  const order = { customer: 0, reply: 1, note: 2 };
  return all.sort((a, b) => a.at.localeCompare(b.at) || order[a.kind] - order[b.kind]);
}

export function actorLabel(actor: string, names: Record<string, string>): string {
  if (actor === 'system') return 'Snoooz';
  if (actor.startsWith('user:')) return names[actor] ?? 'a former teammate';
  if (actor.startsWith('token:')) return 'an API token';
  return actor;
}

/**
 * The history. `currentText` is this message's readable text (parsed from its source), shown in
 * full at its place; the other messages show their stored text.
 */
export function historySection(detail: MessageDetail, currentText: string, csrf: string, tz: string): SafeHtml {
  const currentId = detail.message.id;
  const list = entries(detail);
  return html`<section class="card" id="conversation" aria-labelledby="history-title">
    <h2 id="history-title">Conversation <span class="thread-count">(${countLabel(detail)})</span></h2>
    ${
      detail.newestMessageId !== currentId
        ? html`<p class="banner info" role="status">
            The customer wrote again since this message.
            <a href="/messages/${detail.newestMessageId}">Open the newest message</a> to answer the conversation.
          </p>`
        : ''
    }
    <ol class="history">
      ${list.map((entry) => {
        if (entry.kind === 'customer') {
          const m = entry.message;
          const current = m.id === currentId;
          return html`<li class="customer" data-kind="customer" data-message-id="${m.id}" ${current ? html`aria-current="true"` : ''}>
            <div class="entry-meta">
              <strong>${m.fromName ? `${m.fromName} <${m.fromAddress}>` : m.fromAddress}</strong>
              <span>${timeTag(m.receivedAt, tz)}</span> ${stateBadge(m.state)}
              ${current ? html`<span class="badge queue-todo">this message</span>` : html`<a href="/messages/${m.id}">Open</a>`}
            </div>
            <div class="mail-body">${current ? currentText || '(empty message)' : (m.bodyText ?? '(text not available yet)') || '(empty message)'}</div>
          </li>`;
        }
        if (entry.kind === 'reply') {
          const r = entry.reply;
          const who = r.approvedBy ? actorLabel(r.approvedBy, detail.actorNames) : null;
          return html`<li class="reply" data-kind="reply" data-draft-id="${r.draftId}">
            <div class="entry-meta">
              <strong>Our reply</strong>
              ${
                r.status === 'sent'
                  ? html`<span>went out ${timeTag(r.sentAt, tz)}</span>`
                  : html`<span class="badge approved">approved, leaving ${timeTag(r.sendAt, tz)}</span>`
              }
              ${
                r.approvedBy === 'system'
                  ? html`<span>· sent automatically</span>`
                  : who
                    ? html`<span>· approved by ${who}${r.approvedAt ? html` ${timeTag(r.approvedAt, tz)}` : ''}</span>`
                    : ''
              }
            </div>
            <div class="mail-body">${r.text}</div>
          </li>`;
        }
        const n = entry.note;
        const author = n.author ? n.author.name : actorLabel(n.authorActor, {});
        return html`<li class="note" data-kind="note" data-note-id="${n.id}">
          <div class="entry-meta">
            <span class="badge internal">Internal note</span>
            <strong>${author}</strong> <span>${timeTag(n.createdAt, tz)}</span>
            <span>· only your team sees this; it is never sent</span>
          </div>
          <div class="note-body">${n.body}</div>
        </li>`;
      })}
    </ol>
    ${noteForm(currentId, csrf)}
  </section>`;
}

function countLabel(detail: MessageDetail): string {
  const n = detail.history.messages.length;
  const notes = detail.notes.length;
  return `${n} message${n === 1 ? '' : 's'}${notes ? `, ${notes} note${notes === 1 ? '' : 's'}` : ''}`;
}

function noteForm(messageId: number, csrf: string): SafeHtml {
  return html`<form method="post" action="/messages/${messageId}/notes" class="note-form" id="note-form">
    ${csrfField(csrf)}
    <label for="note-body">Internal note <span class="muted">(only your team sees it; never sent to the customer)</span></label>
    <textarea id="note-body" name="body" required maxlength="${MAX_NOTE_LENGTH}"></textarea>
    <div class="actions"><button type="submit" class="secondary">Add note</button></div>
  </form>`;
}

/** The Assignee row of the facts: who works it, and the control to change that. */
export function assigneeFact(detail: MessageDetail, team: Team, csrf: string): SafeHtml {
  const current = detail.assignee;
  const mine = current !== null && current.userId === team.viewerId;
  return html`<dt>Assignee</dt>
    <dd>
      <span id="assignee-name">${current ? (mine ? `${current.name} (you)` : current.name) : 'Unassigned'}</span>
      <form method="post" action="/messages/${detail.message.id}/assign" class="assign-form" id="assign-form">
        ${csrfField(csrf)}
        <label for="assign-to" class="visually-hidden">Assign to</label>
        <select id="assign-to" name="assignee">
          <option value="none" ${current ? '' : html`selected`}>Unassigned</option>
          ${team.members.map(
            (m) =>
              html`<option value="${m.userId}" ${current?.userId === m.userId ? html`selected` : ''}>
                ${m.name}${m.userId === team.viewerId ? ' (you)' : ''}
              </option>`,
          )}
        </select>
        <button type="submit" class="small secondary">Assign</button>
        ${
          team.viewerId !== null && !mine
            ? html`<button type="submit" name="to_me" value="1" class="small" id="assign-me">Assign to me</button>`
            : ''
        }
      </form>
    </dd>`;
}
