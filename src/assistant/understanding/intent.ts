import { ACTION_REQUEST_INTENTS, type Intent, type Language } from '../types.js';
import { injectedRanges, within, type Range } from './injection.js';
import { detectLanguage } from './language.js';
import { normalize } from './normalize.js';
import { PATTERNS, type IntentPattern, type LanguagePatterns } from './patterns/index.js';

/**
 * Intent detection by scored patterns. The text is normalised and the message language's common
 * misspellings fixed ("havent recieved" → "haven't received"). Every pattern of the message's
 * language (and, at half weight, the English ones, because "tracking" and "refund" turn up in every
 * language) adds its weight once, except where:
 * - a negation comes just before an action word ("I don't want to cancel");
 * - a mask hides it: a reported action ("was cancelled") or a store-policy question ("do you ship
 *   to Canada?") is not evidence of a request or of a question about their order;
 * - it sits in a sentence that reads as an instruction to an AI ("ignore previous instructions",
 *   "reveal the notes"): injected text never decides the intent;
 * - an English pattern matches words a pattern of the message's language already counted for the
 *   same intent ("confirmation" is French and English: it counts once).
 * Then:
 * 1. an action request (refund, cancellation, return/exchange) with enough evidence wins over
 *    everything else, so "I want a refund, the tracking says delivered" is a refund request;
 * 2. otherwise the highest-scoring question wins; ties go to the more specific intent.
 */

export type IntentScores = Partial<Record<Intent, number>>;

/** The least evidence an action request needs; a lone "returned" (weight 1) is not a request. */
const ACTION_THRESHOLD = 2;
/** Tie order among action requests: cancel before return before refund ("return it for a refund" is a return). */
const ACTION_PRIORITY: readonly Intent[] = ['cancel_request', 'return_request', 'refund_request'];
/** Tie order among questions: the more specific first. */
const QUESTION_PRIORITY: readonly Intent[] = [
  'order_items',
  'payment_status',
  'customer_info',
  'shipping_tracking',
  'order_status',
  'order_help',
];

/** A mention such as "#5114", "order 5114", "Bestellung 5114", "pedido 5114", "commande 5114". */
const ORDER_REFERENCE =
  /(?:#|\bn[o°º]\.? ?|\b(?:order|bestellung|pedido|orden|commande) (?:(?:no|nr|n°|number|nummer|numero|de) ?)?)\d{3,}/i;

interface Span extends Range {
  intent: Intent;
}

/** The normalised text with the language's misspellings fixed. */
export function prepare(text: string, language: Language): string {
  let out = normalize(text);
  for (const [re, replacement] of PATTERNS[language].typos) out = out.replace(re, replacement);
  return out;
}

/** Evidence per intent for one piece of text. */
export function scoreIntents(text: string, language: Language): IntentScores {
  const prepared = prepare(text, language);
  const injected = injectedRanges(prepared);
  const sets: [LanguagePatterns, number][] = [[PATTERNS[language], 1]];
  if (language !== 'en') sets.push([PATTERNS.en, 0.5]);
  const masked = sets.flatMap(([set]) => maskedSpans(prepared, set));
  const counted: Span[] = [];
  const scores: IntentScores = {};
  for (const [set, factor] of sets) {
    const native = factor === 1;
    for (const pattern of set.patterns) {
      const span = firstCounted(prepared, pattern, set.negation, (start, end) => {
        if (within(injected, start) || masked.some((m) => m.intent === pattern.intent && overlaps(m, start, end)))
          return false;
        return native || !counted.some((c) => c.intent === pattern.intent && overlaps(c, start, end));
      });
      if (!span) continue;
      if (native) counted.push(span);
      scores[pattern.intent] = (scores[pattern.intent] ?? 0) + pattern.weight * factor;
    }
  }
  return scores;
}

/** The intent the scores point to, or null when nothing matched. */
export function pickIntent(scores: IntentScores): Intent | null {
  const action = best(scores, ACTION_PRIORITY);
  if (action && (scores[action] ?? 0) >= ACTION_THRESHOLD) return action;
  return best(scores, QUESTION_PRIORITY);
}

/**
 * The intent of one piece of text (usually the newest part of the body). With no evidence, a
 * mentioned order number makes it a request for help with that order; otherwise "other".
 */
export function detectIntent(text: string, language?: Language): Intent {
  const picked = pickIntent(scoreIntents(text, language ?? detectLanguage(text)));
  if (picked) return picked;
  return ORDER_REFERENCE.test(text) ? 'order_help' : 'other';
}

function best(scores: IntentScores, priority: readonly Intent[]): Intent | null {
  let winner: Intent | null = null;
  for (const intent of priority) {
    const score = scores[intent] ?? 0;
    if (score > 0 && (winner === null || score > (scores[winner] ?? 0))) winner = intent;
  }
  return winner;
}

function maskedSpans(text: string, set: LanguagePatterns): Span[] {
  const out: Span[] = [];
  for (const m of set.masks) {
    for (const match of text.matchAll(globalOf(m.re))) {
      const end = match.index + match[0].length;
      for (const intent of m.intents) out.push({ intent, start: match.index, end });
    }
  }
  return out;
}

function overlaps(range: Range, start: number, end: number): boolean {
  return start < range.end && end > range.start;
}

/** The first match of `pattern` that counts (not negated, accepted by `accept`), or null. */
function firstCounted(
  text: string,
  pattern: IntentPattern,
  negation: readonly RegExp[],
  accept: (start: number, end: number) => boolean,
): Span | null {
  const isAction = ACTION_REQUEST_INTENTS.includes(pattern.intent);
  for (const match of text.matchAll(globalOf(pattern.re))) {
    const start = match.index;
    const end = start + Math.max(1, match[0].length);
    if (isAction && negated(text, start, negation)) continue;
    if (accept(start, end)) return { intent: pattern.intent, start, end };
  }
  return null;
}

/** Whether the words just before `index`, within the same clause, negate what follows. */
function negated(normalized: string, index: number, negation: readonly RegExp[]): boolean {
  const before = normalized.slice(Math.max(0, index - 60), index);
  const clause = before.split(/[.,;:!?()\n]/).pop() ?? '';
  return negation.some((re) => re.test(clause));
}

const GLOBAL = new WeakMap<RegExp, RegExp>();

/** A global copy of `re` for matchAll, compiled once. */
function globalOf(re: RegExp): RegExp {
  let global = GLOBAL.get(re);
  if (!global) {
    global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`);
    GLOBAL.set(re, global);
  }
  return global;
}
