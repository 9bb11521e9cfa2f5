/**
 * Approve and send one draft as a proper reply (Re:, In-Reply-To, References) through the
 * inbox's SMTP server. Idempotent by draft id: a sent draft is never sent again, concurrent calls
 * in this process share one send, and the claim (`pending` → `approved` with reason `sending`)
 * is a compare-and-set, so two workers cannot both start the same send. The reply's Message-ID
 * is derived from the draft id, so even a resend after a crash between "accepted by the server"
 * and "recorded as sent" is recognisable as the same message.
 */
import type { AuditActor, DraftView, InboxView, Repositories, StoredMessage } from '../db/index.js';
import { DbError, isDbError } from '../db/index.js';
import { parseEmail, type BuildReplyInput } from '../email/index.js';
import { SENDING_REASON, isRetryable } from '../pipeline/process-stored-message.js';
import { AppError, describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { smtpAccountFor, type MailTransport } from './mail.js';

export interface SendDraftDeps {
  repos: Repositories;
  mail: MailTransport;
  logger: Logger;
  /** Attempts per send for transient SMTP errors (default 3), and the first delay (default 1 s). */
  sendAttempts?: number;
  retryDelayMs?: number;
}

export function createDraftSender(deps: SendDraftDeps) {
  const inFlight = new Map<number, Promise<void>>();
  return function sendDraft(workspaceId: number, draftId: number, actor: string): Promise<void> {
    const running = inFlight.get(draftId);
    if (running) return running;
    const promise = send(deps, workspaceId, draftId, auditActor(actor)).finally(() => inFlight.delete(draftId));
    inFlight.set(draftId, promise);
    return promise;
  };
}

async function send(deps: SendDraftDeps, workspaceId: number, draftId: number, actor: AuditActor): Promise<void> {
  const { repos } = deps;
  let draft = await repos.drafts.get(workspaceId, draftId);
  if (draft.status === 'sent') return;
  if (draft.status === 'discarded') throw new DbError('conflict', 'The draft was discarded; restore it to send it.');
  const message = await repos.messages.get(workspaceId, draft.messageId);
  const inbox = await repos.inboxes.getWithSecret(workspaceId, message.inboxId);
  if (!inbox.smtp) {
    throw new AppError('smtp_not_configured', `The inbox ${inbox.address} has no SMTP settings, so it cannot send.`);
  }
  draft = await claim(repos, draft);
  if (draft.status === 'sent') return;

  const reply = await replyInput(repos, draft, message, inbox);
  // Rule-sent replies (actor `system`) say so (Auto-Submitted), which stops reply loops.
  const mime = await deps.mail.buildReply({ ...reply, autoSubmitted: actor === 'system' });
  const recipient = mime.to[0] ?? '';

  try {
    await deps.mail.send(
      smtpAccountFor(inbox.smtp, inbox.password),
      { from: mime.from, to: mime.to, raw: mime.raw },
      {
        attempts: Math.max(deps.sendAttempts ?? 3, 1),
        baseDelayMs: deps.retryDelayMs ?? 1_000,
        onRetry: (error, attempt, delayMs) =>
          deps.logger.warn({ workspaceId, draftId: draft.id, attempt, delayMs, err: error.message }, 'send retry'),
      },
    );
  } catch (error) {
    // A final refusal is recorded on the draft for a person to see; a transient one leaves the
    // claim in place so the retry resumes it.
    if (!isRetryable(error)) await repos.drafts.setStatus(workspaceId, draft.id, 'failed', describeError(error));
    throw error;
  }
  await repos.transaction(async (tx) => {
    await tx.drafts.setStatus(workspaceId, draft.id, 'sent');
    await tx.audit.append(workspaceId, {
      actor,
      action: 'draft.sent',
      target: `draft:${draft.id}`,
      detail: { messageId: message.id, to: recipient },
    });
  });
  deps.logger.info({ workspaceId, draftId: draft.id }, 'reply sent');
}

/** pending/failed → approved(sending), compare-and-set; a loser re-reads and joins the outcome. */
async function claim(repos: Repositories, draft: DraftView): Promise<DraftView> {
  if (draft.status === 'approved') return draft;
  try {
    return await repos.drafts.setStatus(draft.workspaceId, draft.id, 'approved', SENDING_REASON);
  } catch (error) {
    if (!isDbError(error, 'conflict')) throw error;
    const current = await repos.drafts.get(draft.workspaceId, draft.id);
    if (current.status === 'sent') return current;
    throw new DbError('conflict', 'The draft is being sent by another worker.', { retryable: true });
  }
}

function auditActor(actor: string): AuditActor {
  return /^(user:[1-9]\d*|system|cli)$/.test(actor) ? (actor as AuditActor) : 'system';
}

/**
 * The reply to a stored message, threaded on the original as received (Re: subject, In-Reply-To,
 * References), from the inbox address. The Message-ID derives from the draft id, so the copy
 * filed in Drafts and every send attempt carry the same one.
 */
export async function replyInput(
  repos: Repositories,
  draft: DraftView,
  message: StoredMessage,
  inbox: InboxView,
): Promise<BuildReplyInput> {
  const original = await parseEmail(await repos.messages.getRaw(draft.workspaceId, message.id));
  const recipient = original.replyTo ?? original.from;
  if (!recipient) throw new AppError('no_recipient', 'The email has no sender address to reply to.');
  const settings = await repos.settings.get(draft.workspaceId);
  return {
    from: { address: inbox.address, name: settings.businessName },
    to: recipient,
    subject: draft.subject,
    text: draft.text,
    inReplyTo: original.hasMessageId ? original.messageId : null,
    references: original.references,
    draftId: draft.id,
  };
}
