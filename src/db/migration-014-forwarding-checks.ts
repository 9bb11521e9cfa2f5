/**
 * Migration 014 (forwarding-checks): forwarding that checks itself.
 *
 * - `messages.source`: how a message arrived (`smtp` forwarding, `imap`, `http`); null for mail
 *   stored before this change. The Inboxes page shows the last arrival and its path.
 * - `forwarding_confirmations`: a provider's forwarding confirmation or address verification
 *   that arrived at an inbox (its code and its link on the provider's host), shown on the
 *   Inboxes page. Stored in clear like the forwarding token: the page shows it on every visit,
 *   and the message it came in, stored as received, holds it in clear anyway.
 * - `forwarding_checks`: "Send a test message" runs; a check passes when a message arrives
 *   while it is pending. Its token ("Snoooz test 4F7K") marks the test message itself, which is
 *   recorded without a draft.
 */
import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function forwardingChecks(dialect: DialectName): Migration {
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('messages')
        .addColumn('source', 'text', (c) => c.check(sql`source in ('smtp', 'imap', 'http')`))
        .execute();
      await db.schema
        .createTable('forwarding_confirmations')
        .addColumn('id', 'integer', id)
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('inbox_id', 'integer', (c) => c.notNull())
        .addColumn('message_id', 'integer', (c) => c.notNull().unique())
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('link', 'text')
        .addColumn('requested_by', 'text')
        .addColumn('sender_verified', 'integer', (c) => c.notNull().check(sql`sender_verified in (0, 1)`))
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint(
          'forwarding_confirmations_inbox',
          ['workspace_id', 'inbox_id'],
          'inboxes',
          ['workspace_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addForeignKeyConstraint(
          'forwarding_confirmations_message',
          ['workspace_id', 'message_id'],
          'messages',
          ['workspace_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('forwarding_confirmations_inbox')
        .on('forwarding_confirmations')
        .columns(['workspace_id', 'inbox_id', 'received_at'])
        .execute();
      await db.schema
        .createTable('forwarding_checks')
        .addColumn('id', 'integer', id)
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('inbox_id', 'integer', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('started_by', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('passed_at', 'text')
        // The message that passed it; no foreign key: a deleted message leaves the result standing.
        .addColumn('message_id', 'integer')
        .addColumn('from_address', 'text')
        .addColumn('source', 'text', (c) => c.check(sql`source in ('smtp', 'imap', 'http')`))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint(
          'forwarding_checks_inbox',
          ['workspace_id', 'inbox_id'],
          'inboxes',
          ['workspace_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      await db.schema
        .createIndex('forwarding_checks_inbox')
        .on('forwarding_checks')
        .columns(['workspace_id', 'inbox_id', 'started_at'])
        .execute();
      await db.schema
        .createIndex('messages_inbox_received')
        .on('messages')
        .columns(['workspace_id', 'inbox_id', 'received_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('messages_inbox_received').execute();
      await db.schema.dropTable('forwarding_checks').execute();
      await db.schema.dropTable('forwarding_confirmations').execute();
      await db.schema.alterTable('messages').dropColumn('source').execute();
    },
  };
}
