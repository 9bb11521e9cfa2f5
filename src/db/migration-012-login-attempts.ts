/**
 * Migration 012 (login-attempts): failed sign-ins, so throttling holds across processes and
 * restarts. Keyed by the SHA-256 of the account (lower-cased email) and of the client address:
 * the table answers "how many recent failures for this account / from this address" and stores
 * neither email addresses nor IP addresses. Rows older than the window are pruned as new ones
 * arrive (see repositories/login-attempts.ts).
 */
import type { Kysely, Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function loginAttempts(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('login_attempts')
        .addColumn('id', 'integer', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('account_hash', 'text', (c) => c.notNull())
        .addColumn('client_hash', 'text', (c) => c.notNull())
        .addColumn('failed_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_attempts_account')
        .on('login_attempts')
        .columns(['account_hash', 'failed_at'])
        .execute();
      await db.schema
        .createIndex('login_attempts_client')
        .on('login_attempts')
        .columns(['client_hash', 'failed_at'])
        .execute();
      await db.schema.createIndex('login_attempts_failed_at').on('login_attempts').column('failed_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('login_attempts').execute();
    },
  };
}
