/**
 * The read-only BigCommerce adapter. Everything other modules may use is exported here.
 * Configuration: `apiUrl` option, else `BIGCOMMERCE_API_URL`, else https://api.bigcommerce.com
 * (resolved only in config.ts).
 */
export { DEFAULT_API_URL } from './config.js';
export {
  createBigCommerceClient,
  type BigCommerceClient,
  type BigCommerceClientOptions,
  type BigCommerceResponse,
} from './client.js';
export { createBigCommerceStore, type BigCommerceStore } from './store.js';
export {
  testConnection,
  type ConnectionReport,
  type ConnectionScopes,
  type ConnectionTestOptions,
} from './connection-test.js';
export { BigCommerceError, isBigCommerceError, type BigCommerceErrorCode, type BigCommerceScope } from './errors.js';
export { parseStoreHash } from './store-hash.js';
export {
  InMemoryRateLimitState,
  type InMemoryRateLimitStateOptions,
  type RateLimitObservation,
  type RateLimitState,
} from './rate-limit.js';
export type { BigCommerceLogger, QueryParams, QueryValue } from './logging.js';
