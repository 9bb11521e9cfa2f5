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
  /** See `RepositoriesOptions.onJobCommitted`. */
  readonly onJobCommitted?: JobCommittedHook;
  /** Inside a transaction: jobs inserted so far, announced to `onJobCommitted` after the commit. */
  readonly pendingJobs?: EnqueuedJob[];
}

/** Runs raw SQL (`$1`-style parameters on PostgreSQL) on one connection or transaction. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface EnqueuedJob {
  id: number;
  workspaceId: number;
  kind: string;
  payload: unknown;
  messageId: number | null;
  runAt: string;
}

export type JobEnqueuedHook = (job: EnqueuedJob, executor: SqlExecutor) => Promise<void>;

export type JobCommittedHook = (job: EnqueuedJob) => void;

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
  const pendingJobs: EnqueuedJob[] = [];
  const result = await ctx.db.transaction().execute((trx) => fn({ ...ctx, db: trx, pendingJobs }));
  announceCommitted(ctx, pendingJobs);
  return result;
}

/**
 * Tells `onJobCommitted` about a job now visible to other connections: at once outside a
 * transaction, after the commit inside one (a worker woken before the commit would find nothing
 * and sleep a whole poll interval).
 */
export function jobInserted(ctx: RepoContext, job: EnqueuedJob): void {
  if (ctx.db.isTransaction && ctx.pendingJobs) ctx.pendingJobs.push(job);
  else if (!ctx.db.isTransaction) ctx.onJobCommitted?.(job);
}

export function announceCommitted(ctx: Pick<RepoContext, 'onJobCommitted'>, jobs: EnqueuedJob[]): void {
  for (const job of jobs.splice(0)) ctx.onJobCommitted?.(job);
}

export function nowIso(ctx: Pick<RepoContext, 'now'>): string {
  return ctx.now().toISOString();
}
