/**
 * Rate-limit bookkeeping per store. BigCommerce shares one quota (e.g. 150 requests per 30 s)
 * between every app on a store and tells us where we stand on each response. We slow down before
 * the quota runs out instead of collecting 429s (which BigCommerce counts as abuse).
 *
 * The state is an interface so that several processes can share it later (Redis, PostgreSQL);
 * the in-memory implementation serves one process. Both methods are async for that reason.
 */
import { MAX_RATE_LIMIT_WAIT_MS } from './config.js';

/** What one response said about the store's quota. Any field may be missing. */
export interface RateLimitObservation {
  /** `X-Rate-Limit-Requests-Left`. */
  left: number | null;
  /** `X-Rate-Limit-Requests-Quota`. */
  quota: number | null;
  /** `X-Rate-Limit-Time-Window-Ms`. */
  windowMs: number | null;
  /** `X-Rate-Limit-Time-Reset-Ms` (or `X-Retry-After` × 1000 on a 429): ms until the quota refills. */
  resetMs: number | null;
}

export interface RateLimitState {
  /**
   * Claims the next request slot for a store. Resolves to how long to wait (ms) before sending:
   * 0 while plenty of quota is left; spaced out when it runs low; until the reset when it is gone.
   */
  reserve(storeHash: string): Promise<number>;
  /** Records what a response (or a 429) said, so later reservations know the quota. */
  record(storeHash: string, observation: RateLimitObservation): Promise<void>;
}

export interface InMemoryRateLimitStateOptions {
  /** Clock, for tests. */
  now?: () => number;
  /**
   * Start spacing requests out when this many or fewer are left. Default: 10% of the quota,
   * at least 2, so concurrent requests in flight do not overshoot zero.
   */
  lowWatermark?: (quota: number | null) => number;
}

export interface RateLimitEntry {
  left: number;
  quota: number | null;
  windowMs: number | null;
  resetAt: number;
  /** Earliest time the next throttled request may go, so waiting requests do not burst together. */
  nextSlotAt: number;
}

export class InMemoryRateLimitState implements RateLimitState {
  private readonly entries = new Map<string, RateLimitEntry>();
  private readonly now: () => number;
  private readonly lowWatermark: (quota: number | null) => number;

  constructor(options: InMemoryRateLimitStateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.lowWatermark = options.lowWatermark ?? defaultLowWatermark;
  }

  async reserve(storeHash: string): Promise<number> {
    const now = this.now();
    const entry = this.entries.get(storeHash);
    // Nothing known, or the window has refilled: go; the response will tell us the new numbers.
    if (!entry || now >= entry.resetAt) return 0;
    const wait = throttleDelay(entry, now, this.lowWatermark(entry.quota));
    entry.left -= 1;
    return wait;
  }

  async record(storeHash: string, observation: RateLimitObservation): Promise<void> {
    if (observation.left === null && observation.resetMs === null) return;
    const now = this.now();
    const previous = this.entries.get(storeHash);
    const resetMs = observation.resetMs ?? observation.windowMs ?? previous?.windowMs ?? 1000;
    const resetAt = now + Math.min(Math.max(resetMs, 0), MAX_RATE_LIMIT_WAIT_MS);
    const observedLeft = observation.left ?? previous?.left ?? 0;
    this.entries.set(storeHash, {
      // Within one window a response's count is stale by the requests still in flight (reserved
      // after it was sent), so it may only lower our estimate; a new window replaces it.
      left: previous && sameWindow(previous, now, resetAt) ? Math.min(previous.left, observedLeft) : observedLeft,
      quota: observation.quota ?? previous?.quota ?? null,
      windowMs: observation.windowMs ?? previous?.windowMs ?? null,
      resetAt,
      // Slots handed out in a window that has since ended mean nothing any more.
      nextSlotAt: previous && previous.resetAt > now ? previous.nextSlotAt : 0,
    });
  }
}

/**
 * Whether a response that says the quota refills at `resetAt` belongs to the window we already
 * know: that window has not ended by our clock, and the new reset is not a window later (responses
 * differ by their transfer times only).
 */
function sameWindow(previous: RateLimitEntry, now: number, resetAt: number): boolean {
  const tolerance = (previous.windowMs ?? 1_000) / 2;
  return now < previous.resetAt && resetAt < previous.resetAt + tolerance;
}

function defaultLowWatermark(quota: number | null): number {
  return quota === null ? 2 : Math.max(2, Math.ceil(quota * 0.1));
}

/**
 * How long the next request should wait. Pure, so a shared (Redis/SQL) state can reuse it.
 * Mutates `entry.nextSlotAt` to hand out successive slots.
 */
export function throttleDelay(entry: RateLimitEntry, now: number, lowWatermark: number): number {
  if (entry.left > lowWatermark) return 0;
  if (entry.left > 0) {
    // Spread what is left evenly over the rest of the window.
    const slot = Math.max(now, entry.nextSlotAt);
    entry.nextSlotAt = slot + Math.max(entry.resetAt - slot, 0) / entry.left;
    return slot - now;
  }
  // Nothing left: wait for the reset, then release waiters at the quota's average rate.
  const spacing = entry.quota && entry.windowMs ? entry.windowMs / entry.quota : 0;
  const slot = Math.max(entry.resetAt, entry.nextSlotAt);
  entry.nextSlotAt = slot + spacing;
  return slot - now;
}

/** Reads the four `X-Rate-Limit-*` headers; nulls for the ones that are absent or not numbers. */
export function readRateLimitHeaders(headers: Headers): RateLimitObservation {
  return {
    left: numberHeader(headers, 'x-rate-limit-requests-left'),
    quota: numberHeader(headers, 'x-rate-limit-requests-quota'),
    windowMs: numberHeader(headers, 'x-rate-limit-time-window-ms'),
    resetMs: numberHeader(headers, 'x-rate-limit-time-reset-ms'),
  };
}

/**
 * How long a 429 asks us to wait: `X-Rate-Limit-Time-Reset-Ms`, else `X-Retry-After` (seconds),
 * else null (a 429 without headers means platform load: the caller backs off exponentially).
 */
export function retryAfterMs(headers: Headers): number | null {
  const resetMs = numberHeader(headers, 'x-rate-limit-time-reset-ms');
  if (resetMs !== null) return Math.min(resetMs, MAX_RATE_LIMIT_WAIT_MS);
  const seconds = numberHeader(headers, 'x-retry-after') ?? numberHeader(headers, 'retry-after');
  if (seconds !== null) return Math.min(seconds * 1000, MAX_RATE_LIMIT_WAIT_MS);
  return null;
}

function numberHeader(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : null;
}
