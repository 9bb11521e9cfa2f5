import { createHash } from 'node:crypto';

/** Every `<…>` id in a Message-ID, In-Reply-To or References value, without the brackets. */
export function extractMessageIds(value: string): string[] {
  const bracketed = [...value.matchAll(/<([^<>]*)>/g)];
  if (bracketed.length > 0) {
    // "<>" is an empty id, i.e. none; folding may have put whitespace inside a long id.
    return bracketed.map((match) => (match[1] ?? '').replace(/\s+/g, '')).filter((id) => id !== '');
  }
  // Some senders omit the brackets; comments "(…)" are never part of an id.
  return value
    .replace(/\([^()]*\)/g, ' ')
    .split(/[\s,<>]+/)
    .filter((id) => id !== '');
}

export function firstMessageId(value: string | undefined): string | null {
  return value === undefined ? null : (extractMessageIds(value)[0] ?? null);
}

/**
 * The id for a message that has none: a hash of its bytes, so a second delivery of the same
 * message gets the same id and is stored once. Line endings are normalised first because the
 * same message arrives with CRLF over SMTP and IMAP but often with LF from a file or an API.
 */
export function stableMessageId(bytes: Buffer): string {
  const normalised = Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
  return `sha256-${createHash('sha256').update(normalised).digest('hex')}@snoooz.local`;
}
