/**
 * One migration set for both databases, written with Kysely's schema builder. The only
 * dialect-specific choices are the id column and the raw-bytes type; everything else is
 * portable SQL (text, integer, CHECK, composite FOREIGN KEY).
 *
 * Tenant safety is also enforced by the schema itself: child rows reference their parent by
 * (workspace_id, id), so a message can never point at another workspace's inbox, a draft at
 * another workspace's message, an integration at another workspace's secret, and so on.
 */
import { Migrator, sql } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely, Migration, MigrationProvider } from 'kysely';
import { DbError } from './errors.js';
import type { DialectName, Schema } from './schema.js';
import { inboxForwarding } from './migration-009-inbox-forwarding.js';
import { messageAuthentication } from './migration-010-message-authentication.js';
import { tokenScopes } from './migration-011-token-scopes.js';
import { loginAttempts } from './migration-012-login-attempts.js';
import { forwardingChecks } from './migration-014-forwarding-checks.js';
import { replyScreen } from './migration-013-reply-screen.js';
import { inboxOAuth } from './migration-017-inbox-oauth.js';
import { members } from './migration-015-members.js';
import { search } from './migration-016-search.js';
import { customerLinks } from './migration-019-customer-links.js';

type Db = Kysely<unknown>;

function idColumn(dialect: DialectName): (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  // AUTOINCREMENT keeps SQLite from reusing the id of a deleted row; identity is PostgreSQL's equivalent.
  return dialect === 'sqlite'
    ? (col) => col.primaryKey().autoIncrement()
    : (col) => col.primaryKey().generatedByDefaultAsIdentity();
}

function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/**
 * Kysely runs PostgreSQL migrations inside a transaction but not SQLite ones, although SQLite's
 * DDL is transactional too; wrap it ourselves so a failed migration leaves no half-built schema.
 */
async function atomically(db: Db, body: (db: Db) => Promise<void>): Promise<void> {
  if (db.isTransaction) return body(db);
  await db.transaction().execute(body);
}

function initial(dialect: DialectName): Migration {
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

/**
 * Where each IMAP watcher got to: the mailbox's UIDVALIDITY and the last UID handed to storage,
 * so a restart neither misses nor repeats a message. UIDs and UIDVALIDITY are unsigned 32-bit,
 * beyond PostgreSQL's integer: last_uid is a bigint, uid_validity text (only ever compared).
 */
function mailboxState(): Migration {
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

/**
 * Preferences the web app edits: the workspace's LLM choice (provider, model, base URL and the
 * encrypted API key's row in `secrets`, referenced by (workspace_id, id) so it cannot point at
 * another workspace's secret) and, per inbox, whether new drafts are also filed in the mailbox's
 * Drafts folder (0/1, CHECKed: there is no portable boolean). No row in `llm_settings` means the
 * workspace has not chosen, so the environment's LLM configuration applies.
 */
function prefs(): Migration {
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema
          .createTable('llm_settings')
          .addColumn('workspace_id', 'integer', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('base_url', 'text')
          .addColumn('api_key_secret_id', 'integer')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addForeignKeyConstraint('llm_settings_api_key', ['workspace_id', 'api_key_secret_id'], 'secrets', [
            'workspace_id',
            'id',
          ])
          .addCheckConstraint(
            'llm_settings_provider',
            oneOf('provider', ['builtin', 'openai', 'anthropic', 'openai-compatible']),
          )
          .execute();
        await db.schema
          .alterTable('inboxes')
          .addColumn('append_drafts', 'integer', (c) => c.notNull().defaultTo(0).check(oneOfNumbers('append_drafts')))
          .execute();
      }),
    down: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('inboxes').dropColumn('append_drafts').execute();
        await db.schema.dropTable('llm_settings').execute();
      }),
  };
}

/**
 * Leases (migration 004): which process currently owns a named piece of work that must have one
 * owner at a time, e.g. `imap:inbox:<id>` (one IMAP watcher per mailbox across all processes).
 * Acquire and renew are one conditional upsert (free, expired, or already ours), so they are
 * atomic on both databases; a process that dies stops renewing and its lease expires.
 */
function leases(): Migration {
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('owner', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('acquired_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('leases_owner').on('leases').column('owner').execute();
      }),
    down: (outer) =>
      atomically(outer, (db) =>
        db.schema
          .dropTable('leases')
          .execute()
          .then(() => undefined),
      ),
  };
}

/**
 * Evidence (migration 005): the store facts each draft states, where, and what the composer was not
 * given (JSON, see assistant/evidence/). Nullable: drafts written before it have none.
 */
function evidence(): Migration {
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('drafts').addColumn('evidence', 'text').execute();
      }),
    down: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('drafts').dropColumn('evidence').execute();
      }),
  };
}

/**
 * Shadow mode and autonomy (migration 006). `shadow_runs`: one run of the assistant over past
 * mail of an inbox (a folder, or a date range of INBOX), nothing sent; `shadow_items`: per past
 * email, Snoooz's draft next to the reply the team actually sent and their similarity;
 * `reply_outcomes`: per sent draft, how close the sent text was to the draft (the evidence that
 * earns or loses auto-send per intent). Items and runs are tied by (workspace_id, run_id), so an
 * item can never belong to another workspace's run. Texts of sent live replies are not copied:
 * the similarity is all autonomy needs. `drafts.original_text` keeps the draft as composed, so the
 * text a person sent (their edits land in `drafts.text`) can be compared with it.
 */
function shadowAutonomy(dialect: DialectName): Migration {
  const id = idColumn(dialect);
  const real = dialect === 'sqlite' ? 'real' : 'double precision';
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema
          .createTable('shadow_runs')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
          .addColumn('inbox_id', 'integer', (c) => c.notNull())
          .addColumn('folder', 'text', (c) => c.notNull())
          .addColumn('since', 'text')
          .addColumn('until', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('emails', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('summary', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .addUniqueConstraint('shadow_runs_ws_id', ['workspace_id', 'id'])
          .addForeignKeyConstraint(
            'shadow_runs_inbox',
            ['workspace_id', 'inbox_id'],
            'inboxes',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete('cascade'),
          )
          .addCheckConstraint('shadow_runs_status', oneOf('status', ['running', 'done', 'failed']))
          .execute();
        await db.schema
          .createIndex('shadow_runs_workspace')
          .on('shadow_runs')
          .columns(['workspace_id', 'id'])
          .execute();

        await db.schema
          .createTable('shadow_items')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull())
          .addColumn('run_id', 'integer', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('email_message_id', 'text', (c) => c.notNull())
          .addColumn('from_address', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text')
          .addColumn('intent', 'text')
          .addColumn('language', 'text')
          .addColumn('skipped_reason', 'text')
          .addColumn('draft_text', 'text')
          .addColumn('would_send', 'integer', (c) => c.notNull().defaultTo(0).check(oneOfNumbers('would_send')))
          .addColumn('delivery_reason', 'text')
          .addColumn('team_reply_text', 'text')
          .addColumn('team_reply_message_id', 'text')
          .addColumn('team_replied_at', 'text')
          .addColumn('match_kind', 'text')
          .addColumn('similarity', real)
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addForeignKeyConstraint(
            'shadow_items_run',
            ['workspace_id', 'run_id'],
            'shadow_runs',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete('cascade'),
          )
          .addCheckConstraint(
            'shadow_items_similarity',
            sql`similarity is null or (similarity >= 0 and similarity <= 1)`,
          )
          .execute();
        await db.schema.createIndex('shadow_items_run').on('shadow_items').columns(['run_id', 'position']).execute();
        await db.schema
          .createIndex('shadow_items_workspace')
          .on('shadow_items')
          .columns(['workspace_id', 'intent'])
          .execute();

        await db.schema
          .createTable('reply_outcomes')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
          .addColumn('draft_id', 'integer')
          .addColumn('intent', 'text', (c) => c.notNull())
          .addColumn('similarity', real, (c) => c.notNull())
          .addColumn('automatic', 'integer', (c) => c.notNull().defaultTo(0).check(oneOfNumbers('automatic')))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('reply_outcomes_draft', ['workspace_id', 'draft_id'])
          .addCheckConstraint('reply_outcomes_similarity', sql`similarity >= 0 and similarity <= 1`)
          .execute();
        await db.schema
          .createIndex('reply_outcomes_intent')
          .on('reply_outcomes')
          .columns(['workspace_id', 'intent', 'id'])
          .execute();
        // The draft as Snoooz wrote it; `text` becomes what a person edited it into.
        await db.schema.alterTable('drafts').addColumn('original_text', 'text').execute();
      }),
    down: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('drafts').dropColumn('original_text').execute();
        await db.schema.dropTable('reply_outcomes').execute();
        await db.schema.dropTable('shadow_items').execute();
        await db.schema.dropTable('shadow_runs').execute();
      }),
  };
}

/**
 * Webhook subscriptions (opt-in, see src/app/webhooks.ts): per integration, the unguessable token
 * of its delivery URL and the SHA-256 of the shared secret (the secret itself is not stored), and
 * the hashes of recent deliveries, so a duplicate delivery does nothing new.
 */
function webhooks(dialect: DialectName): Migration {
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

function oneOfNumbers(column: string) {
  return sql`${sql.ref(column)} in (0, 1)`;
}

/** Every migration, by name; names sort in the order they must run. */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return {
    '001_initial': initial(dialect),
    '002_mailbox_state': mailboxState(),
    '003_prefs': prefs(),
    '004_leases': leases(),
    '005_evidence': evidence(),
    '006_shadow_autonomy': shadowAutonomy(dialect),
    '008_webhooks': webhooks(dialect),
    '009_inbox_forwarding': inboxForwarding(dialect),
    '010_message_authentication': messageAuthentication(dialect),
    '011_token_scopes': tokenScopes(dialect),
    '012_login_attempts': loginAttempts(dialect),
    '013_reply_screen': replyScreen(dialect),
    '014_forwarding_checks': forwardingChecks(dialect),
    '015_members': members(dialect),
    '016_search': search(dialect),
    '017_inbox_oauth': inboxOAuth(dialect),
    '019_customer_links': customerLinks(dialect),
  };
}

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrationsFor(this.dialect);
  }
}

/** Brings the schema up to date; returns the names of the migrations that ran (none when current). */
export async function migrateToLatest(db: Kysely<Schema>, dialect: DialectName): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new InCodeMigrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new DbError('migration_failed', `Database migration ${failed} failed.`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
