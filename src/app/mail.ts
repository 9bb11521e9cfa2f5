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
import { describeError } from '../shared/errors.js';

export interface MailTransport {
  buildReply(input: BuildReplyInput): Promise<ReplyMime>;
  /** Resolves once the server accepted the message; retries transient failures; throws a MailError. */
  send(account: SmtpAccount, mime: OutgoingMime, retry?: RetryOptions): Promise<SendResult>;
  appendDraft(account: ImapAccount, raw: Buffer): Promise<AppendDraftResult>;
  /** null = the login works; otherwise one line saying what failed. */
  testImap(account: ImapAccount): Promise<string | null>;
  testSmtp(account: SmtpAccount): Promise<string | null>;
  /** The sender gets 250 only after `onMessage` resolved (the message is stored by then). */
  startReceiver(options: SmtpReceiverOptions): Promise<SmtpReceiver>;
}

export function createMailTransport(): MailTransport {
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

async function oneLine(test: Promise<unknown>): Promise<string | null> {
  try {
    await test;
    return null;
  } catch (error) {
    return describeError(error);
  }
}

/** An inbox's stored IMAP settings and decrypted password as the IMAP module's account. */
export function imapAccountFor(settings: MailServerSettings, password: string | null): ImapAccount {
  return {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    user: settings.user,
    auth: { password: password ?? '' },
  };
}

/** An inbox's stored SMTP settings and decrypted password as the SMTP module's account. */
export function smtpAccountFor(settings: MailServerSettings, password: string | null): SmtpAccount {
  // Without a password there is nothing to log in with: send unauthenticated (a local relay).
  const base = { host: settings.host, port: settings.port, secure: settings.secure };
  return password === null ? base : { ...base, user: settings.user, password };
}
