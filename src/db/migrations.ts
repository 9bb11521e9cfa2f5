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

function oneOfNumbers(column: string) {
  return sql`${sql.ref(column)} in (0, 1)`;
}

/** Every migration, by name; names sort in the order they must run. */
export function migrationsFor(dialect: DialectName): Record<string, Migration> {
  return { '001_initial': initial(dialect), '002_mailbox_state': mailboxState(), '003_prefs': prefs() };
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
