/**
 * Finding the reply the team actually sent to a past customer email, among the Sent folder's
 * messages: first by In-Reply-To (the customer's Message-ID), then by References, then by
 * subject ("Re: …") and recipient (the customer's address), sent after the email arrived.
 * When several match, the earliest reply after the email is the one that answered it.
 */
import { parseEmail, stripQuotedText, type ParsedEmail } from '../email/index.js';
import { normaliseSubjectForReply } from '../email/index.js';
import { sameEmail } from '../shared/email-identity.js';

export type MatchKind = 'in-reply-to' | 'references' | 'subject';

export interface SentReply {
  messageId: string;
  /** The newest part of the reply: the quoted customer email and the signature cut. */
  text: string;
  date: string | null;
  matchedBy: MatchKind;
}

export interface SentReplyLookup {
  find(email: { messageId: string; subject: string; fromAddress: string; date: string | null }): SentReply | null;
}

interface Indexed {
  email: ParsedEmail;
  text: string;
}

export async function parseSentReplies(raws: Iterable<{ raw: Buffer }>): Promise<ParsedEmail[]> {
  const out: ParsedEmail[] = [];
  for (const { raw } of raws) {
    try {
      out.push(await parseEmail(raw));
    } catch {
      // An unreadable message in Sent is not a reply we can compare with; skip it.
    }
  }
  return out;
}

const subjectKey = (subject: string) =>
  // "Re: <subject without any prefixes>" → the subject itself, for any stack of Re:/AW:/Fwd:.
  normaliseSubjectForReply(subject).slice(3).trim().toLowerCase();

export function createSentReplyLookup(sent: readonly ParsedEmail[]): SentReplyLookup {
  const byInReplyTo = new Map<string, Indexed[]>();
  const byReference = new Map<string, Indexed[]>();
  const bySubject = new Map<string, Indexed[]>();
  const push = (map: Map<string, Indexed[]>, key: string, value: Indexed) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const email of sent) {
    const entry = { email, text: stripQuotedText(email.text) };
    if (email.inReplyTo) push(byInReplyTo, email.inReplyTo.toLowerCase(), entry);
    for (const ref of email.references) push(byReference, ref.toLowerCase(), entry);
    push(bySubject, subjectKey(email.subject), entry);
  }

  function earliestAfter(list: Indexed[] | undefined, after: string | null): Indexed | null {
    if (!list?.length) return null;
    const candidates = list
      .filter((c) => !after || !c.email.date || c.email.date >= after)
      .sort((a, b) => (a.email.date ?? '').localeCompare(b.email.date ?? ''));
    return candidates[0] ?? null;
  }

  return {
    find(email) {
      const id = email.messageId.toLowerCase();
      const tries: Array<[MatchKind, Indexed | null]> = [
        ['in-reply-to', earliestAfter(byInReplyTo.get(id), null)],
        ['references', earliestAfter(byReference.get(id), null)],
      ];
      for (const [kind, hit] of tries) if (hit) return toReply(hit, kind);
      const to = email.fromAddress.trim();
      const sameSubject = bySubject
        .get(subjectKey(email.subject))
        ?.filter((c) => [...c.email.to, ...c.email.cc].some((addr) => sameEmail(addr, to)));
      const hit = to ? earliestAfter(sameSubject, email.date) : null;
      return hit ? toReply(hit, 'subject') : null;
    },
  };
}

function toReply(entry: Indexed, matchedBy: MatchKind): SentReply {
  return { messageId: entry.email.messageId, text: entry.text, date: entry.email.date, matchedBy };
}
