import type { ContextOrder } from '../../../context/types.js';
import {
  hasTracking,
  nextStep,
  orderSummary,
  para,
  shipmentParagraphs,
  statusSentence,
  stillToShip,
  type Paragraph,
  type ReplyContext,
} from './common.js';

/** On a refunded or partly refunded order, the amount the store shows as refunded. */
function refundedSoFar(r: ReplyContext, order: ContextOrder): Paragraph[] {
  if (order.status.id !== 4 && order.status.id !== 14) return [];
  const amount = Number(order.refundedAmount.amount) > 0 ? r.f.money(order.refundedAmount) : null;
  return amount ? para(r.pp.refundedAmount(amount)) : [];
}

/**
 * "Where is my order", "has it shipped", "help with order #N": the status in plain words first,
 * then every shipment (carrier, tracking number and link, items), what is still to ship, and the
 * one next step.
 */
export function statusSection(r: ReplyContext, order: ContextOrder, help = false): Paragraph[] {
  const out: Paragraph[] = [
    ...para(statusSentence(r, order)),
    ...shipmentParagraphs(r, order),
    ...stillToShip(r, order),
    ...refundedSoFar(r, order),
  ];
  if (help) out.push(...orderSummary(r, order));
  if (r.context.notices.length === 0) {
    const next = help
      ? r.p.nextStepHelp(r.formal)
      : hasTracking(order)
        ? r.p.nextStepShipped(r.formal)
        : r.p.nextStepGeneral(r.formal);
    out.push(...nextStep(next));
  }
  return out;
}
