/**
 * Migration 020 (audit-index): the owners' audit page reads the log newest first by id, filtered
 * by who acted and by a kind of action (a set of actions), one keyset page at a time. Each index
 * ends in `id`, so every filter reads its page in order from the index instead of sorting the
 * workspace's whole history.
 */
import type { Kysely, Migration } from 'kysely';

const INDEXES: Array<{ name: string; columns: string[] }> = [
  { name: 'audit_log_ws_id', columns: ['workspace_id', 'id'] },
  { name: 'audit_log_ws_actor_id', columns: ['workspace_id', 'actor', 'id'] },
  { name: 'audit_log_ws_action_id', columns: ['workspace_id', 'action', 'id'] },
];

export function auditIndex(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const index of INDEXES) {
        await db.schema.createIndex(index.name).on('audit_log').columns(index.columns).execute();
      }
    },
    async down(db: Kysely<unknown>) {
      for (const index of INDEXES) await db.schema.dropIndex(index.name).execute();
    },
  };
}
