import type { ContextOrder } from '../../../context/types.js';
import { nextStep, para, ref, statusSentence, type Paragraph, type ReplyContext } from './common.js';

/** Statuses whose plain words already say the order did not go through. */
const NOT_PLACED = new Set([0, 1, 6]);
const RECEIVED = new Set(['captured', 'paid', 'refunded', 'partially refunded']);
const PENDING = new Set(['pending', 'capture pending', 'held for review']);
/** Awaiting Fulfillment means "payment was received" in BigCommerce's own words. */
const AWAITING_FULFILLMENT = 11;

/**
 * "Did my payment go through": whether the order was placed and paid, as the order's status and
 * payment status show, and always the order total with its currency when it is known (so the
 * customer can match it against their bank statement). Never card data, never the payment
 * method's details.
 */
export function paymentSection(r: ReplyContext, order: ContextOrder): Paragraph[] {
  const statusId = order.status.id;
  const total = r.f.money(order.total);
  // Not placed (incomplete, pending, declined): the status says so; the total is what was attempted.
  if (NOT_PLACED.has(statusId)) {
    return [...para(statusSentence(r, order)), ...totalOf(r, order, total), ...next(r)];
  }

  const paymentStatus = (order.paymentStatus ?? '').trim().toLowerCase();
  let payment: string | null = null;
  let statesTotal = false;
  let received = false;
  if (RECEIVED.has(paymentStatus) || (!paymentStatus && statusId === AWAITING_FULFILLMENT)) {
    payment = r.p.paymentReceived(total);
    received = true;
    statesTotal = true;
  } else if (paymentStatus === 'authorized') {
    payment = r.p.paymentAuthorised(total);
    statesTotal = true;
  } else if (PENDING.has(paymentStatus)) {
    payment = r.p.paymentPending(total);
    statesTotal = true;
  } else if (paymentStatus === 'declined') payment = r.p.paymentDeclined(ref(r, order));
  else if (paymentStatus === 'void' || paymentStatus === 'void pending') payment = r.p.paymentVoided;

  const placed = r.p.placed(ref(r, order), r.f.date(order.dateCreated));
  const out = para([placed, payment].filter(Boolean).join(' '));
  // Payment status unknown (manual or offline payment), declined or voided: the total, not a claim about the payment.
  if (!statesTotal && total) out.push(...para(r.p.total(total)));
  // "Payment received, being prepared" would repeat itself; say only that it is being prepared.
  const label = order.status.label.trim();
  const renamed = label !== '' && label !== order.status.name.trim();
  if (received && statusId === AWAITING_FULFILLMENT && !renamed) out.push(...para(r.p.preparing));
  else out.push(...para(statusSentence(r, order)));
  return [...out, ...next(r)];
}

/** "The total for order #5137 is $191.89." */
function totalOf(r: ReplyContext, order: ContextOrder, total: string | null): Paragraph[] {
  return total ? para(r.p.orderSummary(ref(r, order), null, total)) : [];
}

function next(r: ReplyContext): Paragraph[] {
  return r.context.notices.length === 0 ? nextStep(r.p.nextStepGeneral(r.formal)) : [];
}
