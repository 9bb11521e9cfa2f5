/**
 * Approve and send one draft as a proper reply (Re:, In-Reply-To, References) through the
 * inbox's SMTP server. Idempotent by draft id: a sent draft is never sent again, concurrent calls
 * in this process share one send, and the claim (`pending` → `approved` with reason `sending`)
 * is a compare-and-set, so two workers cannot both start the same send. The reply's Message-ID
 * is derived from the draft id, so even a resend after a crash between "accepted by the server"
 * and "recorded as sent" is recognisable as the same message.
 */
import type { AuditActor, DraftView, Repositories } from '../db/index.js';
import { DbError, isDbError } from '../db/index.js';
import { parseEmail } from '../email/index.js';
import { SENDING_REASON, isRetryable } from '../pipeline/process-stored-message.js';
import { AppError, describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { MailTransport } from './mail.js';

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

  const original = await parseEmail(await repos.messages.getRaw(workspaceId, message.id));
  const recipient = original.replyTo ?? original.from;
  if (!recipient) throw new AppError('no_recipient', 'The email has no sender address to reply to.');
  const settings = await repos.settings.get(workspaceId);
  const threadIds = original.hasMessageId ? [...original.references, original.messageId] : original.references;
  const mime = await deps.mail.buildReply({
    from: { address: inbox.address, name: settings.businessName },
    to: recipient,
    subject: draft.subject,
    text: draft.text,
    messageId: `<snoooz-draft-${draft.id}@${domainOf(inbox.address)}>`,
    inReplyTo: original.hasMessageId ? `<${original.messageId}>` : '',
    references: threadIds.map((id) => `<${id}>`),
  });

  try {
    await withRetry(deps, () =>
      deps.mail.send(
        { ...(inbox.smtp ?? { host: '', port: 0, secure: false, user: '' }), password: inbox.password },
        { from: inbox.address, to: [recipient.address] },
        mime,
      ),
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
      detail: { messageId: message.id, to: recipient.address },
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

async function withRetry(deps: SendDraftDeps, fn: () => Promise<void>): Promise<void> {
  const attempts = Math.max(deps.sendAttempts ?? 3, 1);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, (deps.retryDelayMs ?? 1_000) * 2 ** (attempt - 1)));
    }
  }
}

function auditActor(actor: string): AuditActor {
  return /^(user:[1-9]\d*|system|cli)$/.test(actor) ? (actor as AuditActor) : 'system';
}

function domainOf(address: string): string {
  return address.split('@')[1] || 'snoooz.local';
}
