/**
 * Sign-in throttling, with the counts in the database so every process (and a restart) sees them.
 *
 * Per account: after `maxFailures` failures in the window, each further attempt must wait
 * 2, 4, 8 … seconds (capped) after the account's newest failure, but only when it comes from an
 * address that has failures itself. A correct password from an address with no recent failures
 * is never refused because someone else is guessing, so an attacker cannot lock a user out.
 * Per address: an address with `maxFailures` failures (spraying many accounts) is slowed the
 * same way. The address is the client's, not a proxy's: see trusted-proxies.ts.
 */
import type { Repositories } from '../../db/index.js';

export interface LoginLimiterOptions {
  maxFailures?: number;
  windowMs?: number;
  /** Longest wait the doubling reaches. */
  maxDelayMs?: number;
  now?: () => number;
}

export interface LoginLimiter {
  /** Milliseconds this attempt must still wait, or 0 when it may proceed. */
  retryAfterMs(account: string, client: string): Promise<number>;
  fail(account: string, client: string): Promise<void>;
  succeed(account: string, client: string): Promise<void>;
}

/** The window outlasts the longest wait, so the doubling is not undone by old failures expiring. */
export const DEFAULT_LOGIN_LIMITS = { maxFailures: 5, windowMs: 60 * 60_000, maxDelayMs: 15 * 60_000 };

export function createLoginLimiter(
  repos: Pick<Repositories, 'loginAttempts'>,
  options: LoginLimiterOptions = {},
): LoginLimiter {
  const max = options.maxFailures ?? DEFAULT_LOGIN_LIMITS.maxFailures;
  const windowMs = options.windowMs ?? DEFAULT_LOGIN_LIMITS.windowMs;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_LOGIN_LIMITS.maxDelayMs;
  const now = options.now ?? Date.now;

  /** The wait after the n-th failure: nothing below the limit, then 2 s doubling to the cap. */
  function delayMs(failures: number): number {
    if (failures < max) return 0;
    return Math.min(maxDelayMs, 1000 * 2 ** Math.min(failures - max + 1, 30));
  }

  function remaining(failures: number, last: string | null, at: number): number {
    if (last === null) return 0;
    return Math.max(0, Date.parse(last) + delayMs(failures) - at);
  }

  return {
    async retryAfterMs(account, client) {
      const at = now();
      const { account: forAccount, client: fromClient } = await repos.loginAttempts.failuresSince({
        account,
        client,
        since: new Date(at - windowMs),
      });
      const accountWait = fromClient.count > 0 ? remaining(forAccount.count, forAccount.last, at) : 0;
      return Math.max(accountWait, remaining(fromClient.count, fromClient.last, at));
    },
    async fail(account, client) {
      const at = now();
      await repos.loginAttempts.prune(new Date(at - windowMs));
      await repos.loginAttempts.recordFailure({ account, client, at: new Date(at) });
    },
    async succeed(account, client) {
      await repos.loginAttempts.clear({ account, client });
    },
  };
}
