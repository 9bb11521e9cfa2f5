/**
 * How close a reply a person sent is to the draft Snoooz wrote: a word-level similarity in 0..1
 * (jsdiff over word tokens, scored like difflib's ratio: 2 × shared words / all words).
 *
 * Both texts are normalised first: quoted history and the signature are cut (the caller passes
 * the stripper, normally `stripQuotedText` from src/email: this module may not import email/),
 * then case, Unicode forms, punctuation and whitespace are ignored, so re-wrapping a line or
 * adding a comma does not count as an edit, while changing a word, a number or a sentence does.
 *
 * Thresholds (documented in docs/architecture.md, "Trust: shadow mode and autonomy"):
 * - `UNCHANGED_THRESHOLD` 0.98: sent as drafted (a typo fixed at most);
 * - `SMALL_EDITS_THRESHOLD` 0.8: sent with small edits; counts as accepted for autonomy;
 * - below: rewritten.
 */
import { diffArrays } from 'diff';

export const UNCHANGED_THRESHOLD = 0.98;
export const SMALL_EDITS_THRESHOLD = 0.8;
/** Very long texts are compared on their first words only (a Myers diff is O(N·D)). */
const MAX_TOKENS = 4_000;

export type EditClass = 'unchanged' | 'small_edits' | 'rewritten';

export interface SimilarityOptions {
  /** Removes quoted history and signatures (pass `stripQuotedText` from src/email). */
  stripQuoted?: (text: string) => string;
}

/** The words a reply is compared on: lower-cased, NFKC, punctuation and spacing dropped. */
export function replyTokens(text: string, options: SimilarityOptions = {}): string[] {
  const stripped = options.stripQuoted ? options.stripQuoted(text) : text;
  const words =
    stripped
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+(?:['’.,\-/][\p{L}\p{N}]+)*/gu) ?? [];
  return words.slice(0, MAX_TOKENS);
}

/** 0..1; 1 when both are the same words in the same order (two empty texts are the same). */
export function replySimilarity(a: string, b: string, options: SimilarityOptions = {}): number {
  return tokenSimilarity(replyTokens(a, options), replyTokens(b, options));
}

export function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  let shared = 0;
  for (const change of diffArrays([...a], [...b])) {
    if (!change.added && !change.removed) shared += change.count ?? change.value.length;
  }
  const score = (2 * shared) / (a.length + b.length);
  return Math.round(score * 10_000) / 10_000;
}

export function classifySimilarity(score: number): EditClass {
  if (score >= UNCHANGED_THRESHOLD) return 'unchanged';
  if (score >= SMALL_EDITS_THRESHOLD) return 'small_edits';
  return 'rewritten';
}

/** Sent unchanged or with small edits: the draft was good enough to count towards autonomy. */
export function isAccepted(score: number): boolean {
  return score >= SMALL_EDITS_THRESHOLD;
}
