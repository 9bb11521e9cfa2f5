import type { ContextOrder } from '../../context/types.js';
import {
  ACTION_REQUEST_INTENTS,
  LANGUAGES,
  type ComposeInput,
  type Draft,
  type Language,
  type Tone,
} from '../types.js';
import { createFormatter } from './format.js';
import { phrasesFor } from './i18n/index.js';
import { actionSection } from './sections/action.js';
import { clean, para, ref, type Paragraph, type ReplyContext } from './sections/common.js';
import { customerSection } from './sections/customer.js';
import { itemsSection } from './sections/items.js';
import { paymentSection } from './sections/payment.js';
import { statusSection } from './sections/status.js';
import { signOff } from './signature.js';
import { replySubject } from './subject.js';

const TONES: readonly Tone[] = ['friendly', 'formal', 'concise'];
/** How many of the sender's orders one reply answers for when the email names several. */
const MAX_ORDERS_ANSWERED = 3;
/** Lookups whose failure leaves us unable to say whether the sender has orders. */
const LOOKUP_RESOURCES = new Set(['customer', 'orders']);

/**
 * The built-in composer: deterministic, offline, and grounded only in the context. The customer's
 * email is never copied into the reply (it is data, not instructions); only its subject is echoed.
 */
export function composeBuiltinReply(input: ComposeInput): Draft {
  const { message, understanding, context, settings } = input;
  const language: Language = LANGUAGES.includes(understanding.language) ? understanding.language : 'en';
  const tone: Tone = TONES.includes(settings.tone) ? settings.tone : 'friendly';
  const p = phrasesFor(language);
  const r: ReplyContext = {
    p,
    f: createFormatter(language, context.store?.timezone),
    tone,
    formal: tone === 'formal',
    settings,
    context,
    understanding,
  };

  const kept = body(r).filter((x) => !(tone === 'concise' && x.optional));
  // One next step per reply: the last one (after every order it answered for).
  const lastNext = kept.map((x) => x.next === true).lastIndexOf(true);
  const paragraphs = kept
    .filter((x, i) => !x.next || i === lastNext)
    .map((x) => x.text)
    .filter((text, i, all) => text !== all[i - 1]);
  // Never an empty reply: with nothing we can state, a teammate takes over.
  if (paragraphs.length === 0) paragraphs.push(p.teammateWillCheck(r.formal));
  if (paragraphs.length > 0) paragraphs[0] = p.afterGreeting(paragraphs[0] ?? '');

  const text = [p.greeting(greetingName(r), tone), ...paragraphs, signOff(settings, p, tone)].join('\n\n');
  return { subject: replySubject(message.subject ?? '', language), text, composer: 'builtin', fallbackReason: null };
}

function body(r: ReplyContext): Paragraph[] {
  const { context, understanding } = r;
  const intent = understanding.intent;
  const unmatched = context.unmatchedOrderNumbers.length > 0;
  const lookupFailed = context.orders.length === 0 && context.notices.some((n) => LOOKUP_RESOURCES.has(n.resource));
  const order = answerableOrder(r);
  const ask = askParagraphs(r, { unmatched, lookupFailed });
  const asksAboutOrder = intent !== 'other' || understanding.orderNumbers.length > 0;

  const out: Paragraph[] = [];
  // A change only a person can make comes first, acknowledged (never claimed as done); the rest
  // of the reply (the order's status) shows whether it may still be possible.
  if (understanding.changeRequests?.includes('address')) {
    out.push(...para(r.p.addressChangeReceived(order ? ref(r, order) : null, r.formal)));
  }
  if (ACTION_REQUEST_INTENTS.includes(intent)) {
    out.push(...actionSection(r, order, ask));
  } else if (intent === 'customer_info') {
    const info = customerSection(r);
    out.push(...info, ...(info.length === 0 || unmatched ? ask : []));
  } else if (intent === 'other') {
    out.push(...para(r.p.otherAck(r.tone)), ...(unmatched ? ask : []));
  } else {
    for (const answered of order ? answeredOrders(r, order) : []) {
      if (intent === 'order_items') out.push(...itemsSection(r, answered));
      else if (intent === 'payment_status') out.push(...paymentSection(r, answered));
      else out.push(...statusSection(r, answered));
    }
    out.push(...ask);
  }

  // A question that is not about an order ("do you ship to Canada?") gets no word about order lookups.
  if (lookupFailed) out.push(...para(asksAboutOrder ? r.p.lookupFailed(r.formal) : r.p.teammateWillCheck(r.formal)));
  else if (context.notices.length > 0) out.push(...para(r.p.teammateWillCheck(r.formal)));
  return out;
}

/**
 * The order the reply may talk about: the focus order, unless the customer named an order we could
 * not find and the focus is only their latest (answering about another order would confuse them).
 */
function answerableOrder(r: ReplyContext): ContextOrder | null {
  const { context } = r;
  const unmatched = context.unmatchedOrderNumbers.length > 0;
  if (context.focusOrder) return context.focusReason === 'mentioned' || !unmatched ? context.focusOrder : null;
  return unmatched ? null : (context.orders[0] ?? null);
}

/**
 * The orders the reply answers for: the answerable order first, then every other order the email
 * names that is the sender's (present in their context orders), in the order they were written,
 * at most MAX_ORDERS_ANSWERED. Orders that are not theirs never get here (they are "unmatched").
 */
function answeredOrders(r: ReplyContext, first: ContextOrder): ContextOrder[] {
  const out = [first];
  for (const id of r.understanding.orderNumbers) {
    if (out.length >= MAX_ORDERS_ANSWERED) break;
    if (out.some((o) => o.id === id)) continue;
    const mine = r.context.orders.find((o) => o.id === id);
    if (mine) out.push(mine);
  }
  return out;
}

/**
 * Asking for the order number and checkout email: when a mentioned order was not found under this
 * address (never hinting it exists elsewhere), or when the sender has no orders at all. Not when the
 * lookup itself failed: then we do not know, and a teammate checks.
 */
function askParagraphs(r: ReplyContext, state: { unmatched: boolean; lookupFailed: boolean }): Paragraph[] {
  const { context, p } = r;
  if (state.unmatched) {
    const numbers = context.unmatchedOrderNumbers;
    const refs = r.f.list(numbers.map((n) => ref(r, n)));
    return [...para(p.unmatched(refs, numbers.length)), ...para(p.askOrderDetails(r.formal))];
  }
  if (state.lookupFailed || context.orders.length > 0 || context.focusOrder) return [];
  return [...para(p.noOrdersFound), ...para(p.askOrderDetails(r.formal))];
}

function greetingName(r: ReplyContext): { firstName: string; lastName: string } | null {
  const name = r.context.senderName;
  const firstName = clean(name?.firstName).slice(0, 60);
  if (!firstName) return null;
  return { firstName, lastName: clean(name?.lastName).slice(0, 60) };
}
