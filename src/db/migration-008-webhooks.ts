import { type Migration } from 'kysely';
import type { DialectName } from './schema.js';
import { atomically, idColumn } from './migration-helpers.js';

/**
 * Webhook subscriptions (opt-in, see src/app/webhooks.ts): per integration, the unguessable token
 * of its delivery URL and the SHA-256 of the shared secret (the secret itself is not stored), and
 * the hashes of recent deliveries, so a duplicate delivery does nothing new.
 */
export function webhooks(dialect: DialectName): Migration {
  const id = idColumn(dialect);
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema
          .createTable('webhook_subscriptions')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull())
          .addColumn('integration_id', 'integer', (c) => c.notNull())
          .addColumn('token', 'text', (c) => c.notNull().unique())
          .addColumn('secret_hash', 'text', (c) => c.notNull())
          .addColumn('destination', 'text', (c) => c.notNull())
          .addColumn('registered_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('webhook_subscriptions_integration', ['workspace_id', 'integration_id'])
          .addForeignKeyConstraint(
            'webhook_subscriptions_integration_fk',
            ['workspace_id', 'integration_id'],
            'integrations',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete('cascade'),
          )
          .execute();
        await db.schema
          .createTable('webhook_deliveries')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('webhook_deliveries_received')
          .on('webhook_deliveries')
          .column('received_at')
          .execute();
      }),
    down: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.dropTable('webhook_deliveries').execute();
        await db.schema.dropTable('webhook_subscriptions').execute();
      }),
  };
}
