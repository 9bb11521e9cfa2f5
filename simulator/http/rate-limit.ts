/** A fixed window per store, like BigCommerce's "N requests per 30 s, shared by all apps". */
export interface RateLimitConfig {
  quota: number;
  windowMs: number;
}

export interface RateState {
  quota: number;
  windowMs: number;
  left: number;
  resetMs: number;
}

export class RateWindow {
  private windowStart = 0;
  private used = 0;

  constructor(private readonly config: RateLimitConfig | null) {}

  /** Spends one unit if any is left; `allowed: false` means answer 429. */
  take(now: number): { allowed: boolean; state: RateState | null } {
    if (!this.config) return { allowed: true, state: null };
    if (now - this.windowStart >= this.config.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const allowed = this.used < this.config.quota;
    if (allowed) this.used += 1;
    return {
      allowed,
      state: {
        quota: this.config.quota,
        windowMs: this.config.windowMs,
        left: this.config.quota - this.used,
        resetMs: Math.max(0, this.windowStart + this.config.windowMs - now),
      },
    };
  }
}

/** The four headers BigCommerce sends on every OAuth response. */
export function rateHeaders(state: RateState): Record<string, string> {
  return {
    'x-rate-limit-time-window-ms': String(state.windowMs),
    'x-rate-limit-time-reset-ms': String(state.resetMs),
    'x-rate-limit-requests-quota': String(state.quota),
    'x-rate-limit-requests-left': String(state.left),
  };
}

/** Unlimited stores still send the headers (a generous quota), so clients never see them missing. */
export const UNLIMITED_STATE: RateState = { quota: 1_000_000, windowMs: 30_000, left: 1_000_000, resetMs: 30_000 };
