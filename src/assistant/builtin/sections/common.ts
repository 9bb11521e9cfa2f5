import type { ContextOrder, ContextOrderItem, ContextShipment, CustomerContext } from '../../../context/types.js';
import type { OrderProductOption } from '../../../shared/store-data.js';
import type { AnswerPlan } from '../../plan/types.js';
import type { Tone, Understanding, WorkspaceSettings } from '../../types.js';
import type { Formatter } from '../format.js';
import type { Phrases } from '../i18n/index.js';
import type { PlanPhrases } from '../i18n/plan/index.js';

/** Everything a section needs to write its paragraphs. */
export interface ReplyContext {
  p: Phrases;
  f: Formatter;
  tone: Tone;
  formal: boolean;
  settings: WorkspaceSettings;
  context: CustomerContext;
  understanding: Understanding;
  /** The resolved answer plan the reply follows, item by item. */
  plan: AnswerPlan;
  pp: PlanPhrases;
}

/** A paragraph of the reply; optional ones (courtesy, next steps) are left out in the concise tone. */
export interface Paragraph {
  text: string;
  optional?: boolean;
  /** A next step ("just reply to this email"): a reply keeps only its last one. */
  next?: boolean;
}

export function para(text: string | null | undefined, optional = false): Paragraph[] {
  const clean = text?.trim();
  return clean ? [{ text: clean, optional }] : [];
}

/** One line of store text: control characters and line breaks removed, whitespace collapsed. */
/** The one next step of a section (optional, and only the last one of the reply is kept). */
export function nextStep(text: string | null | undefined): Paragraph[] {
  return para(text, true).map((x) => ({ ...x, next: true }));
}

export function clean(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value)
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function ref(r: ReplyContext, order: ContextOrder | number): string {
  return r.p.orderRef(typeof order === 'number' ? order : order.id);
}

/** "- 2 × Orbit Terrarium (Size: L)". */
export function itemLine(
  r: ReplyContext,
  quantity: number,
  name: string,
  options: readonly OrderProductOption[],
): string | null {
  const title = clean(name);
  if (!title || !Number.isFinite(quantity) || quantity <= 0) return null;
  const opts = options
    .map((o) => [clean(o.name), clean(o.value)] as const)
    .filter(([n, v]) => n && v)
    .map(([n, v]) => r.p.option(n, v))
    .join(', ');
  return `- ${quantity} × ${title}${opts ? ` (${opts})` : ''}`;
}

export function itemLines(r: ReplyContext, items: readonly ContextOrderItem[]): string[] {
  return items.map((i) => itemLine(r, i.quantity, i.name, i.options)).filter((l): l is string => l !== null);
}

/** A heading with its lines, or nothing when there are no lines. */
export function block(heading: string, lines: readonly string[]): string | null {
  return lines.length > 0 ? [heading, ...lines].join('\n') : null;
}

/** The status in plain words; with the store's own label when it differs from BigCommerce's name. */
export function statusSentence(r: ReplyContext, order: ContextOrder): string {
  const phrases = r.p.status[order.status.id];
  const label = clean(order.status.label);
  const name = clean(order.status.name);
  if (!phrases) return r.p.statusUnknown(ref(r, order), label || name || null);
  if (label && label !== name) return `${r.p.statusLabelled(ref(r, order), label)} ${phrases.meaning}`;
  return phrases.sentence(ref(r, order));
}

/** A few words for a list of orders: the plain status, with the store's label when it differs. */
export function statusShort(r: ReplyContext, order: ContextOrder): string {
  const short = r.p.status[order.status.id]?.short;
  const label = clean(order.status.label);
  const name = clean(order.status.name);
  if (!short) return label || name || '';
  return label && label !== name ? `${r.p.quote(label)} (${short})` : short;
}

function shipmentLines(r: ReplyContext, order: ContextOrder, shipment: ContextShipment): string[] {
  const lines: string[] = [];
  const tracking = clean(shipment.trackingNumber);
  const link = clean(shipment.trackingLink);
  if (tracking) lines.push(r.p.trackingNumber(tracking));
  if (/^https?:\/\/\S+$/i.test(link)) lines.push(r.p.trackingLink(link));
  const items = shipment.items
    .map((item) => {
      const options = order.items?.find((line) => line.lineId === item.lineId)?.options ?? [];
      return itemLine(r, item.quantity, item.name, options);
    })
    .filter((l): l is string => l !== null);
  const contents = block(r.p.shipmentItems, items);
  if (contents) lines.push(contents);
  return lines;
}

/** Carrier, tracking number, tracking link and items for every shipment of the order. */
export function shipmentParagraphs(r: ReplyContext, order: ContextOrder): Paragraph[] {
  const shipments = order.shipments ?? [];
  if (shipments.length === 0) {
    const shipped = r.f.date(order.dateShipped);
    return order.status.id === 2 && shipped ? para(r.p.shippedOn(shipped)) : [];
  }
  const partial = order.status.id === 3;
  if (shipments.length === 1) {
    const [only] = shipments as [ContextShipment];
    const intro = r.p.singleShipment(clean(only.carrier) || null, r.f.date(only.dateCreated), partial);
    return para([intro, ...shipmentLines(r, order, only)].filter(Boolean).join('\n'));
  }
  const out = para(r.p.shipmentCount(shipments.length, partial));
  shipments.forEach((shipment, index) => {
    const heading = r.p.shipmentHeading(
      index + 1,
      shipments.length,
      clean(shipment.carrier) || null,
      r.f.date(shipment.dateCreated),
    );
    out.push(...para([heading, ...shipmentLines(r, order, shipment)].join('\n')));
  });
  return out;
}

/** What is still to ship on a partially shipped order, when the items are known. */
export function stillToShip(r: ReplyContext, order: ContextOrder): Paragraph[] {
  if (order.status.id !== 3 || !order.items) return [];
  const lines = order.items
    .map((i) => itemLine(r, i.quantity - i.quantityShipped - i.quantityRefunded, i.name, i.options))
    .filter((l): l is string => l !== null);
  return para(block(r.p.stillToShip, lines));
}

export function hasTracking(order: ContextOrder): boolean {
  return (order.shipments ?? []).some((s) => clean(s.trackingNumber) || clean(s.trackingLink));
}

/** "Order #5114 was placed on …, with a total of …", or nothing when neither is known. */
export function orderSummary(r: ReplyContext, order: ContextOrder): Paragraph[] {
  const date = r.f.date(order.dateCreated);
  const total = r.f.money(order.total);
  return date || total ? para(r.p.orderSummary(ref(r, order), date, total)) : [];
}

/**
 * The sender's other recent orders with their status, when they asked without naming an order
 * and have several; at most `recentOrdersToMention` orders in the whole reply (the focus order counts).
 */
export function recentOrders(r: ReplyContext, focus: ContextOrder): Paragraph[] {
  if (r.context.focusReason === 'mentioned' || r.understanding.orderNumbers.length > 0) return [];
  const limit = Math.max(0, Math.floor(r.settings.recentOrdersToMention || 0)) - 1;
  if (limit <= 0) return [];
  const lines = r.context.orders
    .filter((o) => o.id !== focus.id)
    .slice(0, limit)
    .map((o) => [o, statusShort(r, o)] as const)
    .filter(([, status]) => status)
    .map(([o, status]) => `- ${r.p.recentOrderLine(ref(r, o), r.f.date(o.dateCreated), status)}`);
  return para(block(r.p.recentOrdersIntro, lines));
}
