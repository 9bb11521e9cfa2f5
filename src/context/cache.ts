import { LRUCache } from 'lru-cache';
import type { RequestOptions, StoreDataSource } from '../shared/store-data.js';
import { cachedReads } from './cache-keys.js';
import { normalizeEmail } from './email.js';

export interface CachedStoreOptions {
  /** How long an answer is reused (default 60 s). 0 keeps only the coalescing of requests in flight. */
  ttlMs?: number;
  /** How many answers are kept (default 2000); the least recently used go first. */
  maxEntries?: number;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

export type CachedStore = StoreDataSource & {
  /** Forgets an order, its details and every order list (any list may hold it, or should now). */
  invalidateOrder(orderId: number): void;
  /** Forgets the customer records for an address and the order lists asked for with it. */
  invalidateCustomer(email: string): void;
  clear(): void;
  /** A hit is any call that sent no request: a stored answer, or joining one already in flight. */
  stats(): { hits: number; misses: number };
};

interface Entry {
  promise: Promise<unknown>;
  /** The answer once it arrived; read by invalidateCustomer to find the customer ids. */
  value?: unknown;
  /** Clock time after which the answer is stale; Infinity while the request is in flight. */
  expiresAt: number;
}

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 2_000;

/**
 * Wraps one store's data source with a short-lived cache. Identical requests made while one is in
 * flight share it (two emails from one sender cause one set of lookups); answers are reused for
 * `ttlMs`; failures are never stored, so the next call tries again. Callers get their own copy of
 * every answer, so one email's code cannot change what another sees.
 */
export function createCachedStore(store: StoreDataSource, options: CachedStoreOptions = {}): CachedStore {
  const ttlMs = Math.max(0, options.ttlMs ?? DEFAULT_TTL_MS);
  const now = options.now ?? (() => performance.now());
  // lru-cache only bounds the size; expiry is ours, so an in-flight request never expires while
  // it runs and a test clock that starts at 0 behaves like any other.
  const entries = new LRUCache<string, Entry>({ max: Math.max(1, options.maxEntries ?? DEFAULT_MAX_ENTRIES) });
  let hits = 0;
  let misses = 0;

  /** The entry for `key` unless it has gone stale (then it is dropped). */
  const fresh = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const start = (key: string, load: () => Promise<unknown>): Entry => {
    const entry: Entry = { promise: load(), expiresAt: Number.POSITIVE_INFINITY };
    entries.set(key, entry);
    entry.promise.then(
      (value) => {
        if (entries.peek(key) !== entry) return; // invalidated meanwhile: do not bring it back
        entry.value = value;
        // The answer is fresh from the moment it arrived, not from when it was asked for.
        entry.expiresAt = now() + ttlMs;
        if (ttlMs === 0) entries.delete(key);
      },
      () => {
        if (entries.peek(key) === entry) entries.delete(key);
      },
    );
    return entry;
  };

  const cached = <T>(key: string, load: () => Promise<T>, request?: RequestOptions): Promise<T> => {
    let entry = fresh(key);
    if (entry) hits += 1;
    else {
      misses += 1;
      // The shared request gets no caller's signal: one caller giving up must not fail the others.
      entry = start(key, load);
    }
    return whileNotAborted(
      entry.promise.then((value) => structuredClone(value) as T),
      request?.signal,
    );
  };

  const deleteWhere = (test: (key: string) => boolean): void => {
    for (const key of [...entries.keys()]) if (test(key)) entries.delete(key);
  };

  return {
    ...cachedReads(store, cached),

    invalidateOrder(orderId) {
      for (const kind of ['order', 'products', 'shipments', 'shipping']) entries.delete(`${kind}|${orderId}`);
      deleteWhere((key) => key.startsWith('orders|'));
    },
    invalidateCustomer(email) {
      const address = normalizeEmail(email);
      const known = entries.peek(`customers|${address}`)?.value;
      const customerIds = new Set(Array.isArray(known) ? known.map((customer: { id: number }) => customer.id) : []);
      entries.delete(`customers|${address}`);
      for (const id of customerIds) entries.delete(`customer-id|${id}`);
      deleteWhere((key) => {
        if (!key.startsWith('orders|')) return false;
        const [, customerId, listEmail] = key.split('|');
        return listEmail === address || customerIds.has(Number(customerId));
      });
    },
    clear() {
      entries.clear();
    },
    stats: () => ({ hits, misses }),
  };
}

/** `orders|<customer id or empty>|<email or empty>|<limit>`; the email is normalised like every lookup. */

/** Resolves like `promise`, unless `signal` aborts first; the shared request keeps running either way. */
function whileNotAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
