import { ACTION_REQUEST_INTENTS, type Intent, type Language } from '../types.js';
import { detectLanguage } from './language.js';
import { normalize } from './normalize.js';
import { PATTERNS, type IntentPattern, type LanguagePatterns } from './patterns/index.js';

/**
 * Intent detection by scored patterns. Every pattern of the message's language (and, at half
 * weight, the English ones, because "tracking" and "refund" turn up in every language) adds its
 * weight once. Then:
 * 1. an action request (refund, cancellation, return/exchange) with enough evidence wins over
 *    everything else, so "I want a refund, the tracking says delivered" is a refund request;
 *    a negated one ("I don't want to cancel") does not count;
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

/** Evidence per intent for one piece of text. */
export function scoreIntents(text: string, language: Language): IntentScores {
  const normalized = normalize(text);
  const scores: IntentScores = {};
  const sets: [LanguagePatterns, number][] = [[PATTERNS[language], 1]];
  if (language !== 'en') sets.push([PATTERNS.en, 0.5]);
  for (const [set, factor] of sets) {
    for (const pattern of set.patterns) {
      if (!matches(normalized, pattern, set.negation)) continue;
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

function matches(normalized: string, pattern: IntentPattern, negation: readonly RegExp[]): boolean {
  const global = globalOf(pattern.re);
  const isAction = ACTION_REQUEST_INTENTS.includes(pattern.intent);
  for (const match of normalized.matchAll(global)) {
    if (!isAction || !negated(normalized, match.index, negation)) return true;
  }
  return false;
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
