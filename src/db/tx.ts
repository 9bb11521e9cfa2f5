import type { Kysely } from 'kysely';
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
