/**
 * Fact check for LLM drafts: every verifiable fact in the text must come from the customer's
 * context. We extract candidate facts (order numbers, tracking numbers, amounts, dates, status
 * names, product names, emails, phone numbers, URLs) and look each one up in what the store
 * data says. Anything not found is a violation, and the caller falls back to the built-in draft.
 *
 * Precision matters as much as recall: faithful prose ("within 24 hours", "in 2024", "2 items")
 * must pass, so only shapes that clearly state a fact are extracted. Extraction runs in a fixed
 * order and blanks out what it consumed, so a date is never re-read as an amount or a phone.
 */
import type { CustomerContext } from '../../context/types.js';
import { parseAmount } from './amounts.js';
import { extract, keyOf } from './extract.js';
import { allOrders, collectKnown, currencyCodesOf, type Known } from './known.js';
import { productKnown } from './products.js';
import { onDomain } from './text.js';
import type { Candidate, FactCheckExtra, FactCheckResult, FactViolation } from './types.js';

export { parseAmount } from './amounts.js';
export type { FactCheckExtra, FactCheckResult, FactKind, FactViolation } from './types.js';

export function checkFacts(text: string, context: CustomerContext, extra: FactCheckExtra = {}): FactCheckResult {
  const known = collectKnown(context, extra);
  const labels = allOrders(context).map((o) => o.status.label);
  const candidates = extract(text, currencyCodesOf(context), labels);
  const cited = citedOrders(candidates, context, known);
  const violations: FactViolation[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (isKnown(c, known, cited) || known.textKeys().has(`${c.kind}:${keyOf(c)}`)) continue;
    const key = `${c.kind}:${c.value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push({ kind: c.kind, value: c.value });
  }
  return { ok: violations.length === 0, violations };
}

/**
 * Statuses must belong to the orders the text talks about: the ones it names by number plus the
 * focus order. A text that names no order number may be about any of the sender's orders.
 */
function citedOrders(candidates: Candidate[], context: CustomerContext, known: Known): number[] {
  const named = candidates
    .filter((c): c is Extract<Candidate, { kind: 'order_number' }> => c.kind === 'order_number')
    .map((c) => Number(c.digits))
    .filter((id) => known.statusesByOrder.has(id));
  if (named.length === 0) return [...known.statusesByOrder.keys()];
  return [...new Set([...named, ...(context.focusOrder ? [context.focusOrder.id] : [])])];
}

function isKnown(c: Candidate, known: Known, cited: number[]): boolean {
  switch (c.kind) {
    case 'order_number':
      return known.orderIds.has(c.digits) || known.numbers.has(c.digits);
    case 'tracking_number':
      return known.tracking.has(c.token) || known.orderIds.has(c.token) || known.numbers.has(c.token);
    case 'amount':
      return c.cents.some(
        (cents) =>
          known.money.some((m) => m.cents === cents && (c.currencies === null || c.currencies.includes(m.currency))) ||
          [...known.numbers].some((n) => parseAmount(n).includes(cents)),
      );
    case 'date':
      return c.options.some((o) =>
        known.days.some((k) => k.m === o.m && (o.d === undefined || k.d === o.d) && (o.y === undefined || k.y === o.y)),
      );
    case 'status':
      if (c.claim === 'refund') return cited.some((id) => known.refundedOrders.has(id));
      if (c.claim === 'cancel') return cited.some((id) => known.cancelledOrders.has(id));
      return cited.some((id) => known.statusesByOrder.get(id)?.has(c.name) ?? false);
    case 'product':
      return productKnown(c, known);
    case 'email':
      return known.emails.has(c.address) || onDomain(c.address.split('@')[1] ?? '', known.domains);
    case 'phone':
      return (
        known.numbers.has(c.digits) ||
        known.phones.some(
          (p) => p === c.digits || (c.digits.length >= 7 && (p.endsWith(c.digits) || c.digits.endsWith(p))),
        )
      );
    case 'url':
      return known.urls.has(c.url) || onDomain(c.host, known.domains);
  }
}
