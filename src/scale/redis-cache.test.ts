import { afterAll, describe, expect, it } from 'vitest';
import { FakeStore } from '../context/testing/fake-store.js';
import { customer } from '../context/testing/fixtures.js';
import { createRedisCachedStore, readCacheStats } from './redis-cache.js';
import { dropPrefix, testRedis, uniquePrefix } from './test-support.js';

describe('Redis store-data cache (shared between processes)', () => {
  const prefix = uniquePrefix('cache');
  const a = testRedis();
  const b = testRedis();
  afterAll(async () => {
    await dropPrefix(a, prefix);
    await Promise.all([a.quit(), b.quit()]);
  });

  it('serves a lookup made by one process to another, coalesces in-flight lookups, and counts hits', async () => {
    const store = new FakeStore();
    store.customers = [customer({ id: 7, email: 'jane@example.com' })];
    store.delayMs = 30;
    const one = createRedisCachedStore(store, a, { prefix, storeHash: 'abc', ttlMs: 5_000 });
    const two = createRedisCachedStore(store, b, { prefix, storeHash: 'abc', ttlMs: 5_000 });

    // Three concurrent lookups in process one: one request to the store.
    const [x, y, z] = await Promise.all([
      one.findCustomersByEmail('Jane@Example.com'),
      one.findCustomersByEmail('jane@example.com'),
      one.findCustomersByEmail('jane@example.com'),
    ]);
    expect(store.callsTo('findCustomersByEmail')).toHaveLength(1);
    expect(x).toEqual(y);
    // Every caller has its own copy.
    expect(x).not.toBe(z);
    // Process two finds it in Redis.
    expect((await two.findCustomersByEmail('jane@example.com'))[0]?.id).toBe(7);
    expect(store.callsTo('findCustomersByEmail')).toHaveLength(1);
    // Another store's keys are separate.
    const other = createRedisCachedStore(store, b, { prefix, storeHash: 'xyz', ttlMs: 5_000 });
    await other.findCustomersByEmail('jane@example.com');
    expect(store.callsTo('findCustomersByEmail')).toHaveLength(2);

    expect(one.stats()).toEqual({ hits: 2, misses: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // counters are fire-and-forget
    expect(await readCacheStats(a, prefix)).toEqual({ lookups: 5, hits: 3 });
  });

  it('expires answers after the TTL and never stores failures', async () => {
    const store = new FakeStore();
    const cached = createRedisCachedStore(store, a, { prefix, storeHash: 'ttl', ttlMs: 100 });
    store.fail('getOrder', new Error('store down'), { times: 1 });
    await expect(cached.getOrder(100)).rejects.toThrow('store down');
    expect(await cached.getOrder(100)).toBeNull();
    expect(await cached.getOrder(100)).toBeNull();
    expect(store.callsTo('getOrder')).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await cached.getOrder(100);
    expect(store.callsTo('getOrder')).toHaveLength(3);
  });
});
