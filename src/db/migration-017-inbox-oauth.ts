/**
 * Migration 017 (inbox-oauth): mailboxes connected by "Sign in with Google / Microsoft".
 *
 * - `inboxes.oauth_provider`: `google` or `microsoft` when the inbox logs in with XOAUTH2; null
 *   for a password (or forwarding-only) inbox. For an OAuth inbox the secret behind
 *   `password_secret_id` is the refresh token, encrypted like every mailbox credential; access
 *   tokens are never stored (each process keeps them in memory until shortly before expiry).
 * - `inboxes.needs_reconnect` / `needs_reconnect_at`: the provider refused the grant
 *   (`invalid_grant`: revoked, expired, password changed). The watcher stops, approved replies
 *   wait, and a banner asks an owner to reconnect; reconnecting clears both.
 * - `oauth_flows`: one row per started sign-in, found by the SHA-256 of its `state` and taken
 *   once (`used_at`). It binds the flow to the session that started it (CSRF) and keeps the PKCE
 *   verifier (encrypted) and the nonce the ID token must carry.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function inboxOAuth(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable('inboxes')
        .addColumn('oauth_provider', 'text', (c) => c.check(sql`oauth_provider in ('google', 'microsoft')`))
        .execute();
      await db.schema.alterTable('inboxes').addColumn('needs_reconnect', 'text').execute();
      await db.schema.alterTable('inboxes').addColumn('needs_reconnect_at', 'text').execute();
      await db.schema
        .createTable('oauth_flows')
        .addColumn('id', 'integer', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('session_hash', 'text', (c) => c.notNull())
        .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider in ('google', 'microsoft')`))
        .addColumn('state_hash', 'text', (c) => c.notNull().unique())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('code_verifier', 'text', (c) => c.notNull())
        .addColumn('reconnect_inbox_id', 'integer')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('oauth_flows_created').on('oauth_flows').column('created_at').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('oauth_flows').execute();
      await db.schema.alterTable('inboxes').dropColumn('needs_reconnect_at').execute();
      await db.schema.alterTable('inboxes').dropColumn('needs_reconnect').execute();
      await db.schema.alterTable('inboxes').dropColumn('oauth_provider').execute();
    },
  };
}
