import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './connect.js';
import type { SecretKey } from './secrets.js';
import type { DialectName, Schema } from './schema.js';

/**
 * What every repository function runs against. `db` is either the pool-level Kysely or an open
 * transaction (Kysely's Transaction is a Kysely), so the same code composes into larger units.
 */
export interface RepoContext {
  readonly db: Kysely<Schema>;
  readonly dialect: DialectName;
  readonly now: () => Date;
  readonly secretKey: SecretKey;
  /** See `RepositoriesOptions.onJobEnqueued`. */
  readonly onJobEnqueued?: JobEnqueuedHook;
}

/** Runs raw SQL (`$1`-style parameters on PostgreSQL) on one connection or transaction. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

export type JobEnqueuedHook = (
  job: { id: number; workspaceId: number; kind: string; payload: unknown; messageId: number | null; runAt: string },
  executor: SqlExecutor,
) => Promise<void>;

/** An executor over the context's connection, i.e. inside its transaction when there is one. */
export function executorFor(db: Kysely<Schema>): SqlExecutor {
  return {
    async executeSql(text, values) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: [...result.rows] };
    },
  };
}

export function contextFor(database: Database, secretKey: SecretKey): RepoContext {
  return { db: database.kysely, dialect: database.dialect, now: () => database.now(), secretKey };
}

/** Runs `fn` in a transaction, joining the caller's if there is one (Kysely cannot nest them). */
export async function inTransaction<T>(ctx: RepoContext, fn: (tx: RepoContext) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return fn(ctx);
  return ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx }));
}

export function nowIso(ctx: Pick<RepoContext, 'now'>): string {
  return ctx.now().toISOString();
}
