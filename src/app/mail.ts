/**
 * The mail transport as the services see it: build a reply, send it, file a copy in Drafts,
 * test a mailbox, receive forwarded mail. A port, so service tests can count or fail calls; the
 * one implementation, `createMailTransport`, only delegates to `src/email/smtp` and
 * `src/email/imap` (which hold all the protocol code and are tested against real servers).
 */
import type { MailServerSettings } from '../db/index.js';
import {
  appendDraftToMailbox,
  buildReplyMime,
  createSmtpSender,
  sendWithRetry,
  startSmtpReceiver,
  testImapAccount,
  testSmtpAccount,
  type AppendDraftResult,
  type BuildReplyInput,
  type ImapAccount,
  type OutgoingMime,
  type ReplyMime,
  type RetryOptions,
  type SendResult,
  type SmtpAccount,
  type SmtpReceiver,
  type SmtpReceiverOptions,
} from '../email/index.js';
import { egressDetailOf, type EgressPolicy } from '../shared/egress.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export interface MailTransport {
  buildReply(input: BuildReplyInput): Promise<ReplyMime>;
  /** Resolves once the server accepted the message; retries transient failures; throws a MailError. */
  send(account: SmtpAccount, mime: OutgoingMime, retry?: RetryOptions): Promise<SendResult>;
  appendDraft(account: ImapAccount, raw: Buffer): Promise<AppendDraftResult>;
  /** null = the login works; otherwise one line saying what failed. */
  testImap(account: ImapAccount): Promise<string | null>;
  testSmtp(account: SmtpAccount): Promise<string | null>;
  /** The sender gets 250 only after `onMessage` resolved (the message is stored by then). */
  startReceiver<T>(options: SmtpReceiverOptions<T>): Promise<SmtpReceiver>;
}

export interface MailTransportOptions {
  /** Gets the detail of a failed mailbox test (the tenant sees one generic line). */
  logger?: Logger;
}

export function createMailTransport(options: MailTransportOptions = {}): MailTransport {
  const oneLine = async (test: Promise<unknown>): Promise<string | null> => {
    try {
      await test;
      return null;
    } catch (error) {
      options.logger?.warn({ detail: mailFailureDetail(error) }, 'mailbox test failed');
      return describeError(error);
    }
  };
  return {
    buildReply: buildReplyMime,
    async send(account, mime, retry) {
      const sender = createSmtpSender(account);
      try {
        return await sendWithRetry(sender, mime, retry);
      } finally {
        sender.close();
      }
    },
    appendDraft: (account, raw) => appendDraftToMailbox(account, { raw }),
    testImap: (account) => oneLine(testImapAccount(account)),
    testSmtp: (account) => oneLine(testSmtpAccount(account)),
    startReceiver: startSmtpReceiver,
  };
}

/**
 * What the operator's log gets for a mail failure whose message (shown to the tenant) is generic:
 * the egress guard's reason, or the underlying error (e.g. `connect ECONNREFUSED 10.0.0.5:993`).
 */
export function mailFailureDetail(error: unknown): string {
  const refused = egressDetailOf(error);
  if (refused !== null) return refused;
  return error instanceof Error && error.cause !== undefined ? describeError(error.cause) : describeError(error);
}

/**
 * An inbox's stored IMAP settings and decrypted password as the IMAP module's account. The host
 * is the tenant's choice, so it goes through the egress guard with the operator's `egress` policy.
 */
export function imapAccountFor(
  settings: MailServerSettings,
  password: string | null,
  egress: EgressPolicy,
): ImapAccount {
  return {
    egress,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    user: settings.user,
    auth: { password: password ?? '' },
  };
}

/** An inbox's stored SMTP settings and decrypted password as the SMTP module's account. */
export function smtpAccountFor(
  settings: MailServerSettings,
  password: string | null,
  egress: EgressPolicy,
): SmtpAccount {
  // Without a password there is nothing to log in with: send unauthenticated (a local relay).
  const base = { egress, host: settings.host, port: settings.port, secure: settings.secure };
  return password === null ? base : { ...base, user: settings.user, password };
}
