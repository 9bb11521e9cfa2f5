/**
 * Evidence: which store facts a draft states, and where. Every fact of the context is looked for
 * in the draft in the forms a reply writes it: order references ("#5114", "Nr. 5114"), status
 * labels and their plain words, dates and amounts as the built-in composer formats them (its own
 * formatters, in all four reply languages, so an LLM draft in any of them is covered too),
 * tracking numbers and links, carriers, item names, SKUs, quantities and options, and the
 * customer's name, email, masked phone and company. Pure and fast: plain string search, no I/O.
 */
import { createHash } from 'node:crypto';
import type { ContextOrder, ContextShipment, CustomerContext } from '../../context/types.js';
import { sameEmail } from '../../shared/email-identity.js';
import type { Money } from '../../shared/store-data.js';
import { createFormatter, type Formatter } from '../builtin/format.js';
import { phrasesFor, type Phrases } from '../builtin/i18n/index.js';
import { clean } from '../builtin/sections/common.js';
import { LANGUAGES, type Language } from '../types.js';
import type { Evidence, EvidenceFact, EvidenceRecord, Span, WithheldField } from './types.js';

interface Locale {
  p: Phrases;
  f: Formatter;
}

interface Needle {
  text: string;
  /** Case-insensitive (sentences whose first word a greeting may lower-case). */
  ci?: boolean;
  /** Only these parts [from, to) of the match are the fact (e.g. the status at the end of a line). */
  parts?: Span[];
  /** Only as a whole word: no letter or digit right before or after it. */
  boundary?: boolean;
}

const WORD = /[\p{L}\p{N}]/u;

export function collectEvidence(draftText: string, context: CustomerContext, withheld: WithheldField[]): Evidence {
  const search = new Search(draftText);
  const locales: Locale[] = LANGUAGES.map((language: Language) => ({
    p: phrasesFor(language),
    f: createFormatter(language, context.store?.timezone),
  }));
  const facts = new Map<string, EvidenceFact>();
  const add = (
    record: EvidenceRecord,
    recordId: number | string | null,
    field: string,
    value: string | null | undefined,
    needles: ReadonlyArray<Needle | string | null | undefined>,
  ): void => {
    const v = clean(value);
    if (!v) return;
    const spans = search.find(needles);
    if (spans.length === 0) return;
    const key = `${record}\u0000${String(recordId)}\u0000${field}\u0000${v}`;
    const existing = facts.get(key);
    facts.set(key, { record, recordId, field, value: v, spans: mergeSpans([...(existing?.spans ?? []), ...spans]) });
  };

  // Customer.
  const c = context.customer;
  if (c) {
    const full = clean(`${c.firstName} ${c.lastName}`);
    add('customer', c.id, 'name', full, [word(full)]);
    add('customer', c.id, 'firstName', c.firstName, [word(c.firstName)]);
    add('customer', c.id, 'email', c.email, [{ text: clean(c.email), ci: true }]);
    add('customer', c.id, 'company', c.company, [word(c.company)]);
    const digits = (c.phone ?? '').replace(/\D/g, '');
    if (digits.length >= 6) {
      add('customer', c.id, 'phone', c.phone, [
        word(c.phone),
        ...locales.map((l) => l.p.phoneEnding(digits.slice(-4))),
      ]);
    }
  } else if (context.senderName) {
    const n = context.senderName;
    const full = clean(`${n.firstName} ${n.lastName}`);
    add('customer', null, 'name (from the latest order)', full, [word(full)]);
    add('customer', null, 'firstName (from the latest order)', n.firstName, [word(n.firstName)]);
  }
  if (!c || !sameEmail(clean(c.email), context.senderEmail)) {
    add('customer', c?.id ?? null, 'email', context.senderEmail, [{ text: context.senderEmail, ci: true }]);
  }

  // Store.
  if (context.store) add('store', context.store.hash, 'name', context.store.name, [word(context.store.name)]);

  // Orders, their shipments and items.
  const orders = [...context.orders];
  if (context.focusOrder && !orders.some((o) => o.id === context.focusOrder?.id)) orders.push(context.focusOrder);
  for (const order of orders) orderFacts(order, locales, add);
  for (const id of context.unmatchedOrderNumbers) {
    add('order', id, 'order number (not found for this sender)', `#${id}`, orderRefNeedles(id, locales));
  }

  const list = [...facts.values()].sort((a, b) => (a.spans[0]?.[0] ?? 0) - (b.spans[0]?.[0] ?? 0));
  return { fetchedAt: context.fetchedAt, textDigest: textDigest(draftText), facts: list, withheld: [...withheld] };
}

/** Which text an evidence's spans refer to (see `Evidence.textDigest`). */
export function textDigest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 32);
}

type Add = (
  record: EvidenceRecord,
  recordId: number | string | null,
  field: string,
  value: string | null | undefined,
  needles: ReadonlyArray<Needle | string | null | undefined>,
) => void;

function orderFacts(order: ContextOrder, locales: Locale[], add: Add): void {
  const id = order.id;
  add('order', id, 'order number', `#${id}`, orderRefNeedles(id, locales));

  // Status: the store's label (quoted or bare) and the plain words for its id, in every language.
  const label = clean(order.status.label);
  const name = clean(order.status.name);
  const statusValue = label && name && label !== name ? `${label} (${name})` : label || name;
  const statusNeedles: Array<Needle | string | null> = [];
  for (const { p, f } of locales) {
    const ref = p.orderRef(id);
    const phrases = p.status[order.status.id];
    if (phrases) {
      statusNeedles.push(around(phrases.sentence(ref), ref), { text: phrases.meaning, ci: true });
      // In a list of orders: "#5112 from 2 November 2026: shipped" (only the status part is the fact).
      const short = label && label !== name ? `${p.quote(label)} (${phrases.short})` : phrases.short;
      const line = p.recentOrderLine(ref, f.date(order.dateCreated), short);
      statusNeedles.push({ text: line, parts: [[line.length - short.length, line.length]] });
    }
    if (label) statusNeedles.push(around(p.statusLabelled(ref, label), ref), p.quote(label));
  }
  if (label.length >= 3) statusNeedles.push(word(label));
  if (name.length >= 3 && name !== label) statusNeedles.push(word(name));
  statusNeedles.push({ text: clean(order.status.explanation), ci: true });
  add('order', id, 'status', statusValue, statusNeedles);

  add('order', id, 'dateCreated', order.dateCreated, dateNeedles(order.dateCreated, locales));
  add('order', id, 'dateShipped', order.dateShipped, dateNeedles(order.dateShipped, locales));
  const amounts: Array<[string, Money]> = [
    ['total', order.total],
    ['subtotal', order.subtotal],
    ['shippingCost', order.shippingCost],
    ['tax', order.tax],
  ];
  if (Number(order.refundedAmount.amount) > 0) amounts.push(['refundedAmount', order.refundedAmount]);
  for (const [field, money] of amounts) add('order', id, field, moneyValue(money), moneyNeedles(money, locales));
  add('order', id, 'paymentMethod', order.paymentMethod, [word(order.paymentMethod)]);
  add('order', id, 'paymentStatus', order.paymentStatus, [word(order.paymentStatus)]);
  if (order.shipTo) {
    add('order', id, 'shipTo.city', order.shipTo.city, [word(order.shipTo.city)]);
    add('order', id, 'shipTo.country', order.shipTo.country, [word(order.shipTo.country)]);
    add('order', id, 'shipTo.street', order.shipTo.street, [word(order.shipTo.street)]);
    add('order', id, 'shipTo.zip', order.shipTo.zip, [word(order.shipTo.zip)]);
  }

  for (const item of order.items ?? []) {
    const itemName = clean(item.name);
    add('item', item.lineId, 'name', itemName, [word(itemName)]);
    add('item', item.lineId, 'sku', item.sku, [word(item.sku)]);
    const remaining = item.quantity - item.quantityShipped - item.quantityRefunded;
    for (const q of new Set([item.quantity, remaining])) {
      if (q > 0) add('item', item.lineId, 'quantity', String(q), quantityNeedles(q, itemName));
    }
    add('item', item.lineId, 'price', moneyValue(item.price), moneyNeedles(item.price, locales));
    add('item', item.lineId, 'total', moneyValue(item.total), moneyNeedles(item.total, locales));
    for (const option of item.options) {
      const optionName = clean(option.name);
      const value = clean(option.value);
      if (!optionName || !value) continue;
      add(
        'item',
        item.lineId,
        `option ${optionName}`,
        value,
        locales.map((l) => l.p.option(optionName, value)),
      );
    }
  }
  for (const shipment of order.shipments ?? []) shipmentFacts(shipment, locales, add);
}

function shipmentFacts(shipment: ContextShipment, locales: Locale[], add: Add): void {
  const id = shipment.id;
  add('shipment', id, 'trackingNumber', shipment.trackingNumber, [word(shipment.trackingNumber)]);
  add('shipment', id, 'trackingLink', shipment.trackingLink, [clean(shipment.trackingLink)]);
  add('shipment', id, 'carrier', shipment.carrier, [word(shipment.carrier)]);
  add('shipment', id, 'shippingMethod', shipment.shippingMethod, [word(shipment.shippingMethod)]);
  add('shipment', id, 'dateCreated', shipment.dateCreated, dateNeedles(shipment.dateCreated, locales));
  for (const item of shipment.items) {
    const itemName = clean(item.name);
    add('item', item.lineId, 'name', itemName, [word(itemName)]);
    add('item', item.lineId, 'sku', item.sku, [word(item.sku)]);
    if (item.quantity > 0)
      add('item', item.lineId, 'quantity', String(item.quantity), quantityNeedles(item.quantity, itemName));
  }
}

function orderRefNeedles(id: number, locales: Locale[]): Needle[] {
  return [...locales.map((l) => ({ text: l.p.orderRef(id) })), { text: `#${id}` }, { text: String(id) }].map((n) => ({
    ...n,
    ...word(n.text),
  }));
}

/** "2 × Orbit Terrarium": only the number is the quantity. */
function quantityNeedles(quantity: number, name: string): Needle[] {
  if (!name) return [];
  const head = `${quantity} × `;
  return [{ text: `${head}${name}`, parts: [[0, String(quantity).length]] }];
}

/**
 * A sentence that names the order: the words around the order reference are the status, the
 * reference itself is the order number (its own fact), so both can be marked.
 */
function around(sentence: string, ref: string): Needle {
  const at = sentence.indexOf(ref);
  if (at < 0) return { text: sentence, ci: true };
  const parts: Span[] = [];
  const trim = (start: number, end: number): void => {
    const piece = sentence.slice(start, end);
    const s = start + (piece.length - piece.trimStart().length);
    const e = end - (piece.length - piece.trimEnd().length);
    if (e > s) parts.push([s, e]);
  };
  trim(0, at);
  trim(at + ref.length, sentence.length);
  return { text: sentence, ci: true, parts };
}

function dateNeedles(iso: string | null, locales: Locale[]): string[] {
  if (!iso) return [];
  const out = locales.map((l) => l.f.date(iso)).filter((d): d is string => d !== null);
  if (/^\d{4}-\d{2}-\d{2}/.test(iso)) out.push(iso.slice(0, 10));
  return out;
}

function moneyValue(money: Money): string {
  return `${money.amount} ${money.currency}`.trim();
}

function moneyNeedles(money: Money, locales: Locale[]): Array<Needle | string> {
  const out: Array<Needle | string> = locales.map((l) => l.f.money(money)).filter((m): m is string => m !== null);
  const amount = money.amount.trim();
  if (/^\d+(?:\.\d+)?$/.test(amount)) {
    out.push(`${amount} ${money.currency}`, word(amount));
  }
  return out;
}

/** A needle that matches only as a whole word (no letter or digit right before or after it). */
function word(text: string | null | undefined): Needle {
  return { text: clean(text), boundary: true };
}

class Search {
  private lower: string | null;

  constructor(private readonly text: string) {
    const lower = text.toLowerCase();
    // Lower-casing can change the length of some characters; then only exact matches are used.
    this.lower = lower.length === text.length ? lower : null;
  }

  /** Every occurrence of the needles, longest needle first, none overlapping another. */
  find(needles: ReadonlyArray<Needle | string | null | undefined>): Span[] {
    const list = needles
      .map((n) => (typeof n === 'string' ? { text: n } : n))
      .filter((n): n is Needle => !!n && n.text.trim().length > 0)
      .sort((a, b) => b.text.length - a.text.length);
    const spans: Span[] = [];
    const seen = new Set<string>();
    for (const needle of list) {
      const key = `${needle.ci ? 'i' : ''}${needle.boundary ? 'b' : ''}${JSON.stringify(needle.parts ?? [])}\u0000${needle.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const haystack = needle.ci && this.lower ? this.lower : this.text;
      const target = needle.ci && this.lower ? needle.text.toLowerCase() : needle.text;
      let from = 0;
      for (;;) {
        const at = haystack.indexOf(target, from);
        if (at < 0) break;
        from = at + Math.max(1, target.length);
        const end = at + target.length;
        if (needle.boundary && !this.isWholeWord(at, end)) continue;
        const found: Span[] = (needle.parts ?? [[0, target.length]]).map(([s, e]) => [at + s, at + e]);
        if (found.some(([s, e]) => e <= s)) continue;
        if (found.some((span) => spans.some(([s, e]) => s < span[1] && span[0] < e))) continue;
        spans.push(...found);
      }
    }
    return spans.sort((a, b) => a[0] - b[0]);
  }

  private isWholeWord(start: number, end: number): boolean {
    const before = this.text.slice(Math.max(0, start - 1), start);
    const after = this.text.slice(end, end + 1);
    const first = this.text.slice(start, start + 1);
    const last = this.text.slice(end - 1, end);
    return !(WORD.test(first) && WORD.test(before)) && !(WORD.test(last) && WORD.test(after));
  }
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span[0] < last[1]) continue;
    out.push([span[0], span[1]]);
  }
  return out;
}
