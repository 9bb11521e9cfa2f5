import type { Intent } from '../../types.js';

/**
 * One piece of evidence for an intent. Patterns run on normalised text (lower case, accents
 * removed, "ß" → "ss", straight apostrophes). Each pattern counts once per message.
 * Weights: 4 = unambiguous question, 3 = strong, 2 = medium, 1 = weak hint.
 */
export interface IntentPattern {
  intent: Intent;
  re: RegExp;
  weight: number;
}

export interface LanguagePatterns {
  patterns: readonly IntentPattern[];
  /**
   * Matched against the text of the same clause just before an action word ("refund", "stornieren"):
   * when it matches, the action is negated ("I don't want a refund") and does not count.
   */
  negation: readonly RegExp[];
}

/** Shorthand for building pattern lists. */
export function p(intent: Intent, weight: number, ...res: RegExp[]): IntentPattern[] {
  return res.map((re) => ({ intent, re, weight }));
}
