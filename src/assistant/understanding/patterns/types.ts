import type { Intent } from '../../types.js';

/**
 * One piece of evidence for an intent. Patterns run on normalised text (lower case, accents
 * removed, "ß" → "ss", straight apostrophes, common misspellings fixed). Each pattern counts once
 * per message. Weights: 4 = unambiguous question, 3 = strong, 2 = medium, 1 = weak hint.
 */
export interface IntentPattern {
  intent: Intent;
  re: RegExp;
  weight: number;
}

/**
 * A phrase whose words must not count as evidence for some intents: "was cancelled" reports a
 * cancellation that happened (a question about it, not a request); "do you ship to Canada?" is a
 * question about the store's policy, not about where their order is.
 */
export interface IntentMask {
  re: RegExp;
  intents: readonly Intent[];
}

export interface LanguagePatterns {
  patterns: readonly IntentPattern[];
  /**
   * Matched against the text of the same clause just before an action word ("refund", "stornieren"):
   * when it matches, the action is negated ("I don't want a refund") and does not count.
   */
  negation: readonly RegExp[];
  /** Matches of these phrases hide the listed intents' evidence inside them. */
  masks: readonly IntentMask[];
  /**
   * Common misspellings and missing apostrophes, fixed before matching ("havent recieved" →
   * "haven't received"). Applied to messages in this language only, so one language's fix never
   * breaks another's word ("oder" is a typo in English, a word in German).
   */
  typos: readonly (readonly [RegExp, string])[];
}

/** Shorthand for building pattern lists. */
export function p(intent: Intent, weight: number, ...res: RegExp[]): IntentPattern[] {
  return res.map((re) => ({ intent, re, weight }));
}

/** Shorthand for building mask lists. */
export function mask(intents: readonly Intent[], ...res: RegExp[]): IntentMask[] {
  return res.map((re) => ({ re, intents }));
}
