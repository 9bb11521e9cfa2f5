import type { ContextOrder } from '../../../context/types.js';
import {
  block,
  itemLines,
  nextStep,
  orderSummary,
  para,
  shipmentParagraphs,
  stillToShip,
  ref,
  statusSentence,
  type Paragraph,
  type ReplyContext,
} from './common.js';

/** "What did I order": items with quantities and options, the order date, the total with currency. */
export function itemsSection(r: ReplyContext, order: ContextOrder): Paragraph[] {
  const out: Paragraph[] = [];
  const lines = order.items ? itemLines(r, order.items) : [];
  if (lines.length > 0) {
    out.push(...para(block(r.p.itemsIntro(ref(r, order), r.f.date(order.dateCreated)), lines)));
    const total = r.f.money(order.total);
    if (total) out.push(...para(r.p.total(total)));
  } else {
    // Items unknown (not readable): say only what the order record shows.
    out.push(...orderSummary(r, order));
  }
  // The status is extra when the items answered the question; it is the answer when they could not be read.
  out.push(...para(statusSentence(r, order), lines.length > 0));
  // On a partly shipped order, what has shipped and what is still to come answer "what's still coming".
  if (order.status.id === 3) out.push(...shipmentParagraphs(r, order), ...stillToShip(r, order));
  if (r.context.notices.length === 0) out.push(...nextStep(r.p.nextStepGeneral(r.formal)));
  return out;
}
