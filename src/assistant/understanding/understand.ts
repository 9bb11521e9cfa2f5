import { extractOrderNumbers } from '../../context/index.js';
import type { AnswerPlan, PlanItem } from '../plan/types.js';
import type { ChangeRequest, IncomingMessage, Intent, Understanding } from '../types.js';
import { buildPlan } from './plan.js';

/**
 * What the message asks, about which orders, in which language: the answer plan (plan.ts), and
 * from it the one intent the reply rules and earned autonomy are keyed on. The order numbers to
 * look up are those of the new text first, then the subject, then the quoted history.
 */
export function understand(message: IncomingMessage, now: Date = new Date()): Understanding {
  const plan = buildPlan(message, now);
  const orderNumbers = unique([
    ...extractOrderNumbers(message.text ?? ''),
    ...plan.subjectNumbers,
    ...plan.historyNumbers,
  ]);
  const changeRequests: ChangeRequest[] = plan.items.some((i) => i.topic === 'address_change') ? ['address'] : [];
  return {
    intent: intentOf(plan),
    orderNumbers,
    language: plan.language,
    ...(changeRequests.length > 0 ? { changeRequests } : {}),
    plan,
  };
}

/** A request decides the intent (so it is never auto-sent); otherwise the first item does. */
export function intentOf(plan: AnswerPlan): Intent {
  const request = plan.items.find((i) => i.type === 'action_request' && i.topic !== 'address_change');
  if (request) return intentOfItem(request);
  const complaint = plan.items.find((i) => i.type === 'complaint');
  if (complaint) return 'return_request';
  const first = plan.items.find((i) => i.topic !== 'thanks' && i.topic !== 'other') ?? plan.items[0];
  return first ? intentOfItem(first) : 'other';
}

export function intentOfItem(item: PlanItem): Intent {
  switch (`${item.type}/${item.topic}`) {
    case 'action_request/refund':
      return 'refund_request';
    case 'action_request/cancel':
      return 'cancel_request';
    case 'action_request/return':
      return 'return_request';
    case 'status_question/status':
      return 'shipping_tracking';
    case 'status_question/items':
      return 'order_items';
    case 'status_question/payment':
      return 'payment_status';
    case 'information_request/customer_info':
      return 'customer_info';
    case 'status_question/refund':
    case 'status_question/cancel':
    case 'action_request/address_change':
    case 'information_request/invoice':
      return 'order_help';
    case 'complaint/damaged':
    case 'complaint/wrong_item':
    case 'complaint/missing_item':
      return 'return_request';
    default:
      return 'other';
  }
}

function unique(numbers: number[]): number[] {
  return [...new Set(numbers)];
}
