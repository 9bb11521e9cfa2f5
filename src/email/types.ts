/** A mailbox as written in a header: the address trimmed, its case kept, the display name decoded. */
export interface MailAddress {
  address: string;
  name: string | null;
}

/** An attachment is kept as metadata only: the pipeline never needs its bytes. */
export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  size: number;
}

export interface ParsedEmail {
  /** From the header, without <>, or a stable 'sha256-…@snoooz.local' hash of the raw bytes when missing. */
  messageId: string;
  hasMessageId: boolean;
  inReplyTo: string | null;
  references: string[];
  /** Decoded, '' when missing. */
  subject: string;
  from: MailAddress | null;
  replyTo: MailAddress | null;
  to: string[];
  cc: string[];
  /** ISO 8601, or null when the Date header is missing or unreadable. */
  date: string | null;
  /** The full plain text (converted from the HTML part when there is no text part). */
  text: string;
  html: string | null;
  /** The newest part only: quoted history, forwarded blocks and signature stripped. */
  newestText: string;
  attachments: AttachmentInfo[];
  /** Lower-cased names → first raw value, only the headers the guard and threading read, and a few useful ones. */
  headers: Record<string, string>;
  sizeBytes: number;
}

export interface ParseEmailOptions {
  /** Larger messages are rejected with `email_too_large` before any parsing. */
  maxBytes?: number;
}

export type LoopGuardCode =
  'auto_reply' | 'bulk' | 'mailer_daemon' | 'no_reply_sender' | 'own_address' | 'no_sender' | 'forwarding_confirmation';

export type LoopGuardResult = { skip: false } | { skip: true; reason: string; code: LoopGuardCode };

export interface LoopGuardOptions {
  /** The inbox's own addresses (any case); mail from them is never answered. */
  inboxAddresses: string[];
}
