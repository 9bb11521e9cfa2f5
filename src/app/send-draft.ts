/**
 * Approve and send one draft as a proper reply (Re:, In-Reply-To, References) through the
 * inbox's SMTP server. Idempotent by draft id: a sent draft is never sent again, concurrent calls
 * in this process share one send, and the claim (`pending` → `approved` with reason `sending`)
 * is a compare-and-set, so two workers cannot both start the same send. The reply's Message-ID
 * is derived from the draft id, so even a resend after a crash between "accepted by the server"
 * and "recorded as sent" is recognisable as the same message.
 */
import type { AuditActor, DraftView, InboxView, Repositories, StoredMessage } from '../db/index.js';
import { DbError, SCHEDULED_REASON, WAITING_RECONNECT_PREFIX } from '../db/index.js';
import { isMailError, parseEmail, type BuildReplyInput, type SmtpAccount } from '../email/index.js';
import { SEND_RETRY_REASON, SENDING_REASON, isRetryable } from '../pipeline/process-stored-message.js';
import { recordSentReply } from '../shadow/index.js';
import { STRICT_EGRESS, type EgressPolicy } from '../shared/egress.js';
import { isAscii, sameEmail } from '../shared/email-identity.js';
import { AppError, describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { inboxSmtpAccount, mailFailureDetail, type InboxTokenSource, type MailTransport } from './mail.js';

export interface SendDraftDeps {
  repos: Repositories;
  mail: MailTransport;
  logger: Logger;
  /** Attempts per send for transient SMTP errors (default 3), and the first delay (default 1 s). */
  sendAttempts?: number;
  retryDelayMs?: number;
  /** Which private SMTP hosts the operator allows (default: public addresses only). */
  egress?: EgressPolicy;
  /** Access tokens of inboxes that sign in with Google or Microsoft. */
  tokens?: InboxTokenSource | null;
}

export interface SendOptions {
  /**
   * The scheduled send this call is (see scheduled-send.ts): it sends only while the draft is
   * still approved with this token, so a send that was undone, or replaced by a later approval,
   * sends nothing.
   */
  token?: string;
}

export type DraftSender = (workspaceId: number, draftId: number, actor: string, options?: SendOptions) => Promise<void>;

export function createDraftSender(deps: SendDraftDeps): DraftSender {
  const inFlight = new Map<number, Promise<void>>();
  return function sendDraft(workspaceId, draftId, actor, options = {}) {
    const running = inFlight.get(draftId);
    if (running) return running;
    const promise = send(deps, workspaceId, draftId, auditActor(actor), options).finally(() =>
      inFlight.delete(draftId),
    );
    inFlight.set(draftId, promise);
    return promise;
  };
}

async function send(
  deps: SendDraftDeps,
  workspaceId: number,
  draftId: number,
  actor: AuditActor,
  options: SendOptions,
): Promise<void> {
  const { repos } = deps;
  let draft = await repos.drafts.get(workspaceId, draftId);
  if (draft.status === 'sent') return;
  if (options.token !== undefined && !scheduledWith(draft, options.token)) return;
  if (draft.status === 'discarded') throw new DbError('conflict', 'The draft was discarded; restore it to send it.');
  const message = await repos.messages.get(workspaceId, draft.messageId);
  const inbox = await repos.inboxes.getWithSecret(workspaceId, message.inboxId);
  if (!inbox.smtp) {
    throw new AppError('smtp_not_configured', `The inbox ${inbox.address} has no SMTP settings, so it cannot send.`);
  }
  const smtp = inbox.smtp;
  const egress = deps.egress ?? STRICT_EGRESS;
  const reconnectLine = `Not sent: the inbox ${inbox.address} needs reconnecting (an owner signs in again on the Inboxes page).`;
  /**
   * The inbox's sign-in was refused: a scheduled reply waits, still approved, and leaves once
   * an owner reconnects (drafts.resumeWaitingForReconnect); a direct send is refused.
   */
  const waitForReconnect = async (fromReason: string): Promise<void> => {
    if (
      options.token !== undefined &&
      (await repos.drafts.setApprovedReason(workspaceId, draftId, fromReason, `${WAITING_RECONNECT_PREFIX}${actor}`))
    ) {
      deps.logger.info({ workspaceId, draftId }, 'reply waits for its inbox to be reconnected');
      return;
    }
    if (fromReason === SENDING_REASON) await repos.drafts.setStatus(workspaceId, draftId, 'failed', reconnectLine);
    throw new AppError('inbox_needs_reconnect', reconnectLine);
  };
  const account = async (): Promise<SmtpAccount | null> => {
    if (inbox.needsReconnect) return null;
    try {
      return await inboxSmtpAccount(inbox, smtp, egress, deps.tokens ?? null);
    } catch (error) {
      if (isMailError(error, 'oauth_needs_reconnect')) return null;
      throw error;
    }
  };
  let smtpAccount = await account();
  if (!smtpAccount) return waitForReconnect(SCHEDULED_REASON);

  const claimed = await claim(repos, draft, options.token);
  if (!claimed || claimed.status === 'sent') return;
  draft = claimed;

  const reply = await replyInput(repos, draft, message, inbox);
  // Rule-sent replies (actor `system`) say so (Auto-Submitted), which stops reply loops.
  const mime = await deps.mail.buildReply({ ...reply, autoSubmitted: actor === 'system' });
  const recipient = mime.to[0] ?? '';
  const mismatch = mime.to.map((to) => recipientMismatch(draft.context, to)).find((m) => m !== null) ?? null;
  if (mismatch) {
    // Never retried: the same draft would go to the same wrong mailbox.
    await repos.drafts.setStatus(workspaceId, draft.id, 'failed', mismatch);
    throw new AppError('recipient_mismatch', mismatch);
  }

  const transmit = (to: SmtpAccount) =>
    deps.mail.send(
      to,
      { from: mime.from, to: mime.to, raw: mime.raw },
      {
        attempts: Math.max(deps.sendAttempts ?? 3, 1),
        baseDelayMs: deps.retryDelayMs ?? 1_000,
        onRetry: (error, attempt, delayMs) =>
          deps.logger.warn({ workspaceId, draftId: draft.id, attempt, delayMs, err: error.message }, 'send retry'),
      },
    );
  try {
    try {
      await transmit(smtpAccount);
    } catch (error) {
      // An OAuth token the server refused (revoked before it expired): refresh it once. If the
      // provider refuses the grant itself, the reply waits for a reconnect instead of failing.
      if (!inbox.oauthProvider || !isMailError(error, 'smtp_auth_failed')) throw error;
      deps.tokens?.forget(inbox.id);
      smtpAccount = await account();
      if (!smtpAccount) return await waitForReconnect(SENDING_REASON);
      await transmit(smtpAccount);
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'inbox_needs_reconnect') throw error;
    deps.logger.warn({ workspaceId, draftId: draft.id, detail: mailFailureDetail(error) }, 'send failed');
    // A final refusal is recorded on the draft for a person to see; a transient one (the server
    // did not accept it) gives the claim back as `send-retry`, so the job's retry sends again.
    if (!isRetryable(error)) await repos.drafts.setStatus(workspaceId, draft.id, 'failed', describeError(error));
    else await repos.drafts.setApprovedReason(workspaceId, draft.id, SENDING_REASON, SEND_RETRY_REASON);
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
  // What was sent against what Snoooz first wrote: the measured acceptance that autonomy runs on.
  await recordSentReply(repos, workspaceId, {
    draftId: draft.id,
    intent: message.intent,
    sentText: draft.text,
    automatic: actor === 'system',
  }).catch((error: unknown) =>
    deps.logger.warn(
      { workspaceId, draftId: draft.id, err: describeError(error) },
      'could not record the reply outcome',
    ),
  );
  deps.logger.info({ workspaceId, draftId: draft.id }, 'reply sent');
}

/**
 * pending/failed/approved(not sending) → approved(sending): one conditional UPDATE, so across
 * every process exactly one caller wins. A loser re-reads: sent → done; otherwise someone is
 * sending it now, or a send was interrupted mid-way (the job run that finds it marks it failed
 * for a person to check), and sending it again could send it twice, so this refuses.
 */
async function claim(repos: Repositories, draft: DraftView, token?: string): Promise<DraftView | null> {
  if (await repos.drafts.claimSend(draft.workspaceId, draft.id, SENDING_REASON, token === undefined ? {} : { token })) {
    return repos.drafts.get(draft.workspaceId, draft.id);
  }
  const current = await repos.drafts.get(draft.workspaceId, draft.id);
  if (current.status === 'sent') return current;
  // A scheduled send that lost the claim was undone, replaced, or is being sent by someone who
  // pressed "Send now": either way this call has nothing left to do.
  if (token !== undefined) return null;
  if (current.status === 'discarded') throw new DbError('conflict', 'The draft was discarded; restore it to send it.');
  throw new DbError('conflict', 'The draft is being sent (or its last send was interrupted); it is not sent twice.', {
    retryable: false,
  });
}

/**
 * A reply that carries store data goes only to the address that data was read for, up to ASCII
 * case (see shared/email-identity.ts): the matched account's address, and the sender address the
 * lookup used. A look-alike sender ("\u212Aate@…" for kate@…) that an earlier version matched to
 * the account, or any other difference, keeps it unsent. The reason, or null when it may go.
 */
export function recipientMismatch(context: unknown, recipient: string): string | null {
  const stored = (context ?? {}) as {
    senderEmail?: unknown;
    customer?: { email?: unknown } | null;
    orders?: unknown;
    focusOrder?: unknown;
    customerLink?: unknown;
  };
  const account = typeof stored.customer?.email === 'string' ? stored.customer.email : null;
  // An agent linked the conversation to this account by hand (the customer writes from another
  // address): the reply goes to the person who wrote, exactly, and never to the account's address.
  const linked = typeof stored.customerLink === 'object' && stored.customerLink !== null;
  const hasStoreData =
    account !== null || (Array.isArray(stored.orders) && stored.orders.length > 0) || Boolean(stored.focusOrder);
  if (!hasStoreData) return null;
  const notFor = (owner: string) =>
    `Not sent: the reply would go to ${recipient}, but the store data in it is for ${owner}.`;
  if (account !== null && !linked && !sameEmail(recipient, account)) return notFor(`the account ${account}`);
  if (!isAscii(recipient)) return notFor('another address (this one has non-ASCII characters)');
  const sender = typeof stored.senderEmail === 'string' ? stored.senderEmail : '';
  if (sender !== '' && !sameEmail(recipient, sender)) return notFor(sender);
  if (linked && sender === '') return notFor('a customer an agent linked to another sender');
  return null;
}

/** Approved and still carrying this schedule's token (not undone, not replaced). */
function scheduledWith(draft: DraftView, token: string): boolean {
  return draft.status === 'approved' && draft.sendToken === token;
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
  // The reply goes to the sender whose store data the draft was built from, never to a Reply-To:
  // a forged From (a customer's address) with the attacker's Reply-To would otherwise receive
  // that customer's orders. The real customer gets the reply and can simply answer from there.
  const recipient = original.from;
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
