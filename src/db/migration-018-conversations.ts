/**
 * Migration 018 (conversations): a conversation is the messages of one inbox that share a
 * `thread_key` (see pipeline/threading.ts). It has no row of its own; what belongs to it is keyed
 * by (workspace_id, inbox_id, thread_key):
 *
 * - `conversation_assignments`: at most one assignee per conversation (no row: unassigned). The
 *   row goes when the user's membership ends (repositories/users.ts) or the inbox is deleted.
 * - `conversation_notes`: internal notes by members; never sent, never given to the model.
 * - `messages_thread`: the inbox lists one row per conversation, its newest message, found with
 *   "no newer message in the same thread"; this index answers that per row.
 * - `messages_sender`: the subject fallback looks up a sender's recent messages in one inbox.
 */
import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function conversations(dialect: DialectName): Migration {
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('conversation_assignments')
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('inbox_id', 'integer', (c) => c.notNull())
        .addColumn('thread_key', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('assigned_by', 'text', (c) => c.notNull())
        .addColumn('assigned_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('conversation_assignments_pk', ['workspace_id', 'inbox_id', 'thread_key'])
        .addForeignKeyConstraint(
          'conversation_assignments_inbox',
          ['workspace_id', 'inbox_id'],
          'inboxes',
          ['workspace_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('conversation_assignments_user')
        .on('conversation_assignments')
        .columns(['workspace_id', 'user_id'])
        .execute();

      await db.schema
        .createTable('conversation_notes')
        .addColumn('id', 'integer', id)
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('inbox_id', 'integer', (c) => c.notNull())
        .addColumn('thread_key', 'text', (c) => c.notNull())
        // A note outlives its author's account; it then shows "a former teammate".
        .addColumn('author_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        // Who wrote it as the audit log names them (`user:<id>`, `token:<id>` for the API).
        .addColumn('author_actor', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint(
          'conversation_notes_inbox',
          ['workspace_id', 'inbox_id'],
          'inboxes',
          ['workspace_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('conversation_notes_thread')
        .on('conversation_notes')
        .columns(['workspace_id', 'inbox_id', 'thread_key', 'id'])
        .execute();

      await db.schema
        .createIndex('messages_thread')
        .on('messages')
        .columns(['workspace_id', 'inbox_id', 'thread_key', 'received_at', 'id'])
        .execute();
      await sql`create index messages_sender on messages (workspace_id, inbox_id, lower(from_address), received_at)`.execute(
        db,
      );
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('messages_sender').execute();
      await db.schema.dropIndex('messages_thread').execute();
      await db.schema.dropTable('conversation_notes').execute();
      await db.schema.dropTable('conversation_assignments').execute();
    },
  };
}
