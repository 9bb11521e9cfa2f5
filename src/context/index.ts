/**
 * The customer-context module: sender + message → what a reply may use. Everything the rest of
 * the app needs is exported here; the files behind it are free to change.
 */
export { buildCustomerContext, type BuildCustomerContextInput } from './build.js';
export { createCachedStore, type CachedStore, type CachedStoreOptions } from './cache.js';
export {
  buildContextInStores,
  chooseStore,
  storeMatch,
  type StoreChoice,
  type StoreLookup,
  type StoreMatch,
  type StoreToSearch,
} from './multi-store.js';
export { extractOrderNumbers } from './order-numbers.js';
export { explainStatus } from './status.js';
export { DEFAULT_CONTEXT_OPTIONS } from './options.js';
export type * from './types.js';
export { traceStore, type StoreTrace, type TracedRequest } from './trace.js';
