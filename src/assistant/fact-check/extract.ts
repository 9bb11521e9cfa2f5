/**
 * Extraction runs in a fixed order and blanks out what it consumed, so a date is never re-read as
 * an amount or a phone: links and emails, dates, amounts, order numbers, phones and tracking
 * numbers; then statuses and products on the original text.
 */
import { extractAmounts } from './amounts.js';
import { extractDates } from './dates.js';
import { extractLinks, extractOrderNumbers, extractPhonesAndTracking } from './identifiers.js';
import { extractProducts } from './products.js';
import { extractStatuses } from './statuses.js';
import { normaliseName, Scanner } from './text.js';
import type { Candidate } from './types.js';

export function extract(text: string, currencyCodes: string[], statusLabels: string[] = []): Candidate[] {
  const out: Candidate[] = [];
  const s = new Scanner(text);
  extractLinks(s, out);
  extractDates(s, out);
  extractAmounts(s, out, currencyCodes);
  extractOrderNumbers(s, out);
  extractPhonesAndTracking(s, out);
  extractStatuses(text, statusLabels, out);
  extractProducts(text, out);
  return out;
}

/** A comparable key, so facts found in allowed text can be matched against facts in the draft. */
export function keyOf(c: Candidate): string {
  switch (c.kind) {
    case 'order_number':
      return c.digits;
    case 'tracking_number':
      return c.token;
    case 'amount':
      return c.cents.join('|');
    case 'date':
      return c.options.map((o) => `${o.y ?? ''}-${o.m}-${o.d ?? ''}`).join('|');
    case 'status':
      return c.claim ?? c.name;
    case 'product':
      return normaliseName(c.value);
    case 'email':
      return c.address;
    case 'phone':
      return c.digits;
    case 'url':
      return c.url;
  }
}
