import { AppError } from '../../shared/errors.js';

/**
 * Stable codes for mail transport failures (the Inboxes page and the send job branch on them):
 * - *_auth_failed: the server refused the credentials (fix the password or reconnect OAuth)
 * - *_tls_failed: TLS could not be set up (wrong "Use TLS" for the port, untrusted certificate)
 * - *_unavailable: the server could not be reached or answered "try later" (retryable)
 * - smtp_rejected: the server refused the message for good (5xx), retrying will not help
 * - oauth_refresh_failed: the token endpoint refused the refresh token
 * - imap_failed: anything else the IMAP server refused
 */
export type MailErrorCode =
  | 'smtp_auth_failed'
  | 'smtp_tls_failed'
  | 'smtp_rejected'
  | 'smtp_unavailable'
  | 'imap_auth_failed'
  | 'imap_tls_failed'
  | 'imap_unavailable'
  | 'imap_failed'
  | 'oauth_refresh_failed'
  /** The provider refused the saved grant earlier: nothing logs in until an owner reconnects. */
  | 'oauth_needs_reconnect';

export class MailError extends AppError {
  declare readonly code: MailErrorCode;

  constructor(code: MailErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(code, message, { ...options, retryable: options.retryable ?? code.endsWith('_unavailable') });
    this.name = 'MailError';
  }
}

export function isMailError(error: unknown, code?: MailErrorCode): error is MailError {
  return error instanceof MailError && (code === undefined || error.code === code);
}

/**
 * One line of server text, safe to show: folded onto one line, cut short, and with every known
 * secret removed (a server may echo what it was sent, e.g. a failed AUTH line).
 */
export function safeLine(text: string, secrets: ReadonlyArray<string | null | undefined> = []): string {
  let line = text.replace(/\s+/g, ' ').trim();
  for (const secret of secrets) {
    if (secret && secret.length >= 4) line = line.split(secret).join('[redacted]');
  }
  // Base64 of "user\0password" (AUTH PLAIN) or of an XOAUTH2 string is as secret as the password.
  line = line.replace(/[A-Za-z0-9+/]{24,}={0,2}/g, '[redacted]');
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/**
 * What a tenant is told when the mail server cannot be reached, whatever the reason (refused by
 * the egress guard, closed port, timeout: the page must not tell them apart). A wrong "Use TLS"
 * for the port usually looks like this too (each side waits for the other), hence the hint.
 */
export function couldNotConnect(where: string): string {
  return `Could not connect to the mail server ${where}. Check the host, the port and the TLS setting.`;
}

/** What to do about a refused login; said after the server's own reason. */
export const CHECK_LOGIN = 'Check the user name and the password (an app password if your provider requires one).';

// Certificate problems as Node's TLS reports them (nodemailer keeps the code as `originalCode`).
const UNTRUSTED = 'is not signed by a trusted authority';
const CERTIFICATE_PROBLEMS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'is self-signed',
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'was issued for another host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT: UNTRUSTED,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: UNTRUSTED,
  CERT_UNTRUSTED: UNTRUSTED,
  CERT_SIGNATURE_FAILURE: UNTRUSTED,
  CERT_REVOKED: 'has been revoked',
};

const PLAIN_TEXT_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);

/** The TLS ports of each protocol and their STARTTLS counterparts, for the hint. */
const PORTS = { IMAP: { tls: 993, starttls: 143 }, SMTP: { tls: 465, starttls: 587 } } as const;

/**
 * A one-line, actionable text when `error` is a TLS failure (after a connection was made, so
 * nothing about unreachable hosts is revealed), else null. Codes, never message text, decide.
 */
export function tlsProblem(protocol: 'IMAP' | 'SMTP', where: string, error: unknown): string | null {
  const e = error as { code?: unknown; originalCode?: unknown } | null;
  const codes = [e?.code, e?.originalCode].filter((c): c is string => typeof c === 'string');
  const ports = PORTS[protocol];
  const certificate = codes.map((c) => CERTIFICATE_PROBLEMS[c]).find((p) => p !== undefined);
  if (certificate) {
    return (
      `The certificate of the mail server ${where} ${certificate}. ` +
      `Use the ${protocol} host name your provider gives (its certificate is issued for it).`
    );
  }
  // A TLS hello answered in plain text: "Use TLS" is on for a port that starts unencrypted.
  if (codes.some((c) => PLAIN_TEXT_CODES.has(c))) {
    return (
      `TLS with the mail server ${where} failed: the port and the TLS setting do not match. ` +
      `Use port ${ports.tls} with "Use TLS" on, or port ${ports.starttls} with it off (STARTTLS).`
    );
  }
  if (codes.some((c) => c.startsWith('ERR_SSL_'))) {
    return `TLS with the mail server ${where} failed (${codes.find((c) => c.startsWith('ERR_SSL_'))}). Check the TLS setting for this port.`;
  }
  return null;
}
