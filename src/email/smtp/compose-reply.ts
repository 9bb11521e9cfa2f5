/**
 * Builds the reply a customer receives: a proper RFC 5322 reply (Re: subject, In-Reply-To,
 * References) with a text and an HTML part, from the inbox address. The Message-ID is derived
 * from the draft id, so a retried send carries the same id and the receiving side (and our own
 * IMAP copy) can recognise it as one message.
 */
import { createHash } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { normaliseSubjectForReply } from '../subject.js';

export interface ReplyAddress {
  address: string;
  name?: string | null;
}

export interface BuildReplyInput {
  from: ReplyAddress;
  to: ReplyAddress | string | Array<ReplyAddress | string>;
  /** The subject of the message being answered; "Re:" is added once. */
  subject: string;
  /** The Message-ID being answered (with or without <>). */
  inReplyTo: string | null;
  /** The original's References; the original Message-ID is appended when missing. */
  references?: string[];
  text: string;
  /** Generated from `text` when absent. */
  html?: string;
  /** The workspace signature, added to both parts unless the text already ends with it. */
  signature?: string | null;
  draftId: number | string;
  /** True when a rule sent it without a person approving (RFC 3834 Auto-Submitted). */
  autoSubmitted?: boolean;
  date?: Date;
}

export interface ReplyMime {
  raw: Buffer;
  /** With <>. */
  messageId: string;
  subject: string;
  /** Envelope sender and recipients, ready for `send()`. */
  from: string;
  to: string[];
}

/** RFC 5322 suggests keeping References short; the first id (the thread root) and the latest matter most. */
const MAX_REFERENCES = 20;

export async function buildReplyMime(input: BuildReplyInput): Promise<ReplyMime> {
  const to = (Array.isArray(input.to) ? input.to : [input.to]).map((a) =>
    typeof a === 'string' ? { address: a, name: null } : a,
  );
  if (to.length === 0) throw new Error('A reply needs a recipient.');
  const inReplyTo = input.inReplyTo ? bracket(input.inReplyTo) : null;
  const references = threadReferences(input.references ?? [], inReplyTo);
  const messageId = draftMessageId(input.draftId, input.from.address, inReplyTo);
  const subject = normaliseSubjectForReply(input.subject);
  const { text, html } = withSignature(input.text, input.html ?? textToHtml(input.text), input.signature);

  const headers: Record<string, string> = { 'X-Snoooz-Draft-Id': String(input.draftId) };
  if (input.autoSubmitted) {
    headers['Auto-Submitted'] = 'auto-replied';
    // Asks Exchange/Outlook not to answer with out-of-office notices: no reply loops.
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  const composer = new MailComposer({
    from: { address: input.from.address, name: input.from.name ?? '' },
    to: to.map((a) => ({ address: a.address, name: a.name ?? '' })),
    subject,
    messageId,
    ...(inReplyTo ? { inReplyTo } : {}),
    ...(references.length > 0 ? { references } : {}),
    date: input.date ?? new Date(),
    text,
    html,
    headers,
    textEncoding: 'quoted-printable',
  });
  const raw = await composer.compile().build();
  return { raw, messageId, subject, from: input.from.address, to: to.map((a) => a.address) };
}

/** `<draft-{id}.{hash}@{domain}>`: stable per draft and reply target, unique across inboxes. */
export function draftMessageId(draftId: number | string, fromAddress: string, inReplyTo: string | null): string {
  const hash = createHash('sha256')
    .update(`${draftId}\n${fromAddress.toLowerCase()}\n${inReplyTo ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  const domain = fromAddress.split('@').pop()?.toLowerCase() || 'snoooz.local';
  const safeId = String(draftId).replace(/[^A-Za-z0-9_-]/g, '');
  return `<draft-${safeId}.${hash}@${domain}>`;
}

function bracket(id: string): string {
  const bare = id.trim().replace(/^<|>$/g, '');
  return `<${bare}>`;
}

function threadReferences(references: string[], inReplyTo: string | null): string[] {
  const ids: string[] = [];
  for (const id of [...references, ...(inReplyTo ? [inReplyTo] : [])]) {
    const b = bracket(id);
    if (b !== '<>' && !ids.includes(b)) ids.push(b);
  }
  return ids.length > MAX_REFERENCES ? [ids[0]!, ...ids.slice(-(MAX_REFERENCES - 1))] : ids;
}

function withSignature(
  text: string,
  html: string,
  signature: string | null | undefined,
): { text: string; html: string } {
  const sig = (signature ?? '').replace(/\r\n?/g, '\n').trim();
  const body = text.replace(/\r\n?/g, '\n').trimEnd();
  // The built-in composer already signs its drafts; never sign twice.
  if (!sig || body.endsWith(sig)) return { text: `${body}\n`, html };
  return {
    text: `${body}\n\n-- \n${sig}\n`,
    html: `${html}\n<div class="signature">-- <br>${escapeHtml(sig).replace(/\n/g, '<br>\n')}</div>`,
  };
}

/** Plain text → simple HTML: escaped, blank lines make paragraphs, URLs become links. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${linkify(p).replace(/\n/g, '<br>\n')}</p>`);
  return `<div dir="auto">\n${paragraphs.join('\n')}\n</div>`;
}

/** URLs are found in the raw text, then every piece is escaped; trailing punctuation stays outside the link. */
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]*[^\s<>".,;:!?)'\]]/g;

function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0];
    const at = match.index ?? 0;
    out += escapeHtml(text.slice(last, at)) + `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>`;
    last = at + url.length;
  }
  return out + escapeHtml(text.slice(last));
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
