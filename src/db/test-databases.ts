/**
 * Test support: the same storage tests run against SQLite and PostgreSQL.
 *
 * SQLite databases live in a temp directory (a real file, so WAL is exercised). PostgreSQL
 * databases are created per test file as `snoooz_test_<random>` through an admin connection
 * (`SNOOOZ_TEST_POSTGRES_URL`, default postgres://postgres@127.0.0.1:5432/test) and dropped
 * afterwards. Set `SNOOOZ_TEST_SKIP_POSTGRES=1` to run against SQLite only; otherwise an
 * unreachable PostgreSQL fails the suite rather than silently skipping half of it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import type { Database, OpenDatabaseOptions } from './connect.js';
import { openDatabase } from './connect.js';
import type { Repositories } from './repositories/index.js';
import { createRepositories } from './repositories/index.js';
import type { DialectName } from './schema.js';
import type { SecretKey } from './secrets.js';
import { generateSecretKey } from './secrets.js';

export const TEST_DIALECTS: readonly DialectName[] =
  process.env.SNOOOZ_TEST_SKIP_POSTGRES === '1' ? ['sqlite'] : ['sqlite', 'postgres'];

export const TEST_POSTGRES_ADMIN_URL =
  process.env.SNOOOZ_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** An empty database of one dialect, not yet opened (so tests can watch migrations run). */
export interface TestDatabaseTarget {
  dialect: DialectName;
  /** A private temp directory: the SQLite file, and a place for key files. */
  dataDir: string;
  /** The PostgreSQL URL, when dialect is postgres. */
  url?: string;
  open(extra?: Omit<OpenDatabaseOptions, 'url' | 'dataDir'>): Promise<Database>;
  drop(): Promise<void>;
}

export async function createTestDatabase(dialect: DialectName): Promise<TestDatabaseTarget> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-db-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') {
    return { dialect, dataDir, open: (extra) => openDatabase({ ...extra, dataDir }), drop: async () => removeDir() };
  }
  const name = `snoooz_test_${randomBytes(6).toString('hex')}`;
  // template0: nobody is ever connected to it, so parallel test files can all copy it at once.
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE template0`));
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    dataDir,
    url: url.toString(),
    open: (extra) => openDatabase({ ...extra, url: url.toString(), dataDir }),
    drop: async () => {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      removeDir();
    },
  };
}

async function admin(fn: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** A clock tests can move; starts at the real time. */
export interface TestClock {
  now(): Date;
  set(date: Date | string): void;
  advance(ms: number): void;
}

export function createTestClock(start: Date = new Date()): TestClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (date) => {
      current = new Date(date).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface TestStore {
  dialect: DialectName;
  target: TestDatabaseTarget;
  db: Database;
  key: SecretKey;
  repos: Repositories;
  clock: TestClock;
}

/**
 * `describe.each` over both dialects: one migrated database per dialect for the whole block,
 * opened before its tests and dropped after. Tests share it, so each should create its own
 * workspaces (see `uniqueSlug`).
 */
export function withTestDatabases(title: string, body: (store: () => TestStore, dialect: DialectName) => void): void {
  describe.each(TEST_DIALECTS)(`${title} [%s]`, (dialect) => {
    let store: TestStore | undefined;
    beforeAll(async () => {
      const target = await createTestDatabase(dialect);
      const clock = createTestClock();
      const db = await target.open({ now: clock.now });
      const key = generateSecretKey();
      store = { dialect, target, db, key, clock, repos: createRepositories(db, key) };
    });
    afterAll(async () => {
      await store?.db.close();
      await store?.target.drop();
    });
    body(() => {
      if (!store) throw new Error('The test database is not open yet (use it inside a test or hook).');
      return store;
    }, dialect);
  });
}

let counter = 0;
/** A workspace slug no other test in this process uses. */
export function uniqueSlug(prefix = 'ws'): string {
  counter += 1;
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}`;
}

/** A workspace with one inbox, the usual starting point of a storage test. */
export async function seedWorkspace(
  repos: Repositories,
  options: { slug?: string; address?: string } = {},
): Promise<{ workspaceId: number; inboxId: number }> {
  const slug = options.slug ?? uniqueSlug();
  const workspace = await repos.workspaces.create({ slug, name: `Workspace ${slug}` });
  const inbox = await repos.inboxes.create(workspace.id, {
    name: 'Support',
    address: options.address ?? `support@${slug}.example`,
  });
  return { workspaceId: workspace.id, inboxId: inbox.id };
}

/**
 * Makes the database itself reject a write (a trigger raising an error), to prove that a
 * multi-step write rolls back as a whole when a later step fails. `when` is a SQL condition on
 * NEW (e.g. `NEW.state = 'sent'`). Returns the function that removes the trigger.
 */
export async function injectFailure(
  db: Database,
  options: { table: string; on: 'insert' | 'update'; when?: string },
): Promise<() => Promise<void>> {
  const name = `snoooz_test_fail_${randomBytes(4).toString('hex')}`;
  const event = options.on.toUpperCase();
  const when = options.when ? `WHEN (${options.when})` : '';
  const run = (text: string) => sql.raw(text).execute(db.kysely);
  if (db.dialect === 'sqlite') {
    await run(
      `CREATE TRIGGER ${name} BEFORE ${event} ON ${options.table} FOR EACH ROW ${when} ` +
        `BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
    return async () => void (await run(`DROP TRIGGER ${name}`));
  }
  await run(
    `CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ ` +
      `BEGIN RAISE EXCEPTION 'injected failure'; END $$`,
  );
  await run(
    `CREATE TRIGGER ${name} BEFORE ${event} ON ${options.table} FOR EACH ROW ${when} EXECUTE FUNCTION ${name}()`,
  );
  return async () => {
    await run(`DROP TRIGGER ${name} ON ${options.table}`);
    await run(`DROP FUNCTION ${name}()`);
  };
}
