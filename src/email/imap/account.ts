/**
 * How we log in to a mailbox over IMAP, and the one place that turns imapflow's errors into
 * MailErrors (one line, no password or token in it).
 */
import { ImapFlow } from 'imapflow';
import type { Logger } from '../../shared/logger.js';
import { pinHost, type EgressPolicy } from '../../shared/egress.js';
import { describeError } from '../../shared/errors.js';
import { CHECK_LOGIN, MailError, couldNotConnect, safeLine, tlsProblem } from '../smtp/mail-error.js';

export type ImapAuth = { password: string } | { accessToken: string };

export interface ImapAccount {
  host: string;
  port: number;
  /** Implicit TLS (993); false means STARTTLS when offered, plain text otherwise (loopback tests). */
  secure: boolean;
  user: string;
  auth: ImapAuth;
  /** Default true; false only for a self-signed certificate the merchant chose to trust. */
  tlsRejectUnauthorized?: boolean;
  /**
   * OAuth2 (XOAUTH2): called before every login for a fresh access token, so a token that
   * expired while a watcher was idle is replaced on reconnect (see `refreshOAuthAccessToken`).
   */
  getAccessToken?: () => Promise<string>;
  /**
   * OAuth2: the server refused the access token (revoked before it expired). The owner of the
   * token cache drops it, so the next login refreshes (and learns whether the grant still holds).
   */
  onTokenRefused?: () => void;
  /**
   * A tenant's mailbox: the host must pass the egress guard, and the client connects to the
   * address checked (TLS still verifies the host name). Absent: connect as given (operator's).
   */
  egress?: EgressPolicy;
  /** Whose account this is (an inbox): a Drafts session kept open is never shared between owners. */
  sessionOwner?: string;
}

export interface ImapClientOptions {
  logger?: Logger;
  /** Default 30 s: a test button or a reconnect should not hang for imapflow's 90 s default. */
  connectionTimeoutMs?: number;
  disableAutoIdle?: boolean;
}

/** Resolves the credentials (refreshing an OAuth2 token when the account can) and builds a client. */
export async function createImapClient(account: ImapAccount, options: ImapClientOptions = {}): Promise<ImapFlow> {
  const token = account.getAccessToken
    ? await account.getAccessToken()
    : 'accessToken' in account.auth
      ? account.auth.accessToken
      : undefined;
  const pass = 'password' in account.auth ? account.auth.password : undefined;
  const target = account.egress
    ? await pinHost(account.host, account.egress)
    : { address: account.host, servername: undefined };
  return new ImapFlow({
    host: target.address,
    ...(target.servername ? { servername: target.servername } : {}),
    port: account.port,
    secure: account.secure,
    auth: token !== undefined ? { user: account.user, accessToken: token } : { user: account.user, pass },
    tls: { rejectUnauthorized: account.tlsRejectUnauthorized ?? true },
    logger: false,
    connectionTimeout: options.connectionTimeoutMs ?? 30_000,
    greetingTimeout: Math.min(options.connectionTimeoutMs ?? 16_000, 16_000),
    disableAutoIdle: options.disableAutoIdle ?? false,
    clientInfo: { name: 'snoooz' },
  });
}

/** The secrets of an account, for scrubbing server text. */
export function accountSecrets(account: ImapAccount): string[] {
  return 'password' in account.auth ? [account.auth.password] : [account.auth.accessToken];
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'GREETING_TIMEOUT',
  'UPGRADE_TIMEOUT',
  'ETIMEOUT',
  'NoConnection',
  'EConnectionClosed',
  'ClosedAfterConnectText',
  'ClosedAfterConnectTLS',
]);

export function toImapError(error: unknown, account: ImapAccount, secrets: string[] = []): MailError {
  if (error instanceof MailError) return error;
  const e = error as { code?: string; authenticationFailed?: boolean; responseText?: string } | null;
  const where = `${account.host}:${account.port}`;
  const scrub = [...accountSecrets(account), ...secrets];
  if (e?.authenticationFailed) {
    const detail = e.responseText ? `: ${safeLine(e.responseText, scrub).replace(/\.$/, '')}` : '';
    return new MailError(
      'imap_auth_failed',
      `IMAP login as ${account.user} at ${where} failed${detail}. ${CHECK_LOGIN}`,
      {
        cause: error,
      },
    );
  }
  const tls = tlsProblem('IMAP', where, error);
  if (tls) return new MailError('imap_tls_failed', tls, { cause: error });
  // One text for a refused address, a closed port and a timeout: the page must not tell them apart.
  if (e?.code === 'egress_refused') {
    return new MailError('imap_unavailable', couldNotConnect(where), { cause: error, retryable: false });
  }
  if (e?.code && UNREACHABLE.has(e.code)) {
    return new MailError('imap_unavailable', couldNotConnect(where), { cause: error });
  }
  const text = e?.responseText ?? describeError(error);
  return new MailError('imap_failed', `IMAP server ${where}: ${safeLine(text, scrub)}`, { cause: error });
}
