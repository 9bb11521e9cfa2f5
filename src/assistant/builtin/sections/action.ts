import type { ContextOrder } from '../../../context/types.js';
import type { Intent } from '../../types.js';
import type { ActionKind } from '../i18n/index.js';
import { block, itemLines, para, ref, type Paragraph, type ReplyContext } from './common.js';

const KIND: Partial<Record<Intent, ActionKind>> = {
  refund_request: 'refund',
  cancel_request: 'cancel',
  return_request: 'return',
};

/**
 * Refund, cancellation, return or exchange: acknowledge the request and which order it is about,
 * and say the team will review it and reply. Snoooz cannot act on the store and never says it
 * did, never promises an outcome or a date, and states no status here ("it was refunded" would
 * read as the answer to the request).
 */
export function actionSection(r: ReplyContext, order: ContextOrder | null, ask: Paragraph[]): Paragraph[] {
  const kind = KIND[r.understanding.intent] ?? 'return';
  const out = para(r.p.actionReceived(kind, order ? ref(r, order) : null));
  if (order && kind === 'return' && order.items) {
    out.push(...para(block(r.p.itemsInOrder(ref(r, order)), itemLines(r, order.items)), true));
  }
  out.push(...ask);
  out.push(...para(r.p.actionReview(r.formal)));
  return out;
}
