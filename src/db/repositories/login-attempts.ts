/**
 * Failed sign-ins, shared by every process on the database (see migration 012). Not scoped by
 * workspace: a sign-in happens before anyone has one. Accounts and client addresses are stored
 * as SHA-256 hashes; callers pass the clear values and the times (so tests can move a clock).
 */
import type { RepoContext } from '../tx.js';
import { hashToken } from './auth.js';

export interface FailureStats {
  count: number;
  /** ISO time of the newest failure, null when there is none. */
  last: string | null;
}

export interface LoginFailures {
  /** Failures for this account from any address. */
  account: FailureStats;
  /** Failures from this address for any account. */
  client: FailureStats;
}

export interface LoginAttemptsRepository {
  recordFailure(input: { account: string; client: string; at: Date }): Promise<void>;
  failuresSince(input: { account: string; client: string; since: Date }): Promise<LoginFailures>;
  /** After a successful sign-in: forget this address's failures for this account (only those). */
  clear(input: { account: string; client: string }): Promise<void>;
  prune(before: Date): Promise<number>;
}

export function createLoginAttemptsRepository(ctx: RepoContext): LoginAttemptsRepository {
  async function stats(column: 'account_hash' | 'client_hash', hash: string, since: string): Promise<FailureStats> {
    const row = await ctx.db
      .selectFrom('login_attempts')
      .select((eb) => [eb.fn.countAll<number | string | bigint>().as('count'), eb.fn.max('failed_at').as('last')])
      .where(column, '=', hash)
      .where('failed_at', '>', since)
      .executeTakeFirst();
    return { count: Number(row?.count ?? 0), last: row?.last ?? null };
  }

  return {
    async recordFailure({ account, client, at }) {
      await ctx.db
        .insertInto('login_attempts')
        .values({ account_hash: hashToken(account), client_hash: hashToken(client), failed_at: at.toISOString() })
        .execute();
    },

    async failuresSince({ account, client, since }) {
      const iso = since.toISOString();
      const [a, c] = await Promise.all([
        stats('account_hash', hashToken(account), iso),
        stats('client_hash', hashToken(client), iso),
      ]);
      return { account: a, client: c };
    },

    async clear({ account, client }) {
      await ctx.db
        .deleteFrom('login_attempts')
        .where('account_hash', '=', hashToken(account))
        .where('client_hash', '=', hashToken(client))
        .execute();
    },

    async prune(before) {
      const result = await ctx.db
        .deleteFrom('login_attempts')
        .where('failed_at', '<=', before.toISOString())
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
