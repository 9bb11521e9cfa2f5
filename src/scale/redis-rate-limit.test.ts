import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { createBigCommerceClient } from '../bigcommerce/index.js';
import { DEFAULT_TOKEN, generateStore, startSimulator } from '../../simulator/index.js';
import { createRedisRateLimitState } from './redis-rate-limit.js';
import { dropPrefix, maxInSlidingWindow, testRedis, uniquePrefix } from './test-support.js';

describe('Redis rate-limit state (shared budget)', () => {
  const prefix = uniquePrefix('rl');
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const redis = testRedis();
    connections.push(redis);
    return redis;
  };
  beforeAll(() => void connect());
  afterAll(async () => {
    if (connections[0]) await dropPrefix(connections[0], prefix);
    await Promise.all(connections.map((c) => c.quit()));
  });

  it('hands out slots so that no sliding window holds more than the limit, across clients', async () => {
    const p = `${prefix}:slots`;
    // Three "processes": separate connections and separate state objects.
    const states = [0, 1, 2].map(() =>
      createRedisRateLimitState(connect(), {
        prefix: p,
        defaultQuota: 10,
        defaultWindowMs: 1_000,
        safetyMargin: 0,
        paddingMs: 0,
      }),
    );
    const started = Date.now();
    const waits = await Promise.all(
      Array.from({ length: 45 }, (_, i) => states[i % 3]?.reserve('store1') ?? Promise.resolve(0)),
    );
    // Each wait is relative to the moment its own reservation ran (a few ms apart), so the
    // reconstructed send times carry that much jitter: count over a window 50 ms shorter.
    const times = waits.map((w) => started + w);
    // 45 requests at 10 per second: the first 10 at once, the rest in later windows.
    expect(waits.filter((w) => w < 50)).toHaveLength(10);
    expect(maxInSlidingWindow(times, 950)).toBeLessThanOrEqual(10);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(4_000 - 100);
    // Another store has its own budget.
    expect(await states[0]?.reserve('store2')).toBe(0);
  });

  it('learns the quota from the headers and blocks every client after "nothing left"', async () => {
    const p = `${prefix}:learn`;
    const a = createRedisRateLimitState(connect(), { prefix: p, defaultQuota: 1_000, safetyMargin: 0, paddingMs: 0 });
    const b = createRedisRateLimitState(connect(), { prefix: p, defaultQuota: 1_000, safetyMargin: 0, paddingMs: 0 });
    await a.record('s', { left: 4, quota: 5, windowMs: 2_000, resetMs: 1_500 });
    expect(await b.inspect('s')).toMatchObject({ quota: 5, windowMs: 2_000, left: 4 });
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push(await b.reserve('s'));
    expect(waits.slice(0, 5).every((w) => w === 0)).toBe(true);
    expect(waits[5]).toBeGreaterThan(1_500);
    // A 429 (left 0, reset in 800 ms) seen by one process makes the other wait too.
    await a.record('t', { left: 0, quota: null, windowMs: null, resetMs: 800 });
    const wait = await b.reserve('t');
    expect(wait).toBeGreaterThan(600);
    expect(wait).toBeLessThanOrEqual(800);
  });

  it('keeps three clients of one store under the simulator quota with no 429', async () => {
    const data = generateStore({ customers: 5, seed: 3, hash: 'rlshared1' });
    const sim = await startSimulator({ stores: [{ data }], rateLimit: { quota: 12, windowMs: 1_000 } });
    try {
      const p = `${prefix}:sim`;
      const clients = [0, 1, 2].map(() =>
        createBigCommerceClient({
          storeHash: 'rlshared1',
          accessToken: DEFAULT_TOKEN,
          apiUrl: sim.url,
          concurrency: 16,
          rateLimitState: createRedisRateLimitState(connect(), {
            prefix: p,
            // Deliberately wrong until the first response teaches the real quota (12 per second).
            defaultQuota: 12,
            defaultWindowMs: 1_000,
            safetyMargin: 0.1,
            paddingMs: 100,
          }),
        }),
      );
      await Promise.all(Array.from({ length: 40 }, (_, i) => clients[i % 3]?.get('/v2/time') ?? Promise.resolve(null)));
      const served = sim.requests.filter((r) => r.storeHash === 'rlshared1');
      expect(served).toHaveLength(40);
      expect(served.filter((r) => r.status === 429)).toHaveLength(0);
      expect(
        maxInSlidingWindow(
          served.map((r) => r.at),
          1_000,
        ),
      ).toBeLessThanOrEqual(12);
    } finally {
      await sim.close();
    }
  });
});
