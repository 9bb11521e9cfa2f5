import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from './connect.js';
import { isDbError } from './errors.js';
import { migrateToLatest, migrationsFor } from './migrations.js';
import { createRepositories } from './repositories/index.js';
import { generateSecretKey } from './secrets.js';
import { seedWorkspace } from './test-databases.js';
import { createTestDatabase, TEST_DIALECTS } from './test-databases.js';

const TABLES = [
  'api_tokens',
  'audit_log',
  'conversation_assignments',
  'conversation_notes',
  'customer_links',
  'draft_versions',
  'drafts',
  'forwarding_checks',
  'forwarding_confirmations',
  'inboxes',
  'integrations',
  'invitations',
  'jobs',
  'leases',
  'llm_settings',
  'login_attempts',
  'mailbox_state',
  'memberships',
  'messages',
  'oauth_flows',
  'password_resets',
  'reply_outcomes',
  'secrets',
  'sessions',
  'settings',
  'shadow_items',
  'shadow_runs',
  'users',
  'webhook_deliveries',
  'webhook_subscriptions',
  'workspace_integrations_enabled',
  'workspaces',
];

/** SQLite's full-text index (migration 016) is a virtual table with its shadow tables. */
const SQLITE_SEARCH_TABLES = [
  'messages_fts',
  'messages_fts_config',
  'messages_fts_data',
  'messages_fts_docsize',
  'messages_fts_idx',
];

function tablesOf(dialect: string): string[] {
  return (dialect === 'sqlite' ? [...TABLES, ...SQLITE_SEARCH_TABLES] : TABLES).sort();
}

describe.each(TEST_DIALECTS)('migrations [%s]', (dialect) => {
  it('create every table on a fresh database, and a second run (and a reopen) changes nothing', async () => {
    const target = await createTestDatabase(dialect);
    try {
      const db = await target.open();
      try {
        const tables = (await db.kysely.introspection.getTables()).map((t) => t.name).sort();
        expect(tables).toEqual(tablesOf(dialect));
        expect(await migrateToLatest(db.kysely, db.dialect)).toEqual([]);
      } finally {
        await db.close();
      }
      const again = await target.open();
      try {
        expect(await migrateToLatest(again.kysely, again.dialect)).toEqual([]);
        const done = await again.kysely
          .selectFrom('kysely_migration' as never)
          .select(sql<string>`name`.as('name'))
          .execute();
        expect(done.map((r) => r.name)).toEqual([
          '001_initial',
          '002_mailbox_state',
          '003_prefs',
          '004_leases',
          '005_evidence',
          '006_shadow_autonomy',
          '008_webhooks',
          '009_inbox_forwarding',
          '010_message_authentication',
          '011_token_scopes',
          '012_login_attempts',
          '013_reply_screen',
          '014_forwarding_checks',
          '015_members',
          '016_search',
          '017_inbox_oauth',
          '018_conversations',
          '019_customer_links',
          '020_audit_index',
        ]);
      } finally {
        await again.close();
      }
    } finally {
      await target.drop();
    }
  });

  it('enforce the enumerations with CHECK constraints', async () => {
    const target = await createTestDatabase(dialect);
    try {
      const db = await target.open();
      try {
        const at = new Date().toISOString();
        const ws = await db.kysely
          .insertInto('workspaces')
          .values({ slug: 'w', name: 'W', created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const bad = db.kysely
          .insertInto('jobs')
          .values({
            workspace_id: ws.id,
            kind: 'k',
            payload: 'null',
            state: 'bogus' as never,
            attempts: 0,
            run_at: at,
            created_at: at,
            updated_at: at,
          })
          .execute();
        await expect(bad).rejects.toThrow(/check/i);
      } finally {
        await db.close();
      }
    } finally {
      await target.drop();
    }
  });

  it('report the applied migration when run by hand on an empty database', async () => {
    const target = await createTestDatabase(dialect);
    try {
      const db = await target.open({ migrate: false });
      try {
        expect(await migrateToLatest(db.kysely, db.dialect)).toEqual([
          '001_initial',
          '002_mailbox_state',
          '003_prefs',
          '004_leases',
          '005_evidence',
          '006_shadow_autonomy',
          '008_webhooks',
          '009_inbox_forwarding',
          '010_message_authentication',
          '011_token_scopes',
          '012_login_attempts',
          '013_reply_screen',
          '014_forwarding_checks',
          '015_members',
          '016_search',
          '017_inbox_oauth',
          '018_conversations',
          '019_customer_links',
          '020_audit_index',
        ]);
        expect(await migrateToLatest(db.kysely, db.dialect)).toEqual([]);
      } finally {
        await db.close();
      }
    } finally {
      await target.drop();
    }
  });
});

describe.each(TEST_DIALECTS)('migration 016 [%s]', (dialect) => {
  it('index the messages that exist when it runs, so they are found at once', async () => {
    const target = await createTestDatabase(dialect);
    try {
      const db = await target.open({ migrate: false });
      try {
        const migrator = new Migrator({
          db: db.kysely,
          provider: { getMigrations: async () => migrationsFor(dialect) },
        });
        expect((await migrator.migrateTo('013_reply_screen')).error).toBeUndefined();
        const repos = createRepositories(db, generateSecretKey());
        const { workspaceId, inboxId } = await seedWorkspace(repos);
        // Written as a pre-016 server would: no body_text column yet.
        const at = new Date().toISOString();
        await sql`insert into messages (workspace_id, inbox_id, message_id, thread_key, from_address, from_name,
          subject, received_at, raw, state, attempts, created_at, updated_at)
          values (${workspaceId}, ${inboxId}, '<old@x>', '<old@x>', 'old.customer@shop.example', 'Olga Berg',
          'Order #90017 late', ${at}, ${Buffer.from('raw')}, 'received', 0, ${at}, ${at})`.execute(db.kysely);
        expect(await migrateToLatest(db.kysely, db.dialect)).toEqual([
          '014_forwarding_checks',
          '015_members',
          '016_search',
          '017_inbox_oauth',
          '018_conversations',
          '019_customer_links',
          '020_audit_index',
        ]);
        for (const q of ['90017', 'olga', 'old.customer@shop.example', 'late']) {
          expect((await repos.queue.page(workspaceId, { search: q })).items, q).toHaveLength(1);
        }
        // Its body is read later, by the server's backfill.
        expect(await repos.messages.withoutBodyText(10)).toHaveLength(1);
      } finally {
        await db.close();
      }
    } finally {
      await target.drop();
    }
  });
});

describe('SQLite connection', () => {
  it('creates the data directory and the database file in WAL mode with foreign keys on', async () => {
    const target = await createTestDatabase('sqlite');
    const dataDir = path.join(target.dataDir, 'nested', 'data');
    const db = await openDatabase({ dataDir });
    try {
      expect(existsSync(path.join(dataDir, 'snoooz.db'))).toBe(true);
      expect(statSync(dataDir).mode & 0o077).toBe(0);
      const journal = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db.kysely);
      expect(journal.rows[0]?.journal_mode).toBe('wal');
      const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db.kysely);
      expect(fk.rows[0]?.foreign_keys).toBe(1);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db.kysely);
      expect(busy.rows[0]?.timeout).toBeGreaterThan(0);
    } finally {
      await db.close();
      await target.drop();
    }
  });

  it('supports :memory: for tests', async () => {
    const db = await openDatabase({ dataDir: ':memory:' });
    try {
      expect(db.dialect).toBe('sqlite');
      expect((await db.kysely.introspection.getTables()).length).toBe(tablesOf('sqlite').length);
    } finally {
      await db.close();
    }
  });
});

describe('PostgreSQL connection', () => {
  it('rejects a URL that is not postgres://', async () => {
    await expect(openDatabase({ url: 'mysql://localhost/x' })).rejects.toSatisfy((e) =>
      isDbError(e, 'invalid_database_url'),
    );
  });

  it('reports an unreachable server without leaking the password', async () => {
    const error: unknown = await openDatabase({ url: 'postgres://user:hunter2secret@127.0.0.1:1/x' }).catch(
      (e: unknown) => e,
    );
    expect(isDbError(error, 'unavailable')).toBe(true);
    expect((error as Error).message).toContain('127.0.0.1:1/x');
    expect((error as Error).message).not.toContain('hunter2secret');
  });
});
