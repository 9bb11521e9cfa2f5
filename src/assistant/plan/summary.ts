import type { CustomerContext } from '../../context/types.js';
import type { AnswerPlan, PlanItem } from './types.js';

/**
 * The plan as the agent sees it beside the draft: one line per item, whether the reply answers it
 * from the store data or hands it to a person, and a note when the customer wrote in a language
 * the built-in composer does not speak. Stored with the draft's evidence.
 */
export interface PlanSummary {
  language: string;
  detectedLanguage: string;
  unsupportedLanguage: boolean;
  feeling: 'upset' | 'worried' | null;
  lines: { outcome: 'answered' | 'handed_off' | 'asked_for_details'; text: string }[];
  notes: string[];
}

const TOPIC_WORDS: Record<string, string> = {
  'status_question/status': 'status of',
  'status_question/items': 'items in',
  'status_question/payment': 'payment of',
  'status_question/refund': 'refund status of',
  'status_question/cancel': 'cancellation status of',
  'action_request/refund': 'refund request for',
  'action_request/cancel': 'cancellation request for',
  'action_request/return': 'return or exchange request for',
  'action_request/address_change': 'address change for',
  'action_request/other': 'request about',
  'information_request/customer_info': 'details on file',
  'information_request/invoice': 'invoice copy for',
  'information_request/other': 'question the store data cannot answer',
  'complaint/damaged': 'damaged items in',
  'complaint/wrong_item': 'wrong item in',
  'complaint/missing_item': 'missing item in',
  'complaint/other': 'complaint about',
  'product_question/stock': 'product availability',
  'other/thanks': 'thanks',
  'other/other': 'message',
};

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

export function summarisePlan(plan: AnswerPlan, context: CustomerContext): PlanSummary {
  const lines = plan.items.map((item) => line(item, context));
  const notes: string[] = [];
  if (plan.unsupportedLanguage) {
    notes.push(
      `The customer wrote in ${languageName(plan.detectedLanguage)}; the built-in composer replied in ${languageName(plan.language)}. Check the reply, or configure an AI model to answer in the customer's language.`,
    );
  }
  return {
    language: plan.language,
    detectedLanguage: plan.detectedLanguage,
    unsupportedLanguage: plan.unsupportedLanguage,
    feeling: plan.feeling,
    lines,
    notes,
  };
}

function line(item: PlanItem, context: CustomerContext): PlanSummary['lines'][number] {
  const key = `${item.type}/${item.topic}`;
  const words = TOPIC_WORDS[key] ?? key;
  const refs = item.orderIds.map((id) => `#${id}`).join(', ');
  const text =
    refs && words.endsWith(' of')
      ? `${words} ${refs}`
      : refs && /(?:for|in|about)$/.test(words)
        ? `${words} ${refs}`
        : words.replace(/ (?:of|for|in|about)$/, '');
  if (item.unmatched.length > 0) {
    return {
      outcome: 'asked_for_details',
      text: `${text}: ${item.unmatched.map((n) => `#${n}`).join(', ')} not found for this sender`,
    };
  }
  const handedOff =
    item.type === 'complaint' ||
    (item.type === 'action_request' && item.topic !== 'cancel') ||
    key === 'action_request/cancel' ||
    key === 'information_request/invoice' ||
    key === 'information_request/other' ||
    key === 'other/other' ||
    (key === 'product_question/stock' && (context.products ?? []).length === 0);
  if (
    item.orderIds.length === 0 &&
    (item.type === 'status_question' || item.type === 'action_request') &&
    context.orders.length === 0
  ) {
    return { outcome: 'asked_for_details', text: `${text}: no order found for this sender` };
  }
  return { outcome: handedOff ? 'handed_off' : 'answered', text };
}

function languageName(code: string): string {
  try {
    return LANGUAGE_NAMES.of(code) ?? code;
  } catch {
    return code;
  }
}
