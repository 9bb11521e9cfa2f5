/**
 * The mail transport as the services see it: build a reply, send it, file a copy in Drafts,
 * test a mailbox, receive forwarded mail. A port, so service tests can count or fail calls; the
 * one implementation, `createMailTransport`, only delegates to `src/email/smtp` and
 * `src/email/imap` (which hold all the protocol code and are tested against real servers).
 */
import type { InboxView, MailServerSettings } from '../db/index.js';
import {
  buildReplyMime,
  createDraftsAppender,
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
import { MailError } from '../email/index.js';
import { egressDetailOf, type EgressPolicy } from '../shared/egress.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

export interface MailTransport {
  buildReply(input: BuildReplyInput): Promise<ReplyMime>;
  /** Resolves once the server accepted the message; retries transient failures; throws a MailError. */
  send(account: SmtpAccount, mime: OutgoingMime, retry?: RetryOptions): Promise<SendResult>;
  /** Over a session kept open between drafts (see email/imap/drafts-appender.ts). */
  appendDraft(account: ImapAccount, raw: Buffer): Promise<AppendDraftResult>;
  /** null = the login works; otherwise one line saying what failed. */
  testImap(account: ImapAccount): Promise<string | null>;
  testSmtp(account: SmtpAccount): Promise<string | null>;
  /** The sender gets 250 only after `onMessage` resolved (the message is stored by then). */
  startReceiver<T>(options: SmtpReceiverOptions<T>): Promise<SmtpReceiver>;
  /** Logs out of the mailbox sessions kept open (server shutdown, after the jobs finished). */
  close?(): Promise<void>;
}

export interface MailTransportOptions {
  /** Gets the detail of a failed mailbox test (the tenant sees one generic line). */
  logger?: Logger;
  /** How long a Drafts session stays open after its last draft (default 30 s). */
  draftsIdleMs?: number;
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
  const drafts = createDraftsAppender(options.draftsIdleMs === undefined ? {} : { idleMs: options.draftsIdleMs });
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
    appendDraft: (account, raw) => drafts.append(account, raw),
    testImap: (account) => oneLine(testImapAccount(account)),
    testSmtp: (account) => oneLine(testSmtpAccount(account)),
    startReceiver: startSmtpReceiver,
    close: () => drafts.close(),
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

/** Where an OAuth inbox's access tokens come from (see mail-oauth.ts). */
export interface InboxTokenSource {
  accessToken(workspaceId: number, inboxId: number): Promise<string>;
  forget(inboxId: number): void;
}

export type InboxWithSecret = InboxView & { password: string | null; refreshToken: string | null };

function needsTokens(inbox: InboxWithSecret, tokens: InboxTokenSource | null): InboxTokenSource {
  if (!tokens) {
    throw new MailError(
      'oauth_needs_reconnect',
      `The inbox ${inbox.address} signs in with its provider, which is not set up here.`,
    );
  }
  return tokens;
}

/**
 * The IMAP account of a stored inbox: its password, or for an OAuth inbox a fresh access token
 * before every login (and a refused token forgotten, so the next login refreshes).
 */
export function inboxImapAccount(
  inbox: InboxWithSecret,
  settings: MailServerSettings,
  egress: EgressPolicy,
  tokens: InboxTokenSource | null,
): ImapAccount {
  const sessionOwner = `inbox:${inbox.workspaceId}:${inbox.id}`;
  if (!inbox.oauthProvider) return { ...imapAccountFor(settings, inbox.password, egress), sessionOwner };
  const source = needsTokens(inbox, tokens);
  const account = oauthImapAccount(
    settings,
    egress,
    () => source.accessToken(inbox.workspaceId, inbox.id),
    () => source.forget(inbox.id),
  );
  return { ...account, sessionOwner };
}

/** XOAUTH2 over IMAP with an access token from `getAccessToken`, asked for before every login. */
export function oauthImapAccount(
  settings: MailServerSettings,
  egress: EgressPolicy,
  getAccessToken: () => Promise<string>,
  onTokenRefused?: () => void,
): ImapAccount {
  return {
    egress,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    user: settings.user,
    auth: { accessToken: '' },
    getAccessToken,
    ...(onTokenRefused ? { onTokenRefused } : {}),
  };
}

/** XOAUTH2 over SMTP; STARTTLS is required on a port without implicit TLS. */
export function oauthSmtpAccount(settings: MailServerSettings, egress: EgressPolicy, accessToken: string): SmtpAccount {
  return {
    egress,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    user: settings.user,
    accessToken,
    // A bearer token never crosses the network in clear text (loopback is this machine).
    requireTLS: !settings.secure && !isLoopbackHost(settings.host),
  };
}

/** The SMTP account of a stored inbox; for an OAuth inbox with a live access token (XOAUTH2). */
export async function inboxSmtpAccount(
  inbox: InboxWithSecret,
  settings: MailServerSettings,
  egress: EgressPolicy,
  tokens: InboxTokenSource | null,
): Promise<SmtpAccount> {
  if (!inbox.oauthProvider) return smtpAccountFor(settings, inbox.password, egress);
  const accessToken = await needsTokens(inbox, tokens).accessToken(inbox.workspaceId, inbox.id);
  return oauthSmtpAccount(settings, egress, accessToken);
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
