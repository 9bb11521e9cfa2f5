/** One email: what the customer wrote, the store data beside it, and the draft with its actions. */
import type { DraftView } from '../../db/index.js';
import type { MessageDetail } from '../actions/messages.js';
import { html, type SafeHtml } from '../html.js';
import { asContext, contextPanel } from './context.js';
import { evidencePanel } from './evidence.js';
import { stateBadge } from './inbox.js';
import { senderBadge } from './sender-auth.js';
import { nonAsciiMark } from './address.js';
import { banner, csrfField, formatDate, page, timeTag, zoneOf, type ShellUser } from './layout.js';
import { receivedRows } from './message-date.js';
import { messageCannotSend } from './send-readiness.js';

export const DONE_NOTICES: Record<string, string> = {
  saved: 'Draft saved.',
  sent: 'Reply sent.',
  regenerating: 'Regenerating the draft from fresh store data…',
  discarded: 'Draft discarded.',
};

export function messagePage(
  user: ShellUser | null,
  detail: MessageDetail,
  notice: { kind: 'ok' | 'error'; text: string } | null,
): string {
  const { message, email, draft } = detail;
  const csrf = user?.csrfToken ?? '';
  const tz = zoneOf(user);
  return page({
    title: message.subject || 'Email',
    nav: 'inbox',
    user,
    page: 'message',
    messageId: message.id,
    waiting: !draft && (message.state === 'received' || message.state === 'processing'),
    body: html`<p><a href="/">← Inbox</a></p>
      ${notice ? banner(notice.kind, notice.text) : ''}
      <div class="split">
        <div>
          <section class="card" aria-labelledby="mail-title">
            <h1 id="mail-title">${message.subject || '(no subject)'}</h1>
            <dl class="facts">
              <dt>From</dt>
              <dd>
                ${message.fromName ? `${message.fromName} <${message.fromAddress}>` : message.fromAddress}${nonAsciiMark(
                  message.fromAddress,
                )}
              </dd>
              <dt>Sender</dt>
              <dd>${senderBadge(message.auth)}</dd>
              ${
                email.to.length
                  ? html`<dt>To</dt>
                      <dd>${email.to.join(', ')}</dd>`
                  : ''
              }
              ${receivedRows(detail, tz)}
              <dt>State</dt>
              <dd>
                ${stateBadge(message.state)}${message.stateReason ? html` <span class="muted">${message.stateReason}</span>` : ''}
              </dd>
              ${
                message.intent
                  ? html`<dt>Intent</dt>
                      <dd>${message.intent.replace(/_/g, ' ')}${message.language ? ` · ${message.language}` : ''}</dd>`
                  : ''
              }
            </dl>
            <div class="mail-body">${email.text || '(empty message)'}</div>
            ${email.attachments ? html`<p class="muted">${email.attachments} attachment(s) not shown.</p>` : ''}
          </section>
          ${conversationSection(detail.conversation, tz)}
          ${messageCannotSend(detail, user)}
          ${draftSection(message.id, message.state, message.stateReason, draft, csrf, tz)}
        </div>
        <div>${evidencePanel(draft, asContext(draft?.context), Date.now(), tz)} ${contextPanel(asContext(draft?.context), tz)}</div>
      </div>`,
  });
}

/** The other emails of this conversation (threaded by Message-ID, In-Reply-To and References). */
function conversationSection(conversation: MessageDetail['conversation'], tz: string): SafeHtml | '' {
  if (conversation.length === 0) return '';
  return html`<section class="card" aria-labelledby="thread-title">
    <h2 id="thread-title">Conversation</h2>
    <ul class="thread">
      ${conversation.map(
        (other) =>
          html`<li>
            <a href="/messages/${other.id}">${other.subject || '(no subject)'}</a>
            <span class="muted">
              · ${other.fromAddress} · ${timeTag(other.receivedAt, tz)}</span
            >
            ${stateBadge(other.state)}
          </li>`,
      )}
    </ul>
  </section>`;
}

function draftSection(
  messageId: number,
  state: string,
  reason: string | null,
  draft: DraftView | null,
  csrf: string,
  tz: string,
): SafeHtml {
  const regenerate = html`<form method="post" action="/messages/${messageId}/regenerate">
    ${csrfField(csrf)}<button type="submit" class="secondary">Regenerate</button>
  </form>`;
  if (!draft) {
    const waiting = state === 'received' || state === 'processing';
    return html`<section class="card" aria-labelledby="draft-title">
      <h2 id="draft-title">Reply</h2>
      <p class="muted">
        ${waiting ? 'Snoooz is drafting a reply… it will appear here by itself.' : `No draft${reason ? `: ${reason}` : '.'}`}
      </p>
      ${waiting ? '' : html`<div class="actions">${regenerate}</div>`}
    </section>`;
  }
  const editable = draft.status === 'pending' || draft.status === 'failed';
  const meta = html`<p class="muted">
    Written by the
    ${draft.composer === 'llm' ? 'AI model (fact-checked)' : 'built-in composer'}${
      draft.fallbackReason ? html` — the AI draft was replaced: ${draft.fallbackReason}` : ''
    }.
    Status:
    <span class="badge ${draft.status}">${draft.status}</span>${draft.statusReason ? ` — ${draft.statusReason}` : ''}
  </p>`;
  if (!editable) {
    return html`<section class="card" aria-labelledby="draft-title">
      <h2 id="draft-title">Reply</h2>
      ${meta} ${draft.sentAt ? html`<p>Sent ${formatDate(draft.sentAt, tz)}.</p>` : ''}
      <p><strong>${draft.subject}</strong></p>
      <div class="mail-body">${draft.text}</div>
      <div class="actions">
        ${draft.status === 'approved' ? html`<form method="post" action="/messages/${messageId}/send">${csrfField(csrf)}<button type="submit">Send now</button></form>` : ''}
        ${draft.status === 'discarded' ? regenerate : ''}
      </div>
    </section>`;
  }
  return html`<section class="card" aria-labelledby="draft-title">
    <h2 id="draft-title">Reply</h2>
    ${meta}
    <form method="post" action="/messages/${messageId}/draft" id="draft-form">
      ${csrfField(csrf)}
      <label for="draft-subject">Subject</label>
      <input id="draft-subject" name="subject" type="text" maxlength="998" required value="${draft.subject}" />
      <label for="draft-text">Reply text</label>
      <textarea id="draft-text" name="text" required maxlength="100000">${draft.text}</textarea>
      <div class="actions">
        <!-- Save comes first: Enter in a field submits with the form's first button, and that must
             never send (with JavaScript off there is no confirm to stop it). -->
        <button type="submit" class="secondary">Save draft</button>
        <button
          type="submit"
          formaction="/messages/${messageId}/send"
          data-confirm="Send this reply to the customer now?"
        >
          Approve &amp; send
        </button>
      </div>
    </form>
    <div class="actions">
      ${regenerate}
      <form method="post" action="/messages/${messageId}/discard" data-confirm="Discard this draft?">
        ${csrfField(csrf)}<button type="submit" class="danger">Discard</button>
      </form>
    </div>
  </section>`;
}
