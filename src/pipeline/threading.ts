/**
 * Which conversation an incoming message belongs to. Conversations are per inbox.
 *
 * 1. Headers: the first id in References (the thread root), else In-Reply-To, else the message's
 *    own Message-ID (a new conversation).
 * 2. Subject fallback, only when the headers name no conversation we have in this inbox (none
 *    given, or they answer a message we never stored, such as our own sent reply): a message
 *    whose subject is a reply ("Re: …", "AW: …") joins the newest conversation of the same
 *    sender (same mailbox, shared/email-identity.ts) in the same inbox, started within the last
 *    30 days, whose normalised subject is the same. The sender must match: two customers who
 *    both write "Order status" are never put in one conversation.
 */
import type { Repositories } from '../db/index.js';
import type { ParsedEmail } from '../email/index.js';
import { sameEmail } from '../shared/email-identity.js';

export const SUBJECT_FALLBACK_DAYS = 30;

/** Reply markers of common mail clients and languages ("Re:", "RE[2]:", "AW:", "SV:", "Antw:"). */
const REPLY_PREFIX = /^\s*(?:re|aw|sv|vs|antw|odp|ref|rif|r)(?:\[\d+\])?\s*:\s*/i;
const FORWARD_PREFIX = /^\s*(?:fwd?|wg|tr|fw)\s*:\s*/i;

/** The conversation the headers name (the part that needs no lookup). */
export function threadKeyOf(email: Pick<ParsedEmail, 'references' | 'inReplyTo' | 'messageId'>): string {
  return email.references[0] ?? email.inReplyTo ?? email.messageId;
}

export function isReplySubject(subject: string): boolean {
  return REPLY_PREFIX.test(subject);
}

/** Reply and forward markers removed, white space collapsed, case folded: "RE: Re:  Order status" → "order status". */
export function normalizeSubject(subject: string): string {
  let rest = subject;
  for (;;) {
    const next = rest.replace(REPLY_PREFIX, '').replace(FORWARD_PREFIX, '');
    if (next === rest) break;
    rest = next;
  }
  return rest.replace(/\s+/g, ' ').trim().toLowerCase();
}

export async function resolveThreadKey(
  repos: Repositories,
  workspaceId: number,
  inboxId: number,
  email: Pick<ParsedEmail, 'references' | 'inReplyTo' | 'messageId' | 'subject' | 'from'>,
  now: Date = new Date(),
): Promise<string> {
  const byHeaders = threadKeyOf(email);
  const sender = email.from?.address ?? '';
  const topic = normalizeSubject(email.subject);
  if (!sender || !topic || !isReplySubject(email.subject)) return byHeaders;
  if (await repos.messages.threadExists(workspaceId, inboxId, byHeaders)) return byHeaders;
  const since = new Date(now.getTime() - SUBJECT_FALLBACK_DAYS * 86_400_000).toISOString();
  const candidates = await repos.messages.recentFromSender(workspaceId, inboxId, sender, since);
  const match = candidates.find((c) => sameEmail(c.fromAddress, sender) && normalizeSubject(c.subject) === topic);
  return match?.threadKey ?? byHeaders;
}
