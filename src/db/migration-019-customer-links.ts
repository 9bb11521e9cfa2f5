/**
 * Migration 019 (customer-links): a conversation an agent linked to a store customer by hand,
 * because the sender writes from another address than the one on their account.
 *
 * One row per conversation: (workspace, inbox, thread key) is unique, so linking again replaces
 * the customer, and every message of that conversation (later ones included) is drafted for the
 * linked customer; no other conversation is, even from the same address. The store is the
 * integration the agent searched; removing it (or the inbox) removes the link. `linked_by` is
 * kept as null when the agent's account is deleted (the evidence of past drafts keeps the name).
 */
import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function customerLinks(dialect: DialectName): Migration {
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('customer_links')
        .addColumn('id', 'integer', id)
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        .addColumn('inbox_id', 'integer', (c) => c.notNull())
        .addColumn('thread_key', 'text', (c) => c.notNull())
        .addColumn('integration_id', 'integer', (c) => c.notNull())
        .addColumn('customer_id', 'integer', (c) => c.notNull().check(sql`customer_id > 0`))
        .addColumn('linked_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('linked_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('customer_links_conversation', ['workspace_id', 'inbox_id', 'thread_key'])
        // Composite keys keep a link inside its workspace: it cannot name another tenant's inbox or store.
        .addForeignKeyConstraint(
          'customer_links_inbox_fk',
          ['workspace_id', 'inbox_id'],
          'inboxes',
          ['workspace_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .addForeignKeyConstraint(
          'customer_links_integration_fk',
          ['workspace_id', 'integration_id'],
          'integrations',
          ['workspace_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('customer_links').execute();
    },
  };
}
