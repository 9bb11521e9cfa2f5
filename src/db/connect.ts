/**
 * Opens our database: PostgreSQL when a `postgres://` URL is given (DATABASE_URL), otherwise
 * an embedded SQLite file in the data directory. Migrations run on every open, so a fresh
 * install and an upgrade take the same path.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver } from 'kysely';
import type { DatabaseConnection, Driver, SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import { DbError } from './errors.js';
import { migrateToLatest } from './migrations.js';
import type { DialectName, Schema } from './schema.js';

export interface Database {
  readonly kysely: Kysely<Schema>;
  readonly dialect: DialectName;
  /** The clock every repository reads; tests pass a fake one. */
  now(): Date;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** DATABASE_URL: `postgres://…` or `postgresql://…`. Unset → SQLite. */
  url?: string;
  /** Where `snoooz.db` lives (default `./data`); `:memory:` opens a private in-memory database. */
  dataDir?: string;
  now?: () => Date;
  /** Default true. */
  migrate?: boolean;
}

export const DEFAULT_DATA_DIR = './data';
const SQLITE_FILE = 'snoooz.db';
const BUSY_TIMEOUT_MS = 5_000;

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url?.trim();
  const dialect: DialectName = url ? 'postgres' : 'sqlite';
  const kysely = url ? openPostgres(url) : openSqlite(options.dataDir ?? DEFAULT_DATA_DIR);
  const database: Database = {
    kysely,
    dialect,
    now: options.now ?? (() => new Date()),
    close: () => kysely.destroy(),
  };
  try {
    if (dialect === 'postgres') await checkReachable(kysely, url ?? '');
    if (options.migrate ?? true) await migrateToLatest(kysely, dialect);
  } catch (error) {
    await kysely.destroy().catch(() => undefined);
    throw error;
  }
  return database;
}

function openSqlite(dataDir: string): Kysely<Schema> {
  let file = ':memory:';
  if (dataDir !== ':memory:') {
    // Owner-only when we create it: the database holds customer mail and the key file sits beside it.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    file = path.join(dataDir, SQLITE_FILE);
    makePrivate(file);
  }
  const sqlite = new SQLite(file);
  // WAL lets the web server read while the worker writes; NORMAL sync is durable enough under WAL.
  if (file !== ':memory:') sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  // SQLite ships with foreign keys off; our tenant guarantees rely on them.
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return new Kysely<Schema>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
}

/**
 * The database file is created 0600 before SQLite opens it (the umask can only remove bits), and
 * SQLite gives its -wal and -shm files the database file's mode; files left readable by others
 * (an older version, a restored backup) are narrowed back to the owner.
 */
function makePrivate(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      if ((statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

/**
 * Kysely begins SQLite transactions as DEFERRED; a deferred transaction that reads and then
 * writes can fail with SQLITE_BUSY without waiting when another process (CLI next to the
 * server) holds the write lock. BEGIN IMMEDIATE takes the lock up front and honours busy_timeout.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

function openPostgres(url: string): Kysely<Schema> {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new DbError('invalid_database_url', 'DATABASE_URL must start with postgres:// or postgresql://.');
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that kills the
  // process. The pool discards the client and the next query reports the outage instead.
  pool.on('error', () => undefined);
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
}

async function checkReachable(kysely: Kysely<Schema>, url: string): Promise<void> {
  try {
    await kysely.executeQuery(CompiledQuery.raw('select 1'));
  } catch (error) {
    throw new DbError('unavailable', `Cannot connect to PostgreSQL at ${describeUrl(url)}.`, {
      cause: error,
      retryable: true,
    });
  }
}

/** host:port/database only: the URL may carry a password. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return 'the configured DATABASE_URL';
  }
}
