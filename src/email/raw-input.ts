import { InputError } from '../shared/errors.js';

/**
 * Gmail accepts inbound messages up to 50 MB, so nothing larger reaches a merchant's mailbox
 * through a mainstream provider; the cap keeps one bad upload from exhausting memory.
 */
export const DEFAULT_MAX_EMAIL_BYTES = 50 * 1024 * 1024;

/** mailparser's own limit for a header section; the same bound keeps our pre-check linear. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Names that only a mail message carries at the top. One of them must be present, so a stray
 * "key: value" text file or a JSON snippet is not mistaken for an email.
 */
const MESSAGE_HEADER_NAMES = new Set([
  'from',
  'sender',
  'to',
  'cc',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'received',
  'return-path',
  'delivered-to',
  'mime-version',
  'content-type',
]);

/** A header field name is printable US-ASCII without the colon (RFC 5322 §2.2). */
const FIELD_LINE = /^([!-9;-~]+)[ \t]*:/;
/** An mbox export starts each message with an envelope line ("From sender date"), not a header. */
const MBOX_ENVELOPE = /^From [^\r\n]*$/;

export function toBuffer(raw: Buffer | string): Buffer {
  return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
}

export function resolveMaxBytes(maxBytes: number | undefined): number {
  if (maxBytes === undefined) return DEFAULT_MAX_EMAIL_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) {
    throw new InputError('invalid_option', 'maxBytes must be a positive number of bytes');
  }
  return maxBytes;
}

export function assertWithinSize(bytes: Buffer, maxBytes: number): void {
  if (bytes.length > maxBytes) {
    throw new InputError(
      'email_too_large',
      `Email is ${formatMegabytes(bytes.length)}, over the ${formatMegabytes(maxBytes)} limit`,
    );
  }
}

/**
 * mailparser accepts any bytes and returns an empty message for garbage, so the decision
 * "is this an email at all" is made here, from the header section alone: it must start with a
 * header line, contain no binary data, and name at least one message header.
 */
export function assertLooksLikeEmail(bytes: Buffer): void {
  const head = headerSection(bytes);
  if (head.trim() === '') throw invalid('the input is empty');
  if (hasControlCharacter(head)) throw invalid('the header section contains binary data');

  const lines = head.split(/\r?\n/);
  if (lines[0] !== undefined && MBOX_ENVELOPE.test(lines[0]) && !FIELD_LINE.test(lines[0])) lines.shift();
  if (!FIELD_LINE.test(lines[0] ?? '')) throw invalid('it does not start with a header line such as "From: …"');

  const hasMessageHeader = lines.some((line) => {
    const name = FIELD_LINE.exec(line)?.[1]?.toLowerCase();
    return name !== undefined && MESSAGE_HEADER_NAMES.has(name);
  });
  if (!hasMessageHeader) throw invalid('no message headers found (From, To, Subject, Date, Message-ID, …)');
}

/** The bytes before the first empty line, as Latin-1 so every byte maps to one character. */
function headerSection(bytes: Buffer): string {
  const window = bytes.subarray(0, MAX_HEADER_BYTES + 4).toString('latin1');
  const end = window.search(/\r?\n\r?\n/);
  if (end >= 0) return window.slice(0, end);
  if (bytes.length > MAX_HEADER_BYTES) throw invalid('no end of the header section in the first 1 MB');
  return window;
}

/** Control characters other than tab, CR and LF never appear in real headers: binary data does. */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

function invalid(why: string): InputError {
  return new InputError('invalid_email', `Not an email: ${why}`);
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${mb >= 10 ? mb.toFixed(0) : mb.toFixed(1)} MB`;
}
