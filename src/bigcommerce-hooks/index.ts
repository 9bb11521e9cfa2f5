/**
 * Webhook subscriptions at `/v3/hooks`: the one write Snoooz can make to BigCommerce, to its own
 * subscriptions, never to customers, orders, products or inventory. Kept apart from
 * `src/bigcommerce/`, whose client stays GET-only by construction.
 */
export {
  SNOOOZ_WEBHOOK_SCOPES,
  WEBHOOK_SECRET_HEADER,
  checkDestination,
  listWebhooks,
  registerWebhooks,
  removeWebhooks,
} from './hooks.js';
export type { HooksConnection, RegisterInput, RegisterResult, Webhook } from './hooks.js';
export { WebhookError, isWebhookError } from './errors.js';
export type { WebhookErrorCode } from './errors.js';
export { HOOKS_COLLECTION } from './paths.js';
