import type { ContextOrder } from '../../context/types.js';
import { resolvePlan } from '../plan/resolve.js';
import type { PlanItem } from '../plan/types.js';
import { buildPlan } from '../understanding/plan.js';
import { LANGUAGES, type ComposeInput, type Draft, type Language, type Tone } from '../types.js';
import { createFormatter } from './format.js';
import { phrasesFor } from './i18n/index.js';
import { planPhrasesFor } from './i18n/plan/index.js';
import { clean, para, ref, type Paragraph, type ReplyContext } from './sections/common.js';
import { customerSection } from './sections/customer.js';
import { itemsSection } from './sections/items.js';
import { paymentSection } from './sections/payment.js';
import {
  cancelStatusSection,
  complaintSection,
  doubleChargeSection,
  empathyLine,
  refundStatusSection,
  requestSection,
  stockSection,
} from './sections/plan.js';
import { statusSection } from './sections/status.js';
import { signOff } from './signature.js';
import { replySubject } from './subject.js';

const TONES: readonly Tone[] = ['friendly', 'formal', 'concise'];
/** Lookups whose failure leaves us unable to say whether the sender has orders. */
const LOOKUP_RESOURCES = new Set(['customer', 'orders']);

/**
 * The built-in composer: deterministic, offline, and grounded only in the context. It follows the
 * answer plan: an empathy line when something went wrong, then one short section per item in the
 * customer's order (an answer from the store data, or an honest hand-off), the request for
 * details when an order could not be found, one next step and the sign-off. The customer's email
 * is never copied into the reply (it is data, not instructions); only its subject is echoed.
 */
export function composeBuiltinReply(input: ComposeInput): Draft {
  const { message, understanding, context, settings } = input;
  const language: Language = LANGUAGES.includes(understanding.language) ? understanding.language : 'en';
  const tone: Tone = TONES.includes(settings.tone) ? settings.tone : 'friendly';
  const plan =
    understanding.plan ?? resolvePlan(buildPlan(message), context, message.text ?? '', new Date(context.fetchedAt));
  const p = phrasesFor(language);
  const r: ReplyContext = {
    p,
    pp: planPhrasesFor(language),
    f: createFormatter(language, context.store?.timezone),
    tone,
    formal: tone === 'formal',
    settings,
    context,
    understanding,
    plan,
  };

  const kept = body(r).filter((x) => !(tone === 'concise' && x.optional));
  // One next step per reply: the last one (after every item it answered).
  const lastNext = kept.map((x) => x.next === true).lastIndexOf(true);
  const seen = new Set<string>();
  const paragraphs = kept
    .filter((x, i) => !x.next || i === lastNext)
    .map((x) => x.text)
    .filter((text) => (seen.has(text) ? false : (seen.add(text), true)));
  // Never an empty reply: with nothing we can state, a teammate takes over.
  if (paragraphs.length === 0) paragraphs.push(p.teammateWillCheck(r.formal));
  paragraphs[0] = p.afterGreeting(paragraphs[0] ?? '');

  const text = [p.greeting(greetingName(r), tone), ...paragraphs, signOff(settings, p, tone)].join('\n\n');
  return { subject: replySubject(message.subject ?? '', language), text, composer: 'builtin', fallbackReason: null };
}

function body(r: ReplyContext): Paragraph[] {
  const { context, plan } = r;
  const lookupFailed = context.orders.length === 0 && context.notices.some((n) => LOOKUP_RESOURCES.has(n.resource));
  const out: Paragraph[] = [...para(empathyLine(r))];
  const unmatched = [...new Set(plan.items.flatMap((i) => i.unmatched))];
  const needsOrder = plan.items.some(aboutAnOrder);

  let handedOff = false;
  // An order a refund or cancellation answer already speaks for gets no second status section.
  // So does a shipped order a cancellation or address change was refused for: that answer already
  // gives the shipping date, carrier and tracking.
  const shipped = (id: number): boolean => {
    const order = context.orders.find((o) => o.id === id);
    return order !== undefined && ([2, 3, 10].includes(order.status.id) || (order.shipments ?? []).length > 0);
  };
  const spokenFor = new Set([
    ...plan.items
      .filter((i) => i.type === 'status_question' && (i.topic === 'refund' || i.topic === 'cancel'))
      .flatMap((i) => i.orderIds),
    ...plan.items
      .filter((i) => i.type === 'action_request' && (i.topic === 'cancel' || i.topic === 'address_change'))
      .flatMap((i) => i.orderIds.filter(shipped)),
    // A missing-item complaint on a partly shipped order already shows each shipment and what is left.
    ...plan.items
      .filter((i) => i.type === 'complaint' && i.topic === 'missing_item')
      .flatMap((i) => i.orderIds.filter((id) => context.orders.find((o) => o.id === id)?.status.id === 3)),
  ]);
  for (const item of plan.items) {
    const orders = item.orderIds
      .map((id) => context.orders.find((o) => o.id === id))
      .filter((o): o is ContextOrder => o !== undefined)
      .filter((o) => !(item.type === 'status_question' && item.topic === 'status' && spokenFor.has(o.id)));
    const section = sectionFor(r, item, orders);
    if (item.type === 'information_request' && item.topic === 'other') handedOff = true;
    out.push(...section);
  }
  if (handedOff && out.length === 0) out.push(...para(r.p.otherAck(r.tone)));

  // Asking for the order number and checkout email: a number that is not theirs (never hinting it
  // exists elsewhere), or no orders at all when the email is about one. Not when the lookup itself
  // failed: then we do not know, and a teammate checks.
  if (unmatched.length > 0) {
    const refs = r.f.list(unmatched.map((n) => ref(r, n)));
    out.push(...para(r.p.unmatched(refs, unmatched.length)), ...para(r.p.askOrderDetails(r.formal)));
  } else if (needsOrder && !lookupFailed && context.orders.length === 0) {
    out.push(...para(r.p.noOrdersFound), ...para(r.p.askOrderDetails(r.formal)));
  }
  if (lookupFailed) out.push(...para(needsOrder ? r.p.lookupFailed(r.formal) : r.p.teammateWillCheck(r.formal)));
  else if (context.notices.length > 0) out.push(...para(r.p.teammateWillCheck(r.formal)));
  return out;
}

/** Whether an item needs one of the sender's orders to be answered. */
function aboutAnOrder(item: PlanItem): boolean {
  if (item.type === 'status_question' || item.type === 'action_request' || item.type === 'complaint') return true;
  return item.topic === 'invoice';
}

function sectionFor(r: ReplyContext, item: PlanItem, orders: ContextOrder[]): Paragraph[] {
  const first = orders[0] ?? null;
  const key = `${item.type}/${item.topic}`;
  switch (key) {
    case 'status_question/status':
      return orders.flatMap((o) => statusSection(r, o));
    case 'status_question/items':
      return orders.flatMap((o) => itemsSection(r, o));
    case 'status_question/payment':
      if (item.doubleCharge) return [...doubleChargeSection(r, orders), ...orders.flatMap((o) => paymentSection(r, o))];
      return orders.flatMap((o) => [...paymentSection(r, o), ...(item.shippingCost ? shippingCostLine(r, o) : [])]);
    case 'status_question/refund':
      return orders.flatMap((o) => refundStatusSection(r, o));
    case 'status_question/cancel':
      return orders.flatMap((o) => cancelStatusSection(r, o, item));
    case 'information_request/customer_info':
      return customerInfo(r, item);
    case 'information_request/invoice':
      return para(r.pp.invoiceHandoff(first ? ref(r, first) : null, r.formal));
    case 'information_request/other':
      return para(r.plan.items.length === 1 ? r.p.otherAck(r.tone) : r.pp.otherHandoff(r.formal));
    case 'product_question/stock':
      return stockSection(r, item);
    case 'other/thanks':
      return r.plan.items.length === 1 ? para(r.pp.thanksReply(r.formal)) : [];
    case 'other/other':
      return para(r.p.otherAck(r.tone));
    default:
      if (item.type === 'action_request') {
        if (orders.length <= 1) return requestSection(r, item, first);
        return orders.flatMap((o) => requestSection(r, item, o));
      }
      if (item.type === 'complaint') return complaintSection(r, item, first);
      return [];
  }
}

/** Details on file, with the fields the workspace does not show named and where to see them. */
function customerInfo(r: ReplyContext, item: PlanItem): Paragraph[] {
  const asks = item.asks ?? [];
  const out = customerSection(r, asks);
  const withheld: ('phone' | 'address')[] = [];
  if (asks.includes('phone') && !r.settings.allowPhone) withheld.push('phone');
  if (asks.includes('address') && !r.settings.allowAddress) withheld.push('address');
  if (withheld.length > 0) {
    out.push(...para(r.pp.detailsWithheld(r.f.list(withheld.map((f) => r.pp.fieldName(f))), r.formal)));
  }
  if (out.length === 0 && r.context.orders.length === 0) {
    return [...para(r.p.noOrdersFound), ...para(r.p.askOrderDetails(r.formal))];
  }
  return out;
}

/** "Shipping: $9.99", when the order records a shipping cost. */
function shippingCostLine(r: ReplyContext, order: ContextOrder): Paragraph[] {
  const cost = Number(order.shippingCost.amount) > 0 ? r.f.money(order.shippingCost) : null;
  return cost ? para(r.pp.shippingCost(cost)) : [];
}

function greetingName(r: ReplyContext): { firstName: string; lastName: string } | null {
  const name = r.context.senderName;
  const firstName = clean(name?.firstName).slice(0, 60);
  if (!firstName) return null;
  return { firstName, lastName: clean(name?.lastName).slice(0, 60) };
}
