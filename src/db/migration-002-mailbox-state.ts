import { type Migration } from 'kysely';
import { atomically } from './migration-helpers.js';

/**
 * Where each IMAP watcher got to: the mailbox's UIDVALIDITY and the last UID handed to storage,
 * so a restart neither misses nor repeats a message. UIDs and UIDVALIDITY are unsigned 32-bit,
 * beyond PostgreSQL's integer: last_uid is a bigint, uid_validity text (only ever compared).
 */
export function mailboxState(): Migration {
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema
          .createTable('mailbox_state')
          .addColumn('workspace_id', 'integer', (c) => c.notNull())
          .addColumn('inbox_id', 'integer', (c) => c.notNull())
          .addColumn('mailbox', 'text', (c) => c.notNull())
          .addColumn('uid_validity', 'text', (c) => c.notNull())
          .addColumn('last_uid', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('mailbox_state_pk', ['inbox_id', 'mailbox'])
          .addForeignKeyConstraint(
            'mailbox_state_inbox',
            ['workspace_id', 'inbox_id'],
            'inboxes',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete('cascade'),
          )
          .execute();
      }),
    down: (outer) =>
      atomically(outer, (db) =>
        db.schema
          .dropTable('mailbox_state')
          .execute()
          .then(() => undefined),
      ),
  };
}
