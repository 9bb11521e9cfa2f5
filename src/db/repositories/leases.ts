/**
 * Leases: one owner at a time for a named piece of work (e.g. `imap:inbox:12`, one IMAP watcher
 * per mailbox across every process). `acquire` both takes a free or expired lease and renews one
 * the caller already holds, in one conditional upsert (`INSERT … ON CONFLICT DO UPDATE … WHERE the
 * lease is ours or has expired`), which is atomic on SQLite and PostgreSQL alike. A process that
 * dies simply stops renewing; once `expires_at` passes, the next `acquire` by anyone takes it.
 *
 * Like `jobs.claimNext`, this is deliberately unscoped: leases belong to processes, not workspaces.
 */
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { requireText } from './util.js';

export interface Lease {
  name: string;
  owner: string;
  expiresAt: string;
}

export interface LeasesRepository {
  /** Takes or renews `name` for `owner` for `ttlMs`; false when someone else holds it unexpired. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (only if `owner` holds it), so another process can take it at once. */
  release(name: string, owner: string): Promise<void>;
  /** Every lease of `owner` (graceful shutdown). */
  releaseAll(owner: string): Promise<void>;
  /** The current holder, or null when free or expired. */
  holder(name: string): Promise<Lease | null>;
}

export function createLeasesRepository(ctx: RepoContext): LeasesRepository {
  return {
    async acquire(name, owner, ttlMs) {
      const leaseName = requireText(name, 'Lease name', 200);
      const leaseOwner = requireText(owner, 'Lease owner', 200);
      const now = ctx.now();
      const nowText = now.toISOString();
      const expiresAt = new Date(now.getTime() + Math.max(ttlMs, 1)).toISOString();
      const row = await ctx.db
        .insertInto('leases')
        .values({ name: leaseName, owner: leaseOwner, expires_at: expiresAt, acquired_at: nowText })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({
              owner: eb.ref('excluded.owner'),
              expires_at: eb.ref('excluded.expires_at'),
              // A renewal keeps the original acquisition time; a takeover starts a new one.
              acquired_at: eb
                .case()
                .when('leases.owner', '=', leaseOwner)
                .then(eb.ref('leases.acquired_at'))
                .else(eb.ref('excluded.acquired_at'))
                .end(),
            }))
            .where((eb) => eb.or([eb('leases.owner', '=', leaseOwner), eb('leases.expires_at', '<=', nowText)])),
        )
        .returning('owner')
        .executeTakeFirst();
      return row?.owner === leaseOwner;
    },

    async release(name, owner) {
      await ctx.db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
    },

    async releaseAll(owner) {
      await ctx.db.deleteFrom('leases').where('owner', '=', owner).execute();
    },

    async holder(name) {
      const row = await ctx.db
        .selectFrom('leases')
        .select(['name', 'owner', 'expires_at'])
        .where('name', '=', name)
        .where('expires_at', '>', nowIso(ctx))
        .executeTakeFirst();
      return row ? { name: row.name, owner: row.owner, expiresAt: row.expires_at } : null;
    },
  };
}
