/**
 * Sends a built reply over the inbox's SMTP server (nodemailer) and retries what is worth
 * retrying. Errors come back as MailErrors: `smtp_unavailable` (4xx, connection trouble) is
 * retryable, `smtp_rejected` (5xx) and `smtp_auth_failed` are not.
 */
import nodemailer from 'nodemailer';
import { pinHost, type EgressPolicy } from '../../shared/egress.js';
import { describeError } from '../../shared/errors.js';
import { CHECK_LOGIN, MailError, couldNotConnect, isMailError, safeLine, tlsProblem } from './mail-error.js';

export interface SmtpAccount {
  host: string;
  port: number;
  /** Implicit TLS (465); false means STARTTLS when offered (587/25). */
  secure: boolean;
  user?: string;
  password?: string;
  /** OAuth2 (XOAUTH2) instead of a password. */
  accessToken?: string;
  /** Refuse to send unless STARTTLS succeeds (recommended on 587). */
  requireTLS?: boolean;
  tlsRejectUnauthorized?: boolean;
  /** Connection, greeting and socket timeout. Default 30 s. */
  timeoutMs?: number;
  /** A tenant's server: the host must pass the egress guard and is connected to as checked. */
  egress?: EgressPolicy;
}

export interface OutgoingMime {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  raw: Buffer | string;
}

export interface SendResult {
  /** The Message-ID of the sent message, with <>. */
  messageId: string | null;
  /** The server's answer to the message, e.g. "250 2.0.0 Ok: queued as 1234". */
  response: string;
}

export interface SmtpSender {
  send(mime: OutgoingMime): Promise<SendResult>;
  verify(): Promise<void>;
  close(): void;
}

export function createSmtpSender(account: SmtpAccount): SmtpSender {
  const timeout = account.timeoutMs ?? 30_000;
  const auth = account.accessToken
    ? { type: 'OAuth2' as const, user: account.user ?? '', accessToken: account.accessToken }
    : account.user
      ? { user: account.user, pass: account.password ?? '' }
      : undefined;
  const build = (host: string, servername: string | undefined) =>
    nodemailer.createTransport({
      host,
      ...(servername ? { servername } : {}),
      port: account.port,
      secure: account.secure,
      requireTLS: account.requireTLS ?? false,
      tls: { rejectUnauthorized: account.tlsRejectUnauthorized ?? true },
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
      logger: false,
      ...(auth ? { auth } : {}),
    });
  const secrets = [account.password, account.accessToken];
  let transport: ReturnType<typeof build> | null = null;
  // Resolved (and, for a tenant's server, checked by the egress guard) once per sender, then
  // every connection goes to that address; a failed resolution is tried again next time.
  let opening: Promise<ReturnType<typeof build>> | null = null;
  const open = (): Promise<ReturnType<typeof build>> =>
    (opening ??= (async () => {
      const target = account.egress
        ? await pinHost(account.host, account.egress)
        : { address: account.host, servername: undefined };
      transport = build(target.address, target.servername);
      return transport;
    })().catch((error: unknown) => {
      opening = null;
      throw error;
    }));

  return {
    async send(mime) {
      try {
        const info = await (await open()).sendMail({ envelope: { from: mime.from, to: mime.to }, raw: mime.raw });
        return { messageId: headerMessageId(mime.raw), response: String(info.response ?? '') };
      } catch (error) {
        throw toSmtpError(error, account, secrets);
      }
    },
    async verify() {
      try {
        await (await open()).verify();
      } catch (error) {
        throw toSmtpError(error, account, secrets);
      }
    },
    close: () => transport?.close(),
  };
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'ETLS']);

export function toSmtpError(error: unknown, account: SmtpAccount, secrets: Array<string | undefined> = []): MailError {
  if (isMailError(error)) return error;
  const e = error as { code?: string; responseCode?: number; response?: string } | null;
  const where = `${account.host}:${account.port}`;
  const said = e?.response ? `: ${safeLine(e.response, secrets)}` : '';
  if (e?.code === 'EAUTH' || e?.responseCode === 535 || e?.responseCode === 534) {
    return new MailError(
      'smtp_auth_failed',
      `SMTP login as ${account.user ?? '(none)'} at ${where} failed${said.replace(/\.$/, '')}. ${CHECK_LOGIN}`,
      { cause: error },
    );
  }
  const status = e?.responseCode ?? 0;
  if (status >= 500) {
    return new MailError('smtp_rejected', `SMTP server ${where} refused the message${said}.`, { cause: error });
  }
  if (status >= 400) {
    return new MailError('smtp_unavailable', `SMTP server ${where} asked to try later${said}.`, { cause: error });
  }
  // One text for a refused address, a closed port and a timeout: the page must not tell them apart.
  if (e?.code === 'egress_refused') {
    return new MailError('smtp_unavailable', couldNotConnect(where), { cause: error, retryable: false });
  }
  // Before the connection codes: nodemailer reports a TLS failure as ESOCKET or ETLS.
  const tls = tlsProblem('SMTP', where, error);
  if (tls) return new MailError('smtp_tls_failed', tls, { cause: error });
  if (e?.code && CONNECTION_CODES.has(e.code)) {
    return new MailError('smtp_unavailable', couldNotConnect(where), { cause: error });
  }
  return new MailError(
    'smtp_unavailable',
    `Sending through ${where} failed: ${safeLine(describeError(error), secrets)}`,
    {
      cause: error,
    },
  );
}

export interface RetryOptions {
  /** Total tries, the first included. Default 3. */
  attempts?: number;
  /** Delay before the second try; doubles each time (with jitter). Default 1 s. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  onRetry?: (error: MailError, attempt: number, delayMs: number) => void;
}

/**
 * Sends, retrying temporary failures with backoff. The last error is thrown as it is, so the
 * caller can mark the draft failed with `error.message` as the reason. A permanent refusal is
 * not retried: the same message would be refused again.
 */
export async function sendWithRetry(
  sender: SmtpSender,
  mime: OutgoingMime,
  options: RetryOptions = {},
): Promise<SendResult> {
  const attempts = Math.max(1, options.attempts ?? 3);
  const base = options.baseDelayMs ?? 1_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await sender.send(mime);
    } catch (error) {
      const mailError = isMailError(error) ? error : new MailError('smtp_unavailable', describeError(error));
      if (!mailError.retryable || attempt >= attempts) throw mailError;
      const ceiling = Math.min(options.maxDelayMs ?? 60_000, base * 2 ** (attempt - 1));
      const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      options.onRetry?.(mailError, attempt, delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function headerMessageId(raw: Buffer | string): string | null {
  const text =
    (typeof raw === 'string' ? raw : raw.subarray(0, 64 * 1024).toString('latin1')).split(/\r?\n\r?\n/, 1)[0] ?? '';
  return /^message-id:\s*(<[^>\r\n]+>)/im.exec(text)?.[1] ?? null;
}
