/** Reply similarity with src/email's quote and signature stripping (the assistant may not import email/). */
import { replySimilarity } from '../assistant/similarity.js';
import { stripQuotedText } from '../email/index.js';

/** Draft vs sent reply, 0..1, on the newest part of each (see assistant/similarity.ts). */
export function compareReplies(draft: string, sent: string): number {
  return replySimilarity(draft, sent, { stripQuoted: stripQuotedText });
}
