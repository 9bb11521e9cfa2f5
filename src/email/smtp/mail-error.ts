import { AppError } from '../../shared/errors.js';

/**
 * Stable codes for mail transport failures (the Inboxes page and the send job branch on them):
 * - *_auth_failed: the server refused the credentials (fix the password or reconnect OAuth)
 * - *_unavailable: the server could not be reached or answered "try later" (retryable)
 * - smtp_rejected: the server refused the message for good (5xx), retrying will not help
 * - oauth_refresh_failed: the token endpoint refused the refresh token
 * - imap_failed: anything else the IMAP server refused
 */
export type MailErrorCode =
  | 'smtp_auth_failed'
  | 'smtp_rejected'
  | 'smtp_unavailable'
  | 'imap_auth_failed'
  | 'imap_unavailable'
  | 'imap_failed'
  | 'oauth_refresh_failed';

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

/** What a tenant is told when the mail server cannot be reached, whatever the reason. */
export function couldNotConnect(where: string): string {
  return `Could not connect to the mail server ${where}.`;
}
