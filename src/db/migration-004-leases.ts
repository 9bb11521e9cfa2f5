import { type Migration } from 'kysely';
import { atomically } from './migration-helpers.js';

/**
 * Leases (migration 004): which process currently owns a named piece of work that must have one
 * owner at a time, e.g. `imap:inbox:<id>` (one IMAP watcher per mailbox across all processes).
 * Acquire and renew are one conditional upsert (free, expired, or already ours), so they are
 * atomic on both databases; a process that dies stops renewing and its lease expires.
 */
export function leases(): Migration {
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('acquired_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('leases_owner').on('leases').column('owner').execute();
      }),
    down: (outer) =>
      atomically(outer, (db) =>
        db.schema
          .dropTable('leases')
          .execute()
          .then(() => undefined),
      ),
  };
}
