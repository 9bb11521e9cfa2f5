import { sql, type Migration } from 'kysely';
import type { DialectName } from './schema.js';
import { atomically, idColumn, oneOf } from './migration-helpers.js';

/** Migration 001: the initial schema (workspaces, users, memberships, sessions, API tokens, secrets, integrations, inboxes, messages, jobs, drafts, settings, audit log). */
export function initial(dialect: DialectName): Migration {
  const id = idColumn(dialect);
  const bytes = dialect === 'sqlite' ? 'blob' : 'bytea';
  const cascade = 'cascade' as const;

  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        const s = db.schema;

        await s
          .createTable('workspaces')
          .addColumn('id', 'integer', id)
          .addColumn('slug', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await s
          .createTable('users')
          .addColumn('id', 'integer', id)
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addCheckConstraint('users_email_lower', sql`email = lower(email)`)
          .execute();

        await s
          .createTable('memberships')
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete(cascade))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
          .addCheckConstraint('memberships_role', oneOf('role', ['owner', 'agent']))
          .execute();
        await s.createIndex('memberships_user').on('memberships').column('user_id').execute();

        await s
          .createTable('sessions')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) => c.notNull())
          .addColumn('workspace_id', 'integer', (c) => c.notNull())
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          // A session exists only while its membership does.
          .addForeignKeyConstraint(
            'sessions_membership',
            ['workspace_id', 'user_id'],
            'memberships',
            ['workspace_id', 'user_id'],
            (fk) => fk.onDelete(cascade),
          )
          .execute();

        await s
          .createTable('api_tokens')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('last4', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await s
          .createTable('workspace_integrations_enabled')
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('enabled_by', 'text', (c) => c.notNull())
          .addColumn('enabled_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('workspace_integrations_enabled_pk', ['workspace_id', 'kind'])
          .execute();

        await s
          .createTable('secrets')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('ciphertext', 'text', (c) => c.notNull())
          .addColumn('iv', 'text', (c) => c.notNull())
          .addColumn('tag', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text', (c) => c.notNull())
          .addColumn('last4', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('secrets_ws_id', ['workspace_id', 'id'])
          .addCheckConstraint('secrets_kind', oneOf('kind', ['bigcommerce_token', 'mail_password', 'llm_api_key']))
          .execute();

        await s
          .createTable('integrations')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('store_hash', 'text', (c) => c.notNull())
          .addColumn('store_name', 'text', (c) => c.notNull())
          .addColumn('secret_id', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('status_reason', 'text')
          .addColumn('scopes', 'text', (c) => c.notNull())
          .addColumn('last_checked_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('integrations_ws_id', ['workspace_id', 'id'])
          .addUniqueConstraint('integrations_store', ['workspace_id', 'kind', 'store_hash'])
          .addForeignKeyConstraint('integrations_secret', ['workspace_id', 'secret_id'], 'secrets', [
            'workspace_id',
            'id',
          ])
          .addCheckConstraint('integrations_kind', oneOf('kind', ['bigcommerce']))
          .addCheckConstraint('integrations_status', oneOf('status', ['connected', 'broken']))
          .execute();

        await s
          .createTable('inboxes')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('address', 'text', (c) => c.notNull())
          .addColumn('imap', 'text')
          .addColumn('smtp', 'text')
          .addColumn('password_secret_id', 'integer')
          .addColumn('store_integration_id', 'integer')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('inboxes_ws_id', ['workspace_id', 'id'])
          .addUniqueConstraint('inboxes_address', ['workspace_id', 'address'])
          .addForeignKeyConstraint('inboxes_password', ['workspace_id', 'password_secret_id'], 'secrets', [
            'workspace_id',
            'id',
          ])
          .addForeignKeyConstraint('inboxes_store', ['workspace_id', 'store_integration_id'], 'integrations', [
            'workspace_id',
            'id',
          ])
          .execute();

        await s
          .createTable('messages')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('inbox_id', 'integer', (c) => c.notNull())
          .addColumn('message_id', 'text', (c) => c.notNull())
          .addColumn('thread_key', 'text', (c) => c.notNull())
          .addColumn('from_address', 'text', (c) => c.notNull())
          .addColumn('from_name', 'text')
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('raw', bytes, (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('state_reason', 'text')
          .addColumn('intent', 'text')
          .addColumn('language', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('messages_ws_id', ['workspace_id', 'id'])
          // A second delivery of the same Message-ID to the same inbox is the same message.
          .addUniqueConstraint('messages_inbox_message_id', ['inbox_id', 'message_id'])
          .addForeignKeyConstraint(
            'messages_inbox',
            ['workspace_id', 'inbox_id'],
            'inboxes',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete(cascade),
          )
          .addCheckConstraint(
            'messages_state',
            oneOf('state', ['received', 'processing', 'drafted', 'sent', 'skipped', 'failed']),
          )
          .execute();
        await s
          .createIndex('messages_ws_received')
          .on('messages')
          .columns(['workspace_id', 'received_at', 'id'])
          .execute();
        await s.createIndex('messages_ws_state').on('messages').columns(['workspace_id', 'state']).execute();

        await s
          .createTable('jobs')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('message_id', 'integer')
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('run_at', 'text', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .addColumn('locked_by', 'text')
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addForeignKeyConstraint(
            'jobs_message',
            ['workspace_id', 'message_id'],
            'messages',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete(cascade),
          )
          .addCheckConstraint('jobs_state', oneOf('state', ['queued', 'running', 'done', 'failed']))
          .execute();
        await s.createIndex('jobs_claim').on('jobs').columns(['state', 'run_at']).execute();
        await s.createIndex('jobs_message').on('jobs').columns(['workspace_id', 'message_id']).execute();

        await s
          .createTable('drafts')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('message_id', 'integer', (c) => c.notNull().unique())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('composer', 'text', (c) => c.notNull())
          .addColumn('fallback_reason', 'text')
          .addColumn('context', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('status_reason', 'text')
          .addColumn('sent_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('drafts_ws_id', ['workspace_id', 'id'])
          .addForeignKeyConstraint(
            'drafts_message',
            ['workspace_id', 'message_id'],
            'messages',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete(cascade),
          )
          .addCheckConstraint('drafts_status', oneOf('status', ['pending', 'approved', 'sent', 'discarded', 'failed']))
          .execute();

        await s
          .createTable('settings')
          .addColumn('workspace_id', 'integer', (c) => c.primaryKey().references('workspaces.id').onDelete(cascade))
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        await s
          .createTable('audit_log')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete(cascade))
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('target', 'text')
          .addColumn('detail', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await s.createIndex('audit_log_ws_at').on('audit_log').columns(['workspace_id', 'at', 'id']).execute();
      }),

    down: (outer) =>
      atomically(outer, async (db) => {
        for (const table of [
          'audit_log',
          'settings',
          'drafts',
          'jobs',
          'messages',
          'inboxes',
          'integrations',
          'secrets',
          'workspace_integrations_enabled',
          'api_tokens',
          'sessions',
          'memberships',
          'users',
          'workspaces',
        ]) {
          await db.schema.dropTable(table).execute();
        }
      }),
  };
}
