import type { CustomerContext } from '../context/types.js';
import { ACTION_REQUEST_INTENTS, type DeliveryDecision, type DeliveryInput } from './types.js';

/**
 * Whether a reply stays a draft, is sent, or is not composed at all.
 * - mode "off": nothing is composed;
 * - mode "drafts" (the default): always a draft for a person to approve;
 * - mode "auto": sent only for intents the workspace chose, when the context is complete and the
 *   fact check passed. Refund, cancellation and return requests are never sent automatically,
 *   whatever the settings say: a person decides those.
 * Anything unexpected (an unknown mode) falls back to a draft.
 */
export function decideDelivery(input: DeliveryInput): DeliveryDecision {
  const { settings, understanding, context, factCheckPassed } = input;
  if (settings.mode === 'off') return { action: 'none', reason: 'Replies are turned off for this workspace.' };
  if (settings.mode !== 'auto') return { action: 'draft', reason: 'Drafts only: a teammate approves every reply.' };

  const intent = understanding.intent;
  if (ACTION_REQUEST_INTENTS.includes(intent)) {
    return {
      action: 'draft',
      reason: `A ${intent.replace('_', ' ')} is never sent automatically; a teammate decides.`,
    };
  }
  if ((understanding.changeRequests ?? []).length > 0) {
    return { action: 'draft', reason: 'The customer asks for a change to their order; a teammate decides.' };
  }
  if (!settings.autoSendIntents.includes(intent)) {
    return { action: 'draft', reason: `Auto-send is not enabled for "${intent}".` };
  }
  const gap = incompleteness(context);
  if (gap) return { action: 'draft', reason: `Kept as a draft: ${gap}.` };
  if (!factCheckPassed) return { action: 'draft', reason: 'Kept as a draft: the fact check did not pass.' };
  return { action: 'send', reason: `Auto-send is enabled for "${intent}" and the store data is complete.` };
}

/** Why the context is not complete enough to send without a person, or null when it is. */
function incompleteness(context: CustomerContext): string | null {
  // A guest is "found" through orders placed with this email address.
  if (!context.customer && context.orders.length === 0) return 'the sender was not found in the store';
  if (!context.focusOrder) return 'no order to answer about';
  if (context.unmatchedOrderNumbers.length > 0) return 'an order number in the email was not found for this sender';
  if (context.notices.length > 0) return 'some store data could not be read';
  return null;
}
