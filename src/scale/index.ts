/**
 * Shared state for running several Snoooz processes: the BigCommerce rate-limit budget and the
 * store-data cache in Redis. Injected by the composition root (`app/stores.ts`); `context/` and
 * `bigcommerce/` only know the interfaces (`RateLimitState`, `StoreDataSource`).
 */
export { createRedisRateLimitState } from './redis-rate-limit.js';
export type { RedisRateLimitOptions, RedisRateLimitState } from './redis-rate-limit.js';
export { createRedisCachedStore, readCacheStats } from './redis-cache.js';
export type { RedisCachedStore, RedisCachedStoreOptions } from './redis-cache.js';
export { connectRedis, describeRedisUrl } from './redis.js';
