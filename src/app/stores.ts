/**
 * One cached store per BigCommerce store hash, kept across jobs: the context cache (a minute of
 * reuse, coalesced requests) and the client's rate-limit tracking only help if consecutive
 * emails for the same store share them. A new token (reconnect) replaces the entry.
 */
import { createHash } from 'node:crypto';
import { createBigCommerceStore } from '../bigcommerce/index.js';
import { createCachedStore } from '../context/index.js';
import type { Logger } from '../shared/logger.js';
import type { StoreDataSource } from '../shared/store-data.js';

export interface StoreProvider {
  /** The token is decrypted by the caller right before this call and not kept in clear by us. */
  open(input: { storeHash: string; accessToken: string }): StoreDataSource;
  /** Drops a store (e.g. after its token was found invalid). */
  forget(storeHash: string): void;
}

export function createStoreProvider(options: { apiUrl: string; logger?: Logger }): StoreProvider {
  const stores = new Map<string, { tokenHash: string; store: StoreDataSource }>();
  return {
    open({ storeHash, accessToken }) {
      const tokenHash = createHash('sha256').update(accessToken).digest('hex');
      const existing = stores.get(storeHash);
      if (existing && existing.tokenHash === tokenHash) return existing.store;
      const store = createCachedStore(
        createBigCommerceStore({
          storeHash,
          accessToken,
          apiUrl: options.apiUrl,
          ...(options.logger ? { logger: options.logger } : {}),
        }),
      );
      stores.set(storeHash, { tokenHash, store });
      return store;
    },
    forget(storeHash) {
      stores.delete(storeHash);
    },
  };
}
