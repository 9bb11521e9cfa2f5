import { normaliseAddress } from './sender-address.js';

/** What a header rule found: the guard's code and a one-line reason naming the header. */
export interface HeaderFinding {
  code: 'auto_reply' | 'bulk' | 'mailer_daemon';
  reason: string;
}

/** Precedence values that mean "do not answer" (RFC 3834 §2 and long-standing practice). */
const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk']);

/** Header values are compared without comments ("auto-replied (vacation)") and case. */
function bare(value: string): string {
  return value
    .replace(/\([^()]*\)/g, ' ')
    .trim()
    .toLowerCase();
}

/** X-Autoreply / X-Autorespond mean yes unless they say otherwise explicitly. */
function isNegative(value: string): boolean {
  return ['no', 'false', '0', 'off'].includes(bare(value));
}

/**
 * Signs that a machine wrote the message: an auto-responder, a bounce, or an auto-generated
 * notice (RFC 3834). Answering any of them risks a mail loop.
 */
export function autoReplyFinding(headers: Record<string, string>): HeaderFinding | null {
  const returnPath = headers['return-path'];
  if (returnPath !== undefined && /^<\s*>$/.test(returnPath.trim())) {
    // A null envelope sender is how bounces and RFC 3834 auto-replies are sent.
    return { code: 'mailer_daemon', reason: 'Return-Path is empty (a bounce or automatic message)' };
  }
  const autoSubmitted = headers['auto-submitted'];
  if (autoSubmitted !== undefined && bare(autoSubmitted) !== '' && bare(autoSubmitted) !== 'no') {
    return { code: 'auto_reply', reason: `Auto-Submitted: ${autoSubmitted}` };
  }
  for (const [name, label] of [
    ['x-autoreply', 'X-Autoreply'],
    ['x-autorespond', 'X-Autorespond'],
  ] as const) {
    const value = headers[name];
    if (value !== undefined && !isNegative(value)) return { code: 'auto_reply', reason: `${label}: ${value}` };
  }
  const precedence = headers.precedence;
  if (precedence !== undefined && bare(precedence) === 'auto_reply') {
    return { code: 'auto_reply', reason: `Precedence: ${precedence}` };
  }
  return null;
}

/** Reply/forward prefixes a client may put before an auto-responder's own subject prefix. */
const REPLY_PREFIX = String.raw`(?:(?:re|aw|wg|fw|fwd|tr|rv|r|sv|antw)\s*(?:\[\d+\])?\s*:\s*)*`;
/**
 * The subject prefixes auto-responders write (Outlook, Gmail, Exchange, Apple Mail, in the four
 * languages we answer), when the server left out the RFC 3834 headers. Only at the start of the
 * subject and followed by ":" or the end, so a customer's own words ("out of office supplies?")
 * never match.
 */
const AUTO_REPLY_SUBJECT = new RegExp(
  String.raw`^\s*${REPLY_PREFIX}(?:` +
    [
      String.raw`out of (?:the )?office(?: reply| auto-?reply| notice)?`,
      String.raw`automatic reply`,
      String.raw`auto(?:matic)?[- ]?(?:reply|response|responder)`,
      String.raw`autoreply`,
      String.raw`vacation (?:reply|response|notice)`,
      String.raw`away from (?:the )?office`,
      String.raw`abwesenheitsnotiz`,
      String.raw`abwesenheit`,
      String.raw`automatische antwort`,
      String.raw`r(?:é|e)ponse automatique`,
      String.raw`absen(?:ce|t)(?: du bureau)?`,
      String.raw`message d'absence`,
      String.raw`respuesta autom(?:á|a)tica`,
      String.raw`fuera de (?:la )?oficina`,
      String.raw`ausencia(?: de la oficina)?`,
      String.raw`mensaje de ausencia`,
    ].join('|') +
    String.raw`)\s*(?::|$)`,
  'iu',
);

/** An auto-responder's subject ("Automatic reply: …", "Abwesenheitsnotiz: …", "Réponse automatique : …"). */
export function autoReplySubjectFinding(subject: string): HeaderFinding | null {
  const match = AUTO_REPLY_SUBJECT.exec(subject);
  if (!match) return null;
  return { code: 'auto_reply', reason: `subject says it is an automatic reply ("${subject.trim().slice(0, 80)}")` };
}

/**
 * Signs of list or bulk mail. A support address that is itself a Google Group (common on
 * Google Workspace) stamps List-Id, List-Unsubscribe and Precedence: list on every customer
 * message it passes on; its List-Id is the group address with "@" as "." and is not a reason.
 */
export function bulkFinding(headers: Record<string, string>, inboxAddresses: readonly string[]): HeaderFinding | null {
  if (isOwnGroupList(headers['list-id'], inboxAddresses)) return null;
  const precedence = headers.precedence;
  if (precedence !== undefined && BULK_PRECEDENCE.has(bare(precedence))) {
    return { code: 'bulk', reason: `Precedence: ${precedence}` };
  }
  if (headers['list-unsubscribe'] !== undefined) {
    return { code: 'bulk', reason: 'List-Unsubscribe header (mailing list)' };
  }
  if (headers['list-id'] !== undefined) return { code: 'bulk', reason: 'List-Id header (mailing list)' };
  return null;
}

function isOwnGroupList(listId: string | undefined, inboxAddresses: readonly string[]): boolean {
  if (listId === undefined) return false;
  const id = /<([^<>]+)>/.exec(listId)?.[1]?.trim().toLowerCase();
  if (!id) return false;
  return inboxAddresses.some((own) => normaliseAddress(own).replace('@', '.') === id);
}
