/**
 * A store-data cache shared by every process, in Redis: what one worker looked up for a sender
 * (customer, orders, shipments…) serves the next email from that sender on any worker, so the
 * store's rate-limit budget goes to new lookups. Values are JSON (the domain types are plain
 * JSON: ISO dates, decimal strings) with a TTL (default 60 s, like the in-process cache, so order
 * statuses stay fresh). In front of Redis, identical lookups in flight in this process are
 * coalesced into one. Failures are never cached; if Redis itself fails, the lookup goes to the
 * store (a cache must not take the service down).
 *
 * Keys: `<prefix>:cache:{<store hash>}:<lookup>`; counters for the benchmark and diagnostics in
 * the hash `<prefix>:cache-stats` (lookups, hits).
 */
import type { Redis } from 'ioredis';
import type { RequestOptions, StoreDataSource } from '../shared/store-data.js';
import { cachedReads } from '../context/cache-keys.js';
import { normalizeEmail } from '../context/email.js';

export interface RedisCachedStoreOptions {
  prefix: string;
  storeHash: string;
  /** How long an answer is reused (default 60 s). */
  ttlMs?: number;
  onError?: (error: unknown) => void;
}

export type RedisCachedStore = StoreDataSource & {
  /** This process's counts: a hit sent no request to the store (found in Redis, or joined one in flight). */
  stats(): { hits: number; misses: number };
  /** Forgets an order, its details and every order list of the store, for every process. */
  invalidateOrder(orderId: number): Promise<void>;
  /** Forgets the customer records for an address and every order list of the store. */
  invalidateCustomer(email: string): Promise<void>;
};

export function createRedisCachedStore(
  store: StoreDataSource,
  redis: Redis,
  options: RedisCachedStoreOptions,
): RedisCachedStore {
  const ttlMs = Math.max(1, options.ttlMs ?? 60_000);
  const base = `${options.prefix}:cache:{${options.storeHash}}:`;
  const statsKey = `${options.prefix}:cache-stats`;
  const inFlight = new Map<string, Promise<string>>();
  let hits = 0;
  let misses = 0;
  const onError = options.onError ?? (() => undefined);

  const count = (hit: boolean): void => {
    if (hit) hits += 1;
    else misses += 1;
    redis
      .multi()
      .hincrby(statsKey, 'lookups', 1)
      .hincrby(statsKey, 'hits', hit ? 1 : 0)
      .exec()
      .catch(onError);
  };

  async function load(key: string, fetch: () => Promise<unknown>): Promise<string> {
    let stored: string | null = null;
    try {
      stored = await redis.get(base + key);
    } catch (error) {
      onError(error);
    }
    if (stored !== null) {
      count(true);
      return stored;
    }
    count(false);
    // `undefined` has no JSON form; store it as null, which the port treats the same way.
    const text = JSON.stringify((await fetch()) ?? null);
    await redis.set(base + key, text, 'PX', ttlMs).catch(onError);
    return text;
  }

  function cached<T>(key: string, fetch: () => Promise<T>, request?: RequestOptions): Promise<T> {
    request?.signal?.throwIfAborted();
    let running = inFlight.get(key);
    if (running) count(true);
    else {
      // The shared lookup takes no caller's signal: one caller giving up must not fail the others.
      running = load(key, fetch).finally(() => inFlight.delete(key));
      inFlight.set(key, running);
    }
    // Each caller parses its own copy, so no email's code can change what another sees.
    return running.then((text) => JSON.parse(text) as T);
  }

  const email = normalizeEmail;

  return {
    ...cachedReads(store, cached),
    stats: () => ({ hits, misses }),
    async invalidateOrder(orderId) {
      const keys = ['order', 'products', 'shipments', 'shipping'].map((kind) => `${base}${kind}|${orderId}`);
      await forget(keys).catch(onError);
    },
    async invalidateCustomer(address) {
      await forget([`${base}customers|${email(address)}`]).catch(onError);
    },
  };

  /** Deletes `keys` and every order list of this store (any list may hold the order, or should now). */
  async function forget(keys: string[]): Promise<void> {
    for (const key of keys) inFlight.delete(key.slice(base.length));
    for (const key of [...inFlight.keys()]) if (key.startsWith('orders|')) inFlight.delete(key);
    const lists: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${globEscape(base)}orders|*`, 'COUNT', 200);
      cursor = next;
      lists.push(...found);
    } while (cursor !== '0');
    const all = [...keys, ...lists];
    if (all.length > 0) await redis.del(...all);
  }
}

/** Escapes Redis glob metacharacters in a literal prefix. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** The counters every process adds to (see the file comment); zeros when none were written. */
export async function readCacheStats(redis: Redis, prefix: string): Promise<{ lookups: number; hits: number }> {
  const values = await redis.hmget(`${prefix}:cache-stats`, 'lookups', 'hits');
  return { lookups: Number(values[0] ?? 0), hits: Number(values[1] ?? 0) };
}
