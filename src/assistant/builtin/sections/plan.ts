import type { ContextOrder, ContextProduct } from '../../../context/types.js';
import { normalize, tokens } from '../../understanding/normalize.js';
import * as cue from '../../understanding/cues.js';
import type { PlanItem } from '../../plan/types.js';
import type { EmpathyKind } from '../i18n/plan/index.js';
import {
  block,
  clean,
  itemLines,
  nextStep,
  para,
  ref,
  statusShort,
  type Paragraph,
  type ReplyContext,
} from './common.js';
import { statusSection } from './status.js';

/**
 * Sections for plan items the intent templates never had: questions about a refund or a
 * cancellation that already happened, requests the order's state already decides, hand-offs,
 * complaints and product availability. Every fact comes from the context; nothing here says that
 * an action was taken.
 */

const SHIPPED = new Set([2, 3, 10]);

/** The one sentence that acknowledges how the customer feels, or null when nothing went wrong. */
export function empathyLine(r: ReplyContext): string | null {
  const { plan } = r;
  const kind = empathyKind(plan.items, plan.feeling, r);
  return kind ? r.pp.empathy(kind) : null;
}

/** Words of a wait: "I never got my refund", "still nothing", "todavía no", "immer noch nicht", "toujours pas". */
const WAITING =
  /\b(?:never|still|not yet|haven't|hasn't|didn't|did not|have not|no sign|todavia|aun no|nunca|no he recibido|nie|noch nicht|immer noch|noch kein|jamais|toujours pas|pas encore|n'ai (?:pas|rien|jamais))\b/;

function empathyKind(
  items: readonly PlanItem[],
  feeling: 'upset' | 'worried' | null,
  r: ReplyContext,
): EmpathyKind | null {
  const topics = new Set(items.map((i) => `${i.type}/${i.topic}`));
  const text = normalize(items.map((i) => i.quote).join(' '));
  const orderOf = (item: PlanItem): ContextOrder[] =>
    item.orderIds.map((id) => r.context.orders.find((o) => o.id === id)).filter((o): o is ContextOrder => !!o);
  // Something went wrong that the store data shows, whatever the tone: a cancellation the customer
  // asks about, a refund they are still waiting for, a declined payment.
  // "Why was it cancelled? I never cancelled it": a cancellation they did not expect. ("Did my
  // cancellation go through?" asks about one they wanted: nothing went wrong.)
  const cancelQuestions = items.filter((i) => i.type === 'status_question' && i.topic === 'cancel');
  // "Did my cancellation go through? Haven't heard back": it did, as they asked; an impatient tone
  // is no reason to apologise for a confusion there is none of.
  const wanted = cancelQuestions.length > 0 && cancelQuestions.every(wantedCancellation);
  if (
    cancelQuestions.some((i) => orderOf(i).some((o) => o.status.id === 5)) &&
    (UNEXPECTED_CANCEL.test(text) || (feeling !== null && !wanted) || r.plan.unsupportedLanguage) &&
    !topics.has('complaint/damaged')
  ) {
    return 'cancel_confusion';
  }
  // "Did my cancellation go through?" about an order the store does not show cancelled: it did not.
  if (cancelQuestions.some((i) => orderOf(i).some((o) => o.status.id !== 5))) return 'cancel_confusion';
  if (topics.has('status_question/refund') && WAITING.test(text)) return 'refund_wait';
  if (
    items.some(
      (i) =>
        i.type === 'status_question' &&
        i.topic === 'payment' &&
        orderOf(i).some((o) => o.status.id === 6 || o.paymentStatus === 'declined'),
    )
  )
    return feeling === 'worried' ? 'worried' : 'upset';
  if (topics.has('complaint/damaged')) return 'damaged';
  if (topics.has('complaint/wrong_item')) return 'wrong_item';
  if (topics.has('complaint/missing_item')) return 'missing_item';
  if (items.some((i) => i.doubleCharge)) return 'double_charge';
  if (feeling === null) return null;
  if (topics.has('status_question/refund')) return 'refund_wait';
  if (topics.has('status_question/cancel')) return wanted ? null : 'cancel_confusion';
  if (feeling === 'upset' && topics.has('status_question/status')) {
    // "Where's my order??" about an order that shipped two days after it was placed, yesterday:
    // nothing is late, so no apology for a wait, unless the words are angry or tell of a long one;
    // a worried customer still hears that we see their concern.
    const asked = items.filter((i) => i.type === 'status_question' && i.topic === 'status').flatMap(orderOf);
    const now = Date.parse(r.context.fetchedAt);
    if (asked.length > 0 && asked.every((o) => onTime(o, now)) && !cue.angryOrLongWait(text))
      return cue.worried(text) ? 'worried' : null;
    return 'late';
  }
  return feeling === 'worried' ? 'worried' : 'upset';
}

/** Words that say a cancellation was not expected: "why", "I never cancelled it". */
const UNEXPECTED_CANCEL =
  /\b(?:why|never|didn't|did not|not me|por ?que|nunca|no (?:lo |la )?(?:he )?cancel\w*|warum|nie|nicht|nichts|pourquoi|jamais|pas annulee?)\b/;

/** "Did my cancellation go through?": a cancellation the customer asked for, and nothing that says otherwise. */
export function wantedCancellation(item: PlanItem): boolean {
  const text = normalize(item.quote);
  return !UNEXPECTED_CANCEL.test(text) && WANTED_CANCEL.test(text);
}

const WANTED_CANCEL =
  /\b(?:go|gone|went) through\b|\b(?:i|we) (?:asked|requested|wanted|tried|meant) (?:you )?to cancel\b|\b(?:my|the|our) cancell?ation(?: request)?\b|\bdid (?:you|it|the order|my order) (?:get )?cancel\w*\b|\b(?:mi|la) cancelacion\b|\bmeine stornierung\b|\bmon annulation\b/;

const DAY = 86_400_000;

/**
 * An order the store shows moving on time: shipped within a week of being placed and no more than
 * four days ago, or placed within the last two days and not shipped yet.
 */
function onTime(order: ContextOrder, now: number): boolean {
  const placed = Date.parse(order.dateCreated ?? '');
  if (!Number.isFinite(placed) || !Number.isFinite(now)) return false;
  if (order.status.id === 10) return false;
  const shippedAt = Date.parse(order.dateShipped ?? order.shipments?.[0]?.dateCreated ?? '');
  if (Number.isFinite(shippedAt)) return shippedAt - placed <= 7 * DAY && now - shippedAt <= 4 * DAY;
  if ([2, 3].includes(order.status.id)) return false;
  return now - placed <= 2 * DAY;
}

/** "Has my refund gone through?": what the store shows for the order. */
export function refundStatusSection(r: ReplyContext, order: ContextOrder): Paragraph[] {
  const refunded = Number(order.refundedAmount.amount) > 0 ? r.f.money(order.refundedAmount) : null;
  const total = r.f.money(order.total);
  if (order.status.id === 4)
    return [...para(r.pp.refundedFull(ref(r, order), refunded ?? total)), ...nextStep(r.pp.refundNext(r.formal))];
  if (order.status.id === 14 || refunded) {
    return [...para(r.pp.refundedPartial(ref(r, order), refunded, total)), ...nextStep(r.pp.refundNext(r.formal))];
  }
  const shows = statusShort(r, order);
  if (!shows) return para(r.p.actionReview(r.formal));
  return [...para(r.pp.noRefund(ref(r, order), shows)), ...para(r.p.actionReview(r.formal))];
}

/** "Why was my order cancelled?": whether the store shows it cancelled; the reason goes to a person. */
export function cancelStatusSection(r: ReplyContext, order: ContextOrder, item?: PlanItem): Paragraph[] {
  if (order.status.id === 5) {
    // The reason is a person's to explain only when the customer did not ask for the cancellation.
    if (item && wantedCancellation(item)) return para(r.pp.cancelledShown(ref(r, order)));
    return [...para(r.pp.cancelledShown(ref(r, order))), ...para(r.pp.cancelReasonHandoff(r.formal))];
  }
  const shows = statusShort(r, order);
  return shows ? para(r.pp.notCancelled(ref(r, order), shows)) : para(r.p.teammateWillCheck(r.formal));
}

/**
 * A refund, cancellation, return or address change: acknowledged with the order, then the store
 * fact that decides what can happen (already shipped, already cancelled, already refunded), and a
 * person reviews it. Never done, never promised.
 */
export function requestSection(r: ReplyContext, item: PlanItem, order: ContextOrder | null): Paragraph[] {
  const orderRef = order ? ref(r, order) : null;
  const shipment = order?.shipments?.[0];
  const shippedDate = order ? r.f.date(order.dateShipped ?? shipment?.dateCreated ?? null) : null;
  const carrier = clean(shipment?.carrier) || null;
  const shipped = order !== null && (SHIPPED.has(order.status.id) || (order.shipments ?? []).length > 0);
  const status = order?.status.id ?? -1;
  const out: Paragraph[] = [];
  switch (item.topic) {
    case 'cancel':
      if (order && status === 5) return para(r.pp.alreadyCancelled(ref(r, order)));
      if (order && status === 4) return para(r.pp.alreadyRefunded(ref(r, order), r.f.money(order.refundedAmount)));
      // Partly shipped: what went out (with tracking) and what has not; cancelling the rest is a person's call.
      if (order && status === 3)
        return [
          ...statusSection(r, order),
          ...para(r.p.actionReceived('cancel', ref(r, order))),
          ...para(r.p.actionReview(r.formal)),
        ];
      if (order && shipped)
        return [...para(r.pp.cancelShipped(ref(r, order), shippedDate, carrier)), ...trackingOf(r, order)];
      out.push(...para(r.p.actionReceived('cancel', orderRef)));
      break;
    case 'refund':
      if (order && status === 4) {
        const amount = Number(order.refundedAmount.amount) > 0 ? order.refundedAmount : order.total;
        return [
          ...para(r.pp.alreadyRefunded(ref(r, order), r.f.money(amount))),
          ...nextStep(r.pp.refundNext(r.formal)),
        ];
      }
      if (order && (status === 14 || Number(order.refundedAmount.amount) > 0)) {
        return para(r.pp.alreadyPartlyRefunded(ref(r, order), r.f.money(order.refundedAmount)));
      }
      if (order && status === 5)
        return [...para(r.pp.alreadyCancelled(ref(r, order))), ...para(r.p.actionReview(r.formal))];
      out.push(...para(r.p.actionReceived('refund', orderRef)));
      break;
    case 'address_change':
      if (order && shipped)
        return [...para(r.pp.addressShipped(ref(r, order), shippedDate, carrier)), ...trackingOf(r, order)];
      if (order && status === 5) return para(r.pp.alreadyCancelled(ref(r, order)));
      // "Please tell me it hasn't left yet": where it stands decides whether the change can still be made.
      return [
        ...para(r.p.addressChangeReceived(orderRef, r.formal)),
        ...(order && statusShort(r, order) ? para(r.pp.currentlyShows(statusShort(r, order))) : []),
      ];
    case 'other':
      return para(r.pp.otherRequest(orderRef, r.formal));
    default:
      out.push(...para(r.p.actionReceived('return', orderRef)));
      if (order?.items) out.push(...para(block(r.p.itemsInOrder(ref(r, order)), itemLines(r, order.items)), true));
  }
  const shows = order ? statusShort(r, order) : '';
  if (shows && item.topic !== 'return') out.push(...para(r.pp.currentlyShows(shows)));
  out.push(...para(r.p.actionReview(r.formal)));
  return out;
}

/** Tracking number and link of each shipment: where a shipped order is, for a request it decides. */
function trackingOf(r: ReplyContext, order: ContextOrder): Paragraph[] {
  const lines = (order.shipments ?? []).flatMap((s) => {
    const number = clean(s.trackingNumber);
    const link = clean(s.trackingLink);
    return [
      ...(number ? [r.p.trackingNumber(number)] : []),
      ...(/^https?:\/\/\S+$/i.test(link) ? [r.p.trackingLink(link)] : []),
    ];
  });
  return lines.length > 0 ? para(lines.join('\n')) : [];
}

/** Broken, wrong or missing: what the order contains (to compare), what is still to ship, a person takes over. */
export function complaintSection(r: ReplyContext, item: PlanItem, order: ContextOrder | null): Paragraph[] {
  const out: Paragraph[] = [];
  // Which order and what is in it, so the customer (and the teammate) can point at the item. A
  // damage report that names no order, from someone with several delivered orders, is not pinned
  // on the newest one: a teammate asks.
  const delivered = r.context.orders.filter((o) => SHIPPED.has(o.status.id) || (o.shipments ?? []).length > 0);
  const sure = item.topic !== 'damaged' || item.orderSource !== 'recent' || delivered.length <= 1;
  // "The hammock wasn't in the box" on a partly shipped order: the store shows what went out and
  // what is still to ship. A person is needed only when a thing they name did ship.
  if (order && item.topic === 'missing_item' && order.status.id === 3 && order.items) {
    const words = new Set(tokens(normalize(item.quote)).filter((w) => w.length >= 4));
    const named = order.items.filter((i) => tokens(normalize(i.name)).some((w) => w.length >= 4 && words.has(w)));
    const shippedNamed = named.some((i) => i.quantityShipped > 0 && i.quantityShipped >= i.quantity);
    out.push(...statusSection(r, order));
    if (shippedNamed || named.length === 0) out.push(...para(r.pp.complaintHandoff(r.formal)));
    return out;
  }
  if (order?.items && sure) out.push(...para(block(r.p.itemsInOrder(ref(r, order)), itemLines(r, order.items))));
  out.push(...para(r.pp.complaintHandoff(r.formal)));
  if (item.topic === 'damaged' || item.topic === 'wrong_item') out.push(...para(r.pp.photoRequest(r.formal)));
  return out;
}

/** "Is the X back in stock?": what the catalog says; never a restock date. */
export function stockSection(r: ReplyContext, item: PlanItem): Paragraph[] {
  const groups = item.productGroups?.length ? item.productGroups : [item.productWords ?? []];
  const names = new Set((item.productNames ?? []).map((g) => g.join(' ')));
  const products = [
    ...new Map(
      groups
        .flatMap((words) =>
          matchProducts(words, r.context.products ?? [], names.has(words.join(' ')) && words.length >= 2 ? 2 : 1),
        )
        .map((p) => [p.id, p] as const),
    ).values(),
  ];
  if (products.length === 0) return para(r.pp.productNotFound(r.formal));
  const out: Paragraph[] = [];
  for (const product of products.slice(0, 4)) {
    const name = clean(product.name);
    if (product.availability === 'disabled' || !product.isVisible) out.push(...para(r.pp.notOrderable(name)));
    else if (product.availability === 'preorder') out.push(...para(r.pp.preorder(name)));
    else if (product.inventoryLevel !== null && product.inventoryLevel <= 0) {
      out.push(...para(r.pp.outOfStock(name)), ...para(r.pp.noRestockDate));
    } else out.push(...para(r.pp.inStock(name)));
  }
  return out;
}

/** The catalog products the customer's words name: the most name words in common, ties kept. */
export function matchProducts(
  words: readonly string[],
  products: readonly ContextProduct[],
  minScore = 1,
): ContextProduct[] {
  const asked = new Set(words.map(stemWord));
  let best = 0;
  const scored = products.map((product) => {
    const name = tokens(normalize(product.name))
      .filter((w) => w.length >= 3)
      .map(stemWord);
    const sku = normalize(product.sku ?? '');
    const score =
      name.filter((w) => asked.has(w) || [...asked].some((a) => sameStem(a, w))).length +
      (sku && asked.has(sku) ? 3 : 0);
    best = Math.max(best, score);
    return { product, score, extra: name.length - score };
  });
  if (best < minScore) return [];
  const top = scored.filter((s) => s.score === best);
  const fewestExtra = Math.min(...top.map((s) => s.extra));
  return top.filter((s) => s.extra === fewestExtra).map((s) => s.product);
}

/** "galvanise" (from French "galvanisé") and "galvanised": one word is the other plus an ending. */
function sameStem(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.length - short.length <= 3 && long.startsWith(short);
}

function stemWord(word: string): string {
  return word.length > 3 ? word.replace(/(?:es|s)$/, '') : word;
}

/** "Was I charged twice?": how many orders the store shows around that time, with totals and status. */
export function doubleChargeSection(r: ReplyContext, orders: ContextOrder[]): Paragraph[] {
  if (orders.length === 0) return [];
  if (orders.length === 1) {
    const [order] = orders as [ContextOrder];
    return [...para(r.pp.oneOrderSeen(ref(r, order), r.f.date(order.dateCreated), r.f.money(order.total)))];
  }
  const lines = orders.map((o) =>
    r.pp.orderLine(ref(r, o), r.f.date(o.dateCreated), r.f.money(o.total), statusShort(r, o)),
  );
  return para([r.pp.manyOrdersSeen(orders.length), ...lines].join('\n'));
}
