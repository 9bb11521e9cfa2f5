/** Statuses: BigCommerce's names, the store's labels, and claims that a refund or cancellation happened. */
import type { Candidate } from './types.js';
import { BoundedCache, escapeRe, isQuotedAt, isSentenceStart } from './text.js';

/** BigCommerce's 15 system status names. */
export const SYSTEM_STATUSES = [
  'Incomplete',
  'Pending',
  'Shipped',
  'Partially Shipped',
  'Refunded',
  'Cancelled',
  'Declined',
  'Awaiting Payment',
  'Awaiting Pickup',
  'Awaiting Shipment',
  'Completed',
  'Awaiting Fulfillment',
  'Manual Verification Required',
  'Disputed',
  'Partially Refunded',
];
export const REFUND_STATUS_IDS = new Set([4, 14]);
export const CANCEL_STATUS_IDS = new Set([5]);

/** System names plus the store's own labels seen in the context (custom_status). */
export function extractStatuses(text: string, labels: string[], out: Candidate[]): void {
  const names = new Set([...SYSTEM_STATUSES, ...labels.filter((l) => l.trim() !== '')]);
  for (const name of names) findStatus(text, name.trim(), out);
  extractActionClaims(text, out);
}

/**
 * Multi-word names are unmistakable in any case. Single words ("Shipped", "Pending") are also
 * plain verbs and adjectives, so they count only when quoted or capitalised mid-sentence.
 */
function findStatus(text: string, name: string, out: Candidate[]): void {
  const { pattern, multiWord } = statusPattern(name);
  for (const m of text.matchAll(pattern)) {
    if (!multiWord && !(isQuotedAt(text, m.index, m[0].length) || !isSentenceStart(text, m.index))) continue;
    out.push({ kind: 'status', value: m[0], name: name.toLowerCase() });
  }
}

/** The pattern for one status name, compiled once per name (store labels vary, so the cache is bounded). */
const STATUS_PATTERNS = new BoundedCache<string, { pattern: RegExp; multiWord: boolean }>(1000);
function statusPattern(name: string): { pattern: RegExp; multiWord: boolean } {
  const cached = STATUS_PATTERNS.get(name);
  if (cached) return cached;
  const multiWord = /\s/.test(name);
  const pattern = new RegExp(
    String.raw`(?<![\p{L}\d])${escapeRe(name).replace(/\s+/g, String.raw`\s+`)}(?![\p{L}\d])`,
    multiWord ? 'giu' : 'gu',
  );
  return STATUS_PATTERNS.set(name, { pattern, multiWord });
}

/** Claims that a refund or cancellation happened (or will): only true when the store data says so. */
function extractActionClaims(text: string, out: Candidate[]): void {
  for (const [pattern, claim] of CLAIMS) {
    for (const m of text.matchAll(pattern)) out.push({ kind: 'status', value: m[0], name: claim, claim });
  }
}

const CLAIMS: [RegExp, 'refund' | 'cancel'][] = [
  [
    /\b(?:has|have|had)\s+(?:already\s+|now\s+)?been\s+refunded\b|\b(?:was|were|is\s+now|will\s+be)\s+refunded\b/giu,
    'refund',
  ],
  [
    /\b(?:we|i)(?:['’]ve|\s+have)?\s+(?:already\s+|now\s+|just\s+)?(?:refunded|issued\s+(?:a|your|the)\s+(?:full\s+)?refund)\b/giu,
    'refund',
  ],
  [
    /\b(?:has|have|had)\s+(?:already\s+|now\s+)?been\s+cancell?ed\b|\b(?:was|were|is\s+now|will\s+be)\s+cancell?ed\b/giu,
    'cancel',
  ],
  [/\b(?:we|i)(?:['’]ve|\s+have)?\s+(?:already\s+|now\s+|just\s+)?cancell?ed\b/giu, 'cancel'],
  [
    /(?<!\bno\s)(?<![\p{L}])(?:ha|han|hemos|fue|fueron|será|serán)\s+(?:sido\s+)?reembolsad[oa]s?(?![\p{L}])/giu,
    'refund',
  ],
  [
    /(?<!\bno\s)(?<![\p{L}])(?:ha|han|hemos|fue|fueron|será|serán)\s+(?:sido\s+)?(?:cancelad[oa]s?|anulad[oa]s?)(?![\p{L}])/giu,
    'cancel',
  ],
  [
    /\b(?:wurde|wurden|wird|werden|haben|habe)\s+(?:(?!nicht\b|kein)[\p{L}]+\s+){0,4}?(?:zurück)?erstattet\b/giu,
    'refund',
  ],
  [/\b(?:wurde|wurden|wird|werden|haben|habe)\s+(?:(?!nicht\b|kein)[\p{L}]+\s+){0,4}?storniert\b/giu, 'cancel'],
  [
    /(?<![\p{L}])(?:a|ai|ont|avons|est|sont|sera|seront)\s+(?:bien\s+|déjà\s+)?(?:été\s+)?rembours[ée]e?s?(?![\p{L}])/giu,
    'refund',
  ],
  [
    /(?<![\p{L}])(?:a|ai|ont|avons|est|sont|sera|seront)\s+(?:bien\s+|déjà\s+)?(?:été\s+)?annul[ée]e?s?(?![\p{L}])/giu,
    'cancel',
  ],
];
