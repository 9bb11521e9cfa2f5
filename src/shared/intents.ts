/** What an email asks, as the assistant classifies it; rules, settings and autonomy are keyed on it. */
export const INTENTS = [
  'order_status',
  'shipping_tracking',
  'order_items',
  'order_help',
  'customer_info',
  'payment_status',
  'refund_request',
  'cancel_request',
  'return_request',
  'other',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Intents that ask the team to act; never auto-sent, never claimed as done. */
export const ACTION_REQUEST_INTENTS: readonly Intent[] = ['refund_request', 'cancel_request', 'return_request'];
