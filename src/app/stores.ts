/**
 * One cached store per BigCommerce store hash, kept across jobs: the context cache (a minute of
 * reuse, coalesced requests) and the client's rate-limit tracking only help if consecutive
 * emails for the same store share them. A new token (reconnect) replaces the entry.
 *
 * With several processes (see docs/architecture.md, "Scale-out") the composition root passes a
 * shared `rateLimitState` (Redis) so every process spends one budget per store, and a `cache`
 * factory that puts the shared Redis cache in place of the in-process one.
 */
import { createHash } from 'node:crypto';
import { createBigCommerceStore, type RateLimitState } from '../bigcommerce/index.js';
import { createCachedStore } from '../context/index.js';
import type { Logger } from '../shared/logger.js';
import type { StoreDataSource } from '../shared/store-data.js';

export interface StoreProvider {
  /** The token is decrypted by the caller right before this call and not kept in clear by us. */
  open(input: { storeHash: string; accessToken: string }): StoreDataSource;
  /** Drops a store (e.g. after its token was found invalid). */
  forget(storeHash: string): void;
}

export interface StoreProviderOptions {
  apiUrl: string;
  logger?: Logger;
  /** Shared by every store client of this process (and, in Redis, by every process). */
  rateLimitState?: RateLimitState;
  /** Wraps a store's data source in a cache; default: the in-process cache (`createCachedStore`). */
  cache?: (store: StoreDataSource, storeHash: string) => StoreDataSource;
  /** Requests in flight at once per store in this process (the client's default is 8). */
  concurrency?: number;
}

export function createStoreProvider(options: StoreProviderOptions): StoreProvider {
  const stores = new Map<string, { tokenHash: string; store: StoreDataSource }>();
  const cache = options.cache ?? ((store: StoreDataSource) => createCachedStore(store));
  return {
    open({ storeHash, accessToken }) {
      const tokenHash = createHash('sha256').update(accessToken).digest('hex');
      const existing = stores.get(storeHash);
      if (existing && existing.tokenHash === tokenHash) return existing.store;
      const store = cache(
        createBigCommerceStore({
          storeHash,
          accessToken,
          apiUrl: options.apiUrl,
          ...(options.logger ? { logger: options.logger } : {}),
          ...(options.rateLimitState ? { rateLimitState: options.rateLimitState } : {}),
          ...(options.concurrency ? { concurrency: options.concurrency } : {}),
        }),
        storeHash,
      );
      stores.set(storeHash, { tokenHash, store });
      return store;
    },
    forget(storeHash) {
      stores.delete(storeHash);
    },
  };
}
