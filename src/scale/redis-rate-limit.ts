/**
 * The BigCommerce rate-limit budget shared by every process, in Redis: N workers together stay
 * under a store's quota instead of each spending it and collecting 429s.
 *
 * Per store, a sorted set holds the send times handed out ("slots"). `reserve` runs one Lua script
 * (atomic; the clock is Redis's, so process clocks do not matter) that finds the earliest time at
 * which one more request keeps every window of `windowMs + paddingMs` at or under
 * `quota × (1 − safetyMargin)` requests, records that slot, and returns how long to wait for it:
 *
 *   - fewer than `limit` slots in the last span: now;
 *   - otherwise: the later of the newest slot and (the slot `limit` places back) + span.
 *
 * That is a sliding window, stricter than BigCommerce's fixed one, so it holds whatever window the
 * server uses. The padding absorbs the gap between a slot and the moment the request reaches the
 * server (event-loop lag, the client's per-store concurrency queue); the margin leaves room for
 * other apps on the store and for clock skew.
 *
 * `record` learns the store's quota and window from `X-Rate-Limit-Requests-Quota` and
 * `X-Rate-Limit-Time-Window-Ms`, keeps the last `Requests-Left`, and when a response says fewer
 * are left than our margin (so someone else, e.g. another app, spends the quota too) or none at
 * all (a 429), blocks every process until the reset.
 */
import type { Redis } from 'ioredis';
import type { RateLimitObservation, RateLimitState } from '../bigcommerce/index.js';

export interface RedisRateLimitOptions {
  /** Key prefix, e.g. `snoooz` (keys are `<prefix>:rl:{<store>}:…`). */
  prefix: string;
  /** Until a response tells us: BigCommerce's standard plan, 150 per 30 s. */
  defaultQuota?: number;
  defaultWindowMs?: number;
  /** Share of the quota never used by us (default 0.05: 142 of 150). */
  safetyMargin?: number;
  /** Added to the window when counting (default 1000 ms). */
  paddingMs?: number;
  /** The longest a block after "nothing left" lasts (default 60 s). */
  maxBlockMs?: number;
}

const RESERVE = `
local slots, state, seq = KEYS[1], KEYS[2], KEYS[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', state, 'quota', 'window', 'blocked')
local quota = tonumber(s[1]) or tonumber(ARGV[1])
local window = tonumber(s[2]) or tonumber(ARGV[2])
local blocked = tonumber(s[3]) or 0
local limit = math.max(1, math.floor(quota * (1 - tonumber(ARGV[3]))))
local span = window + tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', slots, '-inf', now - span)
local n = redis.call('ZCARD', slots)
local at = math.max(now, blocked)
if n >= limit then
  local kth = redis.call('ZRANGE', slots, n - limit, n - limit, 'WITHSCORES')
  local last = redis.call('ZRANGE', slots, -1, -1, 'WITHSCORES')
  at = math.max(at, tonumber(kth[2]) + span, tonumber(last[2]))
end
local id = redis.call('INCR', seq)
redis.call('ZADD', slots, at, id)
local newest = tonumber(redis.call('ZRANGE', slots, -1, -1, 'WITHSCORES')[2])
redis.call('PEXPIRE', slots, newest - now + span + 1000)
redis.call('PEXPIRE', seq, 86400000)
return at - now
`;

const RECORD = `
local state = KEYS[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local quota, window, left, reset = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
if quota and quota > 0 then redis.call('HSET', state, 'quota', quota) end
if window and window > 0 then redis.call('HSET', state, 'window', window) end
if left then redis.call('HSET', state, 'left', left, 'observedAt', now) end
if reset then redis.call('HSET', state, 'resetAt', now + reset) end
-- Our own use never takes the server below quota - limit (the margin) in a window, so fewer left
-- than that means someone else (another app) spends the quota too: wait for the reset.
local known = tonumber(redis.call('HGET', state, 'quota')) or tonumber(ARGV[6])
local floor = known - math.max(1, math.floor(known * (1 - tonumber(ARGV[7]))))
if left and reset and (left <= 0 or left < floor) then
  local until_ = now + math.min(reset, tonumber(ARGV[5]))
  local blocked = tonumber(redis.call('HGET', state, 'blocked')) or 0
  if until_ > blocked then redis.call('HSET', state, 'blocked', until_) end
end
redis.call('PEXPIRE', state, 86400000)
return 1
`;

export interface RedisRateLimitState extends RateLimitState {
  /** What is known about a store (for tests, the benchmark and diagnostics). */
  inspect(
    storeHash: string,
  ): Promise<{ quota: number | null; windowMs: number | null; left: number | null; slots: number }>;
}

export function createRedisRateLimitState(redis: Redis, options: RedisRateLimitOptions): RedisRateLimitState {
  const defaultQuota = options.defaultQuota ?? 150;
  const defaultWindowMs = options.defaultWindowMs ?? 30_000;
  const margin = Math.min(Math.max(options.safetyMargin ?? 0.05, 0), 0.9);
  const paddingMs = Math.max(options.paddingMs ?? 1_000, 0);
  const maxBlockMs = options.maxBlockMs ?? 60_000;
  const keys = (store: string) => {
    // The hash tag keeps one store's keys in one slot on a Redis Cluster.
    const base = `${options.prefix}:rl:{${store}}`;
    return { slots: `${base}:slots`, state: `${base}:state`, seq: `${base}:seq` };
  };
  const arg = (value: number | null): string => (value === null ? '' : String(value));

  return {
    async reserve(storeHash) {
      const k = keys(storeHash);
      const wait = await redis.eval(
        RESERVE,
        3,
        k.slots,
        k.state,
        k.seq,
        defaultQuota,
        defaultWindowMs,
        margin,
        paddingMs,
      );
      return Math.max(0, Number(wait));
    },
    async record(storeHash, observation: RateLimitObservation) {
      await redis.eval(
        RECORD,
        1,
        keys(storeHash).state,
        arg(observation.quota),
        arg(observation.windowMs),
        arg(observation.left),
        arg(observation.resetMs),
        maxBlockMs,
        defaultQuota,
        margin,
      );
    },
    async inspect(storeHash) {
      const k = keys(storeHash);
      const [state, slots] = await Promise.all([redis.hmget(k.state, 'quota', 'window', 'left'), redis.zcard(k.slots)]);
      const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
      return { quota: num(state[0]), windowMs: num(state[1]), left: num(state[2]), slots };
    },
  };
}
