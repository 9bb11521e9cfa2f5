/**
 * Migration 015 (members): invitations to a workspace and password resets, both by a one-time
 * link sent by email. Only the SHA-256 of a link's token is stored (like sessions and API
 * tokens), so a copy of the database opens no account. A row is used at most once: the first
 * use stamps `accepted_at` / `used_at` in the same statement that checks it is still unused and
 * unexpired (see repositories/invitations.ts and password-resets.ts).
 */
import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function members(dialect: DialectName): Migration {
  const id = (c: ColumnDefinitionBuilder) =>
    dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity();
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('invitations')
        .addColumn('id', 'integer', id)
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('invited_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('accepted_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addCheckConstraint('invitations_role', sql`role in ('owner', 'agent')`)
        .execute();
      await db.schema
        .createIndex('invitations_workspace')
        .on('invitations')
        .columns(['workspace_id', 'email'])
        .execute();

      await db.schema
        .createTable('password_resets')
        .addColumn('id', 'integer', id)
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
      // Every session of a user is ended when their password is reset (all workspaces at once).
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropIndex('sessions_user').execute();
      await db.schema.dropTable('password_resets').execute();
      await db.schema.dropTable('invitations').execute();
    },
  };
}
