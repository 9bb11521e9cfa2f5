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
  /**
   * The store without any cache (the same client settings and rate-limit budget): for the
   * freshness check before an automatic send and for webhook look-ups.
   */
  openUncached?(input: { storeHash: string; accessToken: string }): StoreDataSource;
  /**
   * Forgets cached answers about an order and/or a customer (a webhook said they changed), in
   * this process's cache and, with Redis, in the shared one.
   */
  invalidate?(
    input: { storeHash: string; accessToken: string },
    what: { orderId?: number; email?: string },
  ): Promise<void>;
}

/** A cache that can forget an order or a customer (the in-process and the Redis cache both can). */
interface Invalidatable {
  invalidateOrder(orderId: number): void | Promise<void>;
  invalidateCustomer(email: string): void | Promise<void>;
}

function isInvalidatable(store: StoreDataSource): store is StoreDataSource & Invalidatable {
  const s = store as Partial<Invalidatable>;
  return typeof s.invalidateOrder === 'function' && typeof s.invalidateCustomer === 'function';
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
  const direct = (storeHash: string, accessToken: string): StoreDataSource =>
    createBigCommerceStore({
      storeHash,
      accessToken,
      apiUrl: options.apiUrl,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.rateLimitState ? { rateLimitState: options.rateLimitState } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
  const provider: StoreProvider = {
    open({ storeHash, accessToken }) {
      const tokenHash = createHash('sha256').update(accessToken).digest('hex');
      const existing = stores.get(storeHash);
      if (existing && existing.tokenHash === tokenHash) return existing.store;
      const store = cache(direct(storeHash, accessToken), storeHash);
      stores.set(storeHash, { tokenHash, store });
      return store;
    },
    openUncached: ({ storeHash, accessToken }) => direct(storeHash, accessToken),
    forget(storeHash) {
      stores.delete(storeHash);
    },
    async invalidate(input, what) {
      // Opening reaches the shared (Redis) cache even when this process never used the store.
      const store = provider.open(input);
      if (!isInvalidatable(store)) return;
      if (what.orderId !== undefined) await store.invalidateOrder(what.orderId);
      if (what.email !== undefined) await store.invalidateCustomer(what.email);
    },
  };
  return provider;
}
