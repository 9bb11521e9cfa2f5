import { type Migration } from 'kysely';
import { atomically } from './migration-helpers.js';

/**
 * Evidence (migration 005): the store facts each draft states, where, and what the composer was not
 * given (JSON, see assistant/evidence/). Nullable: drafts written before it have none.
 */
export function evidence(): Migration {
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('drafts').addColumn('evidence', 'text').execute();
      }),
    down: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('drafts').dropColumn('evidence').execute();
      }),
  };
}
