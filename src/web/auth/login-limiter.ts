/**
 * Counts failed logins per IP and per email in a fixed window. Only failures count, so a team
 * behind one office IP is not locked out by its own successful logins; the per-email key stops
 * slow guessing of one account from many IPs, the per-IP key stops spraying many accounts.
 * In memory: one process is the default deployment; several processes each keep their own count.
 */
export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  now?: () => number;
}

export interface LoginLimiter {
  /** Milliseconds until a blocked key frees up, or 0 when the attempt may proceed. */
  retryAfterMs(keys: string[]): number;
  fail(keys: string[]): void;
  clear(key: string): void;
}

export function createLoginLimiter(options: LoginLimiterOptions = {}): LoginLimiter {
  const max = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { count: number; resetAt: number }>();

  function live(key: string): { count: number; resetAt: number } | undefined {
    const entry = entries.get(key);
    if (entry && entry.resetAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  return {
    retryAfterMs(keys) {
      let wait = 0;
      for (const key of keys) {
        const entry = live(key);
        if (entry && entry.count >= max) wait = Math.max(wait, entry.resetAt - now());
      }
      return wait;
    },
    fail(keys) {
      // Bound memory under a flood of distinct emails: drop expired entries opportunistically.
      if (entries.size > 10_000) for (const key of [...entries.keys()]) live(key);
      for (const key of keys) {
        const entry = live(key) ?? { count: 0, resetAt: now() + windowMs };
        entry.count += 1;
        entries.set(key, entry);
      }
    },
    clear(key) {
      entries.delete(key);
    },
  };
}
