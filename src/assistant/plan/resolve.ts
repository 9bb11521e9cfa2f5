import type { ContextOrder, CustomerContext } from '../../context/types.js';
import { normalize, tokens } from '../understanding/normalize.js';
import { dateRanges } from '../understanding/dates.js';
import { amountsIn } from '../understanding/amounts.js';
import { angryOrLongWait, unsubscribe } from '../understanding/cues.js';
import type { AnswerPlan, OrderSource, PlanItem } from './types.js';

/**
 * Which of the sender's orders each plan item is about, from the customer's new words first:
 * 1. an order number in the new text (theirs; a number that is not theirs is "unmatched");
 * 2. an item name or SKU of one of their orders, a date they name, an amount they name,
 *    "both orders";
 * 3. an order number in the subject, then in the quoted history;
 * 4. recency, by what the item asks: a status question covers every order still on its way; a
 *    refund question the newest refunded order; a cancellation question the newest cancelled one;
 *    a return or a complaint the newest order that shipped; anything else the newest order.
 * Pure: the plan and the context in, a new plan out.
 */
export function resolvePlan(plan: AnswerPlan, context: CustomerContext, text: string, now: Date): AnswerPlan {
  const resolved = plan.items.map((item) => resolveItem(item, plan, context, text, now));
  const angry = angryOrLongWait(normalize(text));
  const asksWhatsComing = resolved.some(
    (i) => i.type === 'status_question' && (i.topic === 'status' || i.topic === 'items'),
  );
  const items = resolved.map((item) => reread(item, context, plan.feeling === 'upset' && angry, asksWhatsComing));
  // A re-read item may now repeat another ("the rest is missing" on a partly shipped order next to
  // "what is still to come"): it is dropped. Items the customer asked apart stay apart.
  const unique = items.filter(
    (item, i) =>
      item === resolved[i] ||
      !items.some(
        (o, j) => j !== i && o.type === item.type && o.topic === item.topic && sameOrders(o.orderIds, item.orderIds),
      ),
  );
  return { ...plan, items: unique };
}

function sameOrders(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}

/**
 * What the store's state says an item really asks: "what is still missing?" about an order the
 * store shows as partly shipped is a question about what is still to come, not a complaint. Said
 * angry ("this is unacceptable, the candles aren't in the box"), it stays a complaint, answered
 * with the same facts; mere impatience ("wann kommt der Rest??") does not make it one.
 */
function reread(item: PlanItem, context: CustomerContext, angry: boolean, asksWhatsComing: boolean): PlanItem {
  if (item.type !== 'complaint' || item.topic !== 'missing_item' || item.orderIds.length === 0) return item;
  // A question in the same sentence, or beside it ("the rest is missing. When does it come?").
  if (angry || !(/[?¿]/.test(item.quote) || asksWhatsComing)) return item;
  const orders = item.orderIds.map((id) => context.orders.find((o) => o.id === id));
  if (!orders.every((o) => o?.status.id === 3)) return item;
  // A thing they name that did ship in full is really missing: that stays a complaint.
  const words = new Set(tokens(normalize(item.quote)).filter((w) => w.length >= 4));
  const shippedNamed = orders.some((o) =>
    (o?.items ?? []).some(
      (line) =>
        line.quantityShipped >= line.quantity &&
        tokens(normalize(line.name)).some((w) => w.length >= 4 && words.has(w)),
    ),
  );
  if (shippedNamed) return item;
  return { ...item, type: 'status_question', topic: 'items' };
}

/** Orders a status question covers by default: still on their way. */
const OPEN_STATUSES = new Set([1, 3, 7, 8, 9, 11, 12]);
const SHIPPED_RECENTLY_DAYS = 21;
const MAX_ORDERS_PER_ITEM = 3;
const DAY = 86_400_000;
/** Topics that are about no order unless the customer names one. */
const ORDERLESS = new Set(['customer_info', 'stock', 'other']);

function resolveItem(item: PlanItem, plan: AnswerPlan, context: CustomerContext, text: string, now: Date): PlanItem {
  const orders = context.orders;
  const owned = (ids: number[]): ContextOrder[] =>
    ids.map((id) => orders.find((o) => o.id === id)).filter((o): o is ContextOrder => o !== undefined);
  const done = (list: ContextOrder[], source: OrderSource, unmatched: number[] = []): PlanItem => ({
    ...item,
    orderIds: [...new Set(list.map((o) => o.id))].slice(0, MAX_ORDERS_PER_ITEM),
    orderSource: list.length > 0 ? source : unmatched.length > 0 ? 'text' : 'none',
    unmatched,
  });

  // A product question is about the catalog, whatever order numbers the email mentions.
  if (item.type === 'product_question') return done([], 'none');
  // Details on file, thanks and store questions take no order from other sentences' numbers.
  // A complaint or a request ("can you change the delivery so it needs a signature?") is about an order.
  const orderless =
    (ORDERLESS.has(item.topic) && item.type !== 'complaint' && item.type !== 'action_request') ||
    (item.type === 'action_request' && unsubscribe(normalize(item.quote)));
  if (item.inherited && orderless) return done([], 'none');
  const ownBare = owned(item.ownBare ?? []);
  if (item.inherited && ownBare.length > 0) return done(ownBare, 'text');
  if (item.mentioned.length > 0) {
    const mine = owned(item.mentioned);
    const unmatched = item.mentioned.filter((id) => !mine.some((o) => o.id === id));
    return done(mine, 'text', unmatched);
  }
  // A bare number in the new text ("I'm writing about 21055 now") that is one of the sender's own
  // order numbers. Never looked up: it only picks among orders already known to be theirs.
  const bare = owned(plan.bareNumbers ?? []);
  if (bare.length > 0 && !orderless) return done(bare, 'text');
  if (orders.length === 0) {
    // Numbers in the subject the sender wrote are asked about, found or not.
    return done(
      [],
      'none',
      item.type === 'other' ? [] : plan.subjectNumbers.filter((n) => context.unmatchedOrderNumbers.includes(n)),
    );
  }
  if (orderless) return done([], 'none');

  const fits = topicFit(item);
  // A cue matched orders that cannot be what the item asks about ("why was it cancelled?" about an
  // order that is not cancelled): the newest order that fits wins instead, when there is one.
  const fitting = (list: ContextOrder[]): ContextOrder[] => {
    if (!fits || list.some(fits)) return list.filter((o) => !fits || fits(o));
    const other = orders.find(fits);
    return other ? [other] : list;
  };
  const byDateIn = (ranges: readonly { from: string; to: string }[]): ContextOrder[] =>
    orders.filter((o) => ranges.some((r) => within(o.dateCreated, r.from, r.to)));
  const byAmountIn = (amounts: readonly string[]): ContextOrder[] =>
    orders.filter((o) => amounts.some((a) => Number(a) === Number(o.total.amount)));
  const byDate = byDateIn(plan.dateRanges);

  // The item's own sentence first: an item it names, then an amount or a date it gives.
  const own = matchByItems(orders, item.quote);
  if (own.length > 0) {
    const narrowed = own.filter((o) => byDate.includes(o));
    return done(fitting(narrowed.length > 0 ? narrowed : own), 'item');
  }
  // "The PayPal one", "the declined attempt", "the cancelled order": a payment method or a state
  // the sentence names, when it picks out some of the sender's orders but not all.
  const described = byDescription(orders, item.quote);
  if (described.length > 0 && described.length < orders.length) return done(described, 'item');
  const ownAmount = byAmountIn(amountsIn(item.quote));
  if (ownAmount.length > 0) return done(fitting(ownAmount), 'amount');
  const ownDate = byDateIn(dateRanges(item.quote, plan.language, now));
  if (ownDate.length > 0) return done(fitting(ownDate), 'date');
  // Then the sentence before it ("I ordered the blanket last week. Where is it?"), where a date
  // the customer gave breaks ties. Not the whole text: "the boots from the summer were great" is
  // not the question.
  const near = matchByItems(orders, `${item.before ?? ''}`);
  if (near.length > 0) {
    const narrowed = near.filter((o) => byDate.includes(o));
    if (narrowed.length > 0 || byDate.length === 0) return done(fitting(narrowed.length > 0 ? narrowed : near), 'item');
  }
  if (byDate.length > 0) return done(fitting(byDate), 'date');
  if (plan.amounts.length > 0) {
    const byAmount = byAmountIn(plan.amounts);
    if (byAmount.length > 0) return done(fitting(byAmount), 'amount');
  }
  if (plan.allOrders) {
    const open = orders.filter((o) => isOpen(o, now));
    return done(open.length >= 2 ? open : orders.slice(0, 2), 'all');
  }
  const fromSubject = owned(plan.subjectNumbers);
  if (fromSubject.length > 0) return done(fromSubject, 'subject');
  const fromHistory = owned(plan.historyNumbers);
  if (fromHistory.length > 0) return done(fromHistory.slice(0, 1), 'history');
  const unmatchedSubject = plan.subjectNumbers.filter((n) => context.unmatchedOrderNumbers.includes(n));
  if (unmatchedSubject.length > 0 && item.type !== 'other') return done([], 'none', unmatchedSubject);
  return done(byRecency(item, orders, now), 'recent');
}

const STATE_WORDS: readonly [RegExp, (o: ContextOrder) => boolean][] = [
  [/\b(?:declined|rechazad[oa]|abgelehnt|refuse[e]?)\b/, (o) => o.status.id === 6 || o.paymentStatus === 'declined'],
  [/\b(?:cancell?ed|cancelad[oa]|storniert|annulee?)\b/, (o) => o.status.id === 5],
  [/\b(?:refunded|reembolsad[oa]|erstattet|remboursee?)\b/, (o) => o.status.id === 4 || o.status.id === 14],
];

/** Orders a sentence describes by payment method ("the PayPal one") or by a state it names. */
function byDescription(orders: ContextOrder[], text: string): ContextOrder[] {
  const n = normalize(text);
  const byMethod = orders.filter((o) => {
    const method = normalize(o.paymentMethod ?? '');
    const word = method.match(/[a-z]{4,}/)?.[0];
    return word !== undefined && !['card', 'credit', 'payment', 'manual'].includes(word) && n.includes(word);
  });
  if (byMethod.length > 0) return byMethod;
  for (const [words, test] of STATE_WORDS) {
    if (!words.test(n)) continue;
    const matching = orders.filter(test);
    if (matching.length > 0) return matching;
  }
  return [];
}

/** What an order must look like to be the answer to a refund or cancellation question, or a complaint. */
function topicFit(item: PlanItem): ((o: ContextOrder) => boolean) | null {
  // Something that arrived broken, wrong or incomplete was shipped.
  if (item.type === 'complaint') {
    return (o) => [2, 3, 10].includes(o.status.id) || (o.shipments ?? []).length > 0 || o.itemsShipped > 0;
  }
  if (item.type !== 'status_question') return null;
  if (item.topic === 'cancel') return (o) => o.status.id === 5;
  if (item.topic === 'refund')
    return (o) => o.status.id === 4 || o.status.id === 14 || Number(o.refundedAmount.amount) > 0;
  return null;
}

function byRecency(item: PlanItem, orders: ContextOrder[], now: Date): ContextOrder[] {
  const newest = orders.slice(0, 1);
  const first = (test: (o: ContextOrder) => boolean): ContextOrder[] => {
    const found = orders.find(test);
    return found ? [found] : newest;
  };
  const shipped = (o: ContextOrder): boolean =>
    [2, 3, 10].includes(o.status.id) || (o.shipments ?? []).length > 0 || o.itemsShipped > 0;
  switch (item.type) {
    case 'status_question':
      if (item.topic === 'status') {
        const open = orders.filter((o) => isOpen(o, now));
        // The newest order is what "where is my order" most often means, unless it is long settled.
        const latest = orders[0];
        const latestCounts = latest !== undefined && latest.status.id === 2 && !open.includes(latest);
        return open.length > 0 ? (latestCounts ? [latest, ...open] : open) : newest;
      }
      if (item.topic === 'refund')
        return first((o) => o.status.id === 4 || o.status.id === 14 || Number(o.refundedAmount.amount) > 0);
      if (item.topic === 'cancel') return first((o) => o.status.id === 5);
      if (item.topic === 'payment' && item.doubleCharge) {
        // Every order placed within a few days of the newest: what a double charge would look like.
        const newestTime = Date.parse(orders[0]?.dateCreated ?? '');
        return orders.filter((o) => Math.abs(Date.parse(o.dateCreated ?? '') - newestTime) <= 3 * DAY);
      }
      return newest;
    case 'action_request':
      if (item.topic === 'return') return first(shipped);
      if (item.topic === 'cancel' || item.topic === 'address_change')
        return first((o) => isOpen(o, now) || o.status.id === 2);
      return newest;
    case 'complaint':
      return first(shipped);
    default:
      return newest;
  }
}

/** Still on its way: not yet shipped, or shipped recently (a shipped order counts for three weeks). */
export function isOpen(order: ContextOrder, now: Date): boolean {
  if (OPEN_STATUSES.has(order.status.id)) return true;
  if (order.status.id !== 2) return false;
  const shippedAt = order.dateShipped ?? order.shipments?.[0]?.dateCreated ?? order.dateCreated;
  const time = Date.parse(shippedAt ?? '');
  return Number.isFinite(time) && now.getTime() - time <= SHIPPED_RECENTLY_DAYS * DAY;
}

function within(iso: string | null, from: string, to: string): boolean {
  if (!iso) return false;
  const day = iso.slice(0, 10);
  return day >= from && day <= to;
}

/** Words too common in product names to tell orders apart. */
const GENERIC = new Set(
  'with pack set size small medium large extra color colour black white blue green grey gray navy brown beige kit and the for edition classic original premium standard mini plus item items order product piece pieces pair pairs cotton wool linen women mens men womens unisex kids'.split(
    ' ',
  ),
);

function stem(word: string): string {
  return word.length > 3 ? word.replace(/(?:es|s)$/, '') : word;
}

/**
 * Orders whose item names or SKUs the text names, best match first; ties are all kept. An order
 * with items not read (older orders) cannot match.
 */
function matchByItems(orders: ContextOrder[], text: string): ContextOrder[] {
  const normalized = normalize(text);
  const words = new Set(tokens(normalized).map(stem));
  // "thermometre" (as written) and "Thermometer" (the catalog): long words match on six letters.
  const prefixes = new Set([...words].filter((w) => w.length >= 6).map((w) => w.slice(0, 6)));
  let best = 0;
  const scored = orders.map((order) => {
    let score = 0;
    for (const line of order.items ?? []) {
      if (line.sku && line.sku.length >= 4 && normalized.includes(line.sku.toLowerCase())) score += 3;
      const nameWords = new Set(
        tokens(normalize(line.name))
          .filter((w) => w.length >= 3 && !GENERIC.has(w))
          .map(stem),
      );
      for (const w of nameWords) if (words.has(w) || (w.length >= 6 && prefixes.has(w.slice(0, 6)))) score += 1;
    }
    best = Math.max(best, score);
    return { order, score };
  });
  if (best === 0) return [];
  return scored.filter((s) => s.score === best).map((s) => s.order);
}
