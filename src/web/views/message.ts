/**
 * One email in its conversation: who wrote and who works it, the conversation's history (with
 * internal notes), the store data beside it, and the draft with its actions at the bottom.
 */
import type { DraftVersion, DraftView, QueueName } from '../../db/index.js';
import { SCHEDULED_REASON } from '../../db/index.js';
import type { MessageDetail } from '../actions/messages.js';
import { html, type SafeHtml } from '../html.js';
import { asContext, contextPanel } from './context.js';
import { actorLabel, assigneeFact, historySection, type Team } from './conversation.js';
import { evidencePanel } from './evidence.js';
import { stateBadge } from './inbox.js';
import { senderBadge } from './sender-auth.js';
import { nonAsciiMark } from './address.js';
import { csrfField, formatDate, page, resultNotice, timeTag, zoneOf, type ShellUser } from './layout.js';
import { receivedRows } from './message-date.js';
import { messageCannotSend } from './send-readiness.js';

export const DONE_NOTICES: Record<string, string> = {
  saved: 'Draft saved.',
  sent: 'Reply sent.',
  scheduled: 'Reply approved: it goes out when the undo window ends.',
  undone: 'Send undone: the draft is back for editing.',
  regenerated: 'Draft regenerated from fresh store data. The previous version is kept under Versions.',
  restored: 'Earlier version restored.',
  discarded: 'Draft discarded. The message is done.',
  done: 'Marked done.',
  reopened: 'Moved back to To do.',
  unchanged: 'Nothing to retry.',
  assigned: 'Assignee changed.',
  noted: 'Internal note added. It is never sent to the customer.',
  linked:
    'Customer linked: the draft was regenerated with their store data. The previous version is kept under Versions.',
  unlinked: "Link removed: the draft was regenerated from the sender's address.",
};

const QUEUE_LABELS: Record<QueueName, string> = {
  todo: 'To do',
  waiting: 'Waiting on the customer',
  done: 'Done',
  attention: 'Needs attention',
};

export function messagePage(
  user: ShellUser | null,
  detail: MessageDetail,
  notice: { kind: 'ok' | 'error'; text: string } | null,
  team: Team = { viewerId: null, members: [] },
  /** The Customer card (link the right store customer), rendered by the route with its search. */
  customerCard: SafeHtml | '' = '',
): string {
  const { message, email, draft } = detail;
  const csrf = user?.csrfToken ?? '';
  const scheduled = isScheduled(draft);
  const tz = zoneOf(user);
  return page({
    title: message.subject || 'Email',
    nav: 'inbox',
    user,
    page: 'message',
    messageId: message.id,
    waiting: scheduled || (!draft && (message.state === 'received' || message.state === 'processing')),
    sendAt: scheduled ? draft?.sendAt : null,
    body: html`<p><a href="/">← Inbox</a></p>
      ${notice ? resultNotice(notice.kind, notice.text) : ''}
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
              <dt>Queue</dt>
              <dd>
                <span class="badge queue-${detail.queue}">${QUEUE_LABELS[detail.queue]}</span>
                ${stateBadge(message.state)}${message.stateReason ? html` <span class="muted">${message.stateReason}</span>` : ''}
              </dd>
              ${
                message.intent
                  ? html`<dt>Intent</dt>
                      <dd>${message.intent.replace(/_/g, ' ')}${message.language ? ` · ${message.language}` : ''}</dd>`
                  : ''
              }
              ${assigneeFact(detail, team, csrf)}
            </dl>
            ${email.attachments ? html`<p class="muted">${email.attachments} attachment(s) not shown.</p>` : ''}
            ${queueActions(message.id, detail.queue, csrf)}
          </section>
          ${historySection(detail, email.text, csrf, tz)} ${attentionSection(detail, csrf)}
          ${messageCannotSend(detail, user)} ${draftSection(detail, csrf, tz)}
        </div>
        <div>${evidencePanel(draft, asContext(draft?.context), Date.now(), tz)} ${contextPanel(asContext(draft?.context), tz)} ${customerCard}</div>
      </div>`,
  });
}

/** Without the script, Regenerate over an edited draft asks here first. */
export function regenerateConfirmPage(user: ShellUser | null, detail: MessageDetail): string {
  const { message } = detail;
  return page({
    title: 'Replace your edits?',
    nav: 'inbox',
    user,
    body: html`<p><a href="/messages/${message.id}">← Back to the message</a></p>
      <section class="card" aria-labelledby="confirm-title">
        <h1 id="confirm-title">Replace your edited draft?</h1>
        <p>
          Regenerating writes a new draft from fresh store data in place of your edits. Your edited version is kept
          under Versions and can be restored in one click.
        </p>
        <div class="actions">
          <form method="post" action="/messages/${message.id}/regenerate">
            ${csrfField(user?.csrfToken ?? '')}<input type="hidden" name="confirm" value="yes" />
            <button type="submit">Regenerate anyway</button>
          </form>
          <a class="button secondary" href="/messages/${message.id}">Keep my edits</a>
        </div>
      </section>`,
  });
}

function isScheduled(draft: DraftView | null): boolean {
  return draft?.status === 'approved' && draft.statusReason === SCHEDULED_REASON && draft.sendAt !== null;
}

/** Done / back to To do: any message, whatever its draft. */
function queueActions(messageId: number, queue: QueueName, csrf: string): SafeHtml {
  return html`<div class="actions">
    ${
      queue === 'done'
        ? html`<form method="post" action="/messages/${messageId}/reopen">
            ${csrfField(csrf)}<button type="submit" class="secondary">Move back to To do</button>
          </form>`
        : html`<form method="post" action="/messages/${messageId}/done">
            ${csrfField(csrf)}<button type="submit" class="secondary">Mark done</button>
          </form>`
    }
  </div>`;
}

/** Processing or sending failed: why, and one button to try again. */
function attentionSection(detail: MessageDetail, csrf: string): SafeHtml | '' {
  if (detail.queue !== 'attention') return '';
  const { message, draft } = detail;
  const sendFailed = draft?.status === 'failed';
  const reason = sendFailed ? draft.statusReason : message.stateReason;
  return html`<section class="card attention" aria-labelledby="attention-title">
    <h2 id="attention-title">Needs attention</h2>
    <p>
      ${sendFailed ? 'The reply was not sent' : 'No reply could be drafted'}${reason ? html`: ${reason}` : '.'}
    </p>
    <form method="post" action="/messages/${message.id}/retry">
      ${csrfField(csrf)}
      <button type="submit" ${sendFailed ? html` data-confirm="Send this reply to the customer now?"` : ''}>
        ${sendFailed ? 'Retry sending' : 'Retry drafting'}
      </button>
    </form>
  </section>`;
}

function draftSection(detail: MessageDetail, csrf: string, tz: string): SafeHtml {
  const { message, draft } = detail;
  const messageId = message.id;
  if (!draft) {
    const waiting = message.state === 'received' || message.state === 'processing';
    return html`<section class="card" aria-labelledby="draft-title">
      <h2 id="draft-title">Reply</h2>
      <p class="muted">
        ${
          waiting
            ? 'Snoooz is drafting a reply… it will appear here by itself.'
            : `No draft${message.stateReason ? `: ${message.stateReason}` : '.'}`
        }
      </p>
      ${waiting ? '' : html`<div class="actions">${regenerateForm(messageId, csrf, false)}</div>`}
    </section>`;
  }
  const editable = draft.status === 'pending' || draft.status === 'failed';
  const edited = detail.versions[0] !== undefined && detail.versions[0].kind !== 'generated';
  const meta = html`<p class="muted">
    Written by the
    ${draft.composer === 'llm' ? 'AI model (fact-checked)' : 'built-in composer'}${
      draft.fallbackReason ? html` — the AI draft was replaced: ${draft.fallbackReason}` : ''
    }.
    Status:
    <span class="badge ${draft.status}">${draft.status}</span>${
      draft.statusReason && draft.statusReason !== SCHEDULED_REASON ? ` — ${draft.statusReason}` : ''
    }
  </p>`;
  if (isScheduled(draft)) {
    return html`<section class="card" aria-labelledby="draft-title">
      <h2 id="draft-title">Reply</h2>
      <div class="banner info scheduled" role="status">
        Sending at ${timeTag(draft.sendAt, tz)}
        <span id="send-countdown" class="muted"></span>. Undo to keep editing.
      </div>
      <p><strong>${draft.subject}</strong></p>
      <div class="mail-body">${draft.text}</div>
      <div class="actions sticky-actions">
        <form method="post" action="/messages/${messageId}/undo">
          ${csrfField(csrf)}<button type="submit" id="undo-send">Undo</button>
        </form>
        <form method="post" action="/messages/${messageId}/send">
          ${csrfField(csrf)}<button type="submit" class="secondary">Send now</button>
        </form>
      </div>
    </section>`;
  }
  if (!editable) {
    return html`<section class="card" aria-labelledby="draft-title">
      <h2 id="draft-title">Reply</h2>
      ${meta} ${draft.sentAt ? html`<p>Sent ${timeTag(draft.sentAt, tz)}.</p>` : ''}
      ${
        draft.status === 'sent'
          ? html`<p class="muted">The reply is in the conversation above.</p>`
          : html`<p><strong>${draft.subject}</strong></p>
              <div class="mail-body">${draft.text}</div>`
      }
      <div class="actions">
        ${
          draft.status === 'approved'
            ? html`<form method="post" action="/messages/${messageId}/send">
                ${csrfField(csrf)}<button type="submit">Send now</button>
              </form>`
            : ''
        }
        ${draft.status === 'discarded' ? regenerateForm(messageId, csrf, false) : ''}
      </div>
    </section>`;
  }
  return html`<section class="card" aria-labelledby="draft-title">
    <h2 id="draft-title">Reply</h2>
    ${meta}
    <form method="post" action="/messages/${messageId}/draft" id="draft-form" data-autosave>
      ${csrfField(csrf)}
      <label for="draft-subject">Subject</label>
      <input id="draft-subject" name="subject" type="text" maxlength="998" required value="${draft.subject}" />
      <label for="draft-text">Reply text</label>
      <textarea id="draft-text" name="text" required maxlength="100000">${draft.text}</textarea>
      <div class="actions sticky-actions">
        <!-- Save comes first: Enter in a field submits with the form's first button, and that must
             never send (with JavaScript off there is no confirm to stop it). -->
        <button type="submit" class="secondary">Save draft</button>
        <button
          type="submit"
          formaction="/messages/${messageId}/send"
          data-confirm="Send this reply to the customer?"
          aria-keyshortcuts="Control+Enter"
        >
          Approve &amp; send
        </button>
        <span id="autosave-status" class="muted" aria-live="polite"></span>
      </div>
    </form>
    <div class="actions">
      ${regenerateForm(messageId, csrf, edited)}
      <form method="post" action="/messages/${messageId}/discard" data-confirm="Discard this draft?">
        ${csrfField(csrf)}<button type="submit" class="danger">Discard</button>
      </form>
    </div>
    ${versionsSection(messageId, detail, draft, csrf, tz)}
  </section>`;
}

function regenerateForm(messageId: number, csrf: string, edited: boolean): SafeHtml {
  return html`<form
    method="post"
    action="/messages/${messageId}/regenerate"
    ${
      edited
        ? html` data-confirm="Replace your edited draft with a new one? Your edits stay under Versions." data-confirm-field="confirm"`
        : ''
    }
  >
    ${csrfField(csrf)}<button type="submit" class="secondary">Regenerate</button>
  </form>`;
}

const VERSION_KINDS: Record<string, string> = { generated: 'Generated', edited: 'Edited', restored: 'Restored' };

/** Every text the draft has had; any but the current one can be restored in one click. */
function versionsSection(
  messageId: number,
  detail: MessageDetail,
  draft: DraftView,
  csrf: string,
  tz: string,
): SafeHtml | '' {
  const versions: DraftVersion[] = detail.versions;
  if (versions.length < 2) return '';
  return html`<details class="versions">
    <summary>Versions (${versions.length})</summary>
    <ol>
      ${versions.map((v, index) => {
        const current = index === 0 && v.text === draft.text && v.subject === draft.subject;
        return html`<li>
          <span class="version-meta"
            >${VERSION_KINDS[v.kind] ?? v.kind} by ${actorLabel(v.actor, detail.actorNames)} ·
            ${timeTag(v.updatedAt, tz)}${current ? ' · current' : ''}</span
          >
          <span class="version-preview">${preview(v.text)}</span>
          ${
            current
              ? ''
              : html`<form method="post" action="/messages/${messageId}/versions/${v.id}/restore">
                  ${csrfField(csrf)}<button type="submit" class="small secondary">
                    Restore<span class="visually-hidden"> the ${(VERSION_KINDS[v.kind] ?? v.kind).toLowerCase()} version of ${formatDate(v.updatedAt, tz)}</span>
                  </button>
                </form>`
          }
        </li>`;
      })}
    </ol>
  </details>`;
}

function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
