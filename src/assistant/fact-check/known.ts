/** What the context allows: every fact the store data (and the workspace's own text) vouches for. */
import type { ContextOrder, CustomerContext } from '../../context/types.js';
import { emailKey } from '../../shared/email-identity.js';
import { calendarDays } from './dates.js';
import { extract, keyOf } from './extract.js';
import { CANCEL_STATUS_IDS, REFUND_STATUS_IDS } from './statuses.js';
import { BoundedCache, compact, lower, normaliseName, normaliseUrl } from './text.js';
import type { Candidate, FactCheckExtra } from './types.js';

export interface Known {
  orderIds: Set<string>;
  tracking: Set<string>;
  money: { cents: number; currency: string }[];
  days: { y: number; m: number; d: number }[];
  statusesByOrder: Map<number, Set<string>>;
  refundedOrders: Set<number>;
  cancelledOrders: Set<number>;
  itemNames: string[];
  emails: Set<string>;
  phones: string[];
  urls: Set<string>;
  domains: string[];
  numbers: Set<string>;
  /**
   * Keys (per kind) of facts found in free-text context fields and allowed workspace text.
   * Extracted on first use: most drafts state only facts the structured fields vouch for, and
   * running every extractor over every product name, SKU and address is the costly part.
   */
  textKeys(): ReadonlySet<string>;
  /** Names that quoted phrases may legitimately be, besides products. */
  otherNames: Set<string>;
}

export function collectKnown(context: CustomerContext, extra: FactCheckExtra): Known {
  const orders = allOrders(context);
  const known: Known = {
    orderIds: new Set([...orders.map((o) => String(o.id)), ...context.unmatchedOrderNumbers.map(String)]),
    tracking: new Set(),
    money: [],
    days: [],
    statusesByOrder: new Map(),
    refundedOrders: new Set(),
    cancelledOrders: new Set(),
    itemNames: [],
    emails: new Set(
      [context.senderEmail, context.customer?.email ?? '', ...(extra.allowedEmails ?? [])].map((e) => emailKey(e)),
    ),
    phones: [context.customer?.phone ?? ''].map((p) => p.replace(/\D/g, '')).filter((p) => p.length >= 7),
    urls: new Set(),
    domains: (extra.allowedDomains ?? []).map((d) => lower(d).replace(/^www\./, '')),
    numbers: new Set((extra.allowedNumbers ?? []).map((n) => n.trim()).filter(Boolean)),
    textKeys: () => new Set(),
    otherNames: new Set(),
  };
  const timezone = context.store?.timezone ?? null;
  const addDay = (iso: string | null): void => {
    for (const day of calendarDays(iso, timezone)) known.days.push(day);
  };
  const freeText: string[] = [context.store?.name ?? '', ...(extra.allowedText ?? [])];
  const name = (raw: string | null | undefined): void => {
    if (raw) known.otherNames.add(normaliseName(raw));
  };
  name(context.store?.name);
  name(context.customer?.company);
  for (const n of [context.customer, context.senderName]) if (n) name(`${n.firstName} ${n.lastName}`);
  addDay(context.fetchedAt);
  addDay(context.customer?.dateCreated ?? null);

  for (const order of orders) {
    for (const money of [order.total, order.subtotal, order.shippingCost, order.tax, order.refundedAmount]) {
      addMoney(known, money);
    }
    addDay(order.dateCreated);
    addDay(order.dateShipped);
    known.statusesByOrder.set(order.id, new Set([lower(order.status.name), lower(order.status.label)]));
    name(order.status.label);
    name(order.paymentMethod);
    if (REFUND_STATUS_IDS.has(order.status.id) || Number(order.refundedAmount.amount) > 0)
      known.refundedOrders.add(order.id);
    if (CANCEL_STATUS_IDS.has(order.status.id)) known.cancelledOrders.add(order.id);
    if (order.shipTo) freeText.push(order.shipTo.street ?? '', order.shipTo.zip ?? '', order.shipTo.city);
    for (const item of order.items ?? []) {
      addMoney(known, item.price);
      addMoney(known, item.total);
      known.itemNames.push(normaliseName(item.name));
      freeText.push(item.name, item.sku ?? '', ...item.options.flatMap((o) => [o.name, o.value]));
      for (const o of item.options) name(o.value);
    }
    for (const shipment of order.shipments ?? []) {
      addDay(shipment.dateCreated);
      if (shipment.trackingNumber) known.tracking.add(compact(shipment.trackingNumber));
      if (shipment.trackingLink) known.urls.add(normaliseUrl(shipment.trackingLink));
      name(shipment.carrier);
      name(shipment.shippingMethod);
      freeText.push(shipment.carrier ?? '', shipment.shippingMethod ?? '');
      for (const item of shipment.items) {
        known.itemNames.push(normaliseName(item.name));
        freeText.push(item.name, item.sku ?? '');
      }
    }
  }
  // Facts inside free-text fields (a product called "Gift Card $50", a SKU, a zip code, the
  // signature's phone number) are context too.
  // Status words inside a product name ("Shipped Box") must not vouch for a status claim.
  const codes = currencyCodesOf(context);
  const texts = freeText.filter((t) => t.trim() !== '');
  for (const t of texts) if (t.length <= 80) name(t);
  let textKeys: Set<string> | null = null;
  known.textKeys = () => (textKeys ??= new Set(texts.flatMap((t) => textKeysOf(t, codes))));
  for (const t of extra.allowedText ?? []) {
    for (const line of t.split('\n')) name(line);
  }
  return known;
}

export function addMoney(known: Known, money: { amount: string; currency: string }): void {
  const cents = Math.round(Number(money.amount) * 100);
  if (Number.isFinite(cents)) known.money.push({ cents, currency: money.currency.toUpperCase() });
}

export function allOrders(context: CustomerContext): ContextOrder[] {
  const orders = [...context.orders];
  if (context.focusOrder && !orders.some((o) => o.id === context.focusOrder?.id)) orders.push(context.focusOrder);
  return orders;
}

export function currencyCodesOf(context: CustomerContext): string[] {
  const codes = new Set<string>();
  if (context.store?.currency) codes.add(context.store.currency);
  for (const o of allOrders(context)) codes.add(o.total.currency);
  return [...codes];
}

/** Only text with a digit, an "@", a link or a quote can hold a checkable fact (statuses aside). */
const MAY_HOLD_FACTS = /[\d@"“„«]|www\.|https?:/i;
/** Product names, SKUs and signatures recur from one draft to the next: their facts are read once. */
const TEXT_KEYS = new BoundedCache<string, readonly string[]>(5000);

/** The keys of the facts inside a free-text field; status words inside ("Shipped Box") vouch for nothing. */
function textKeysOf(text: string, codes: string[]): readonly string[] {
  if (!MAY_HOLD_FACTS.test(text)) return [];
  const cacheKey = `${codes.join(',')}\u0000${text}`;
  const cached = TEXT_KEYS.get(cacheKey);
  if (cached) return cached;
  const keys = extract(text, codes)
    .filter((c: Candidate) => c.kind !== 'status')
    .map((c) => `${c.kind}:${keyOf(c)}`);
  return TEXT_KEYS.set(cacheKey, keys);
}
