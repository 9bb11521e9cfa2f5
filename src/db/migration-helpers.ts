/** Shared building blocks of the migrations (one file per migration, registered in migrations.ts). */
import { sql } from 'kysely';
import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import type { DialectName } from './schema.js';

export type Db = Kysely<unknown>;

export function idColumn(dialect: DialectName): (col: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  // AUTOINCREMENT keeps SQLite from reusing the id of a deleted row; identity is PostgreSQL's equivalent.
  return dialect === 'sqlite'
    ? (col) => col.primaryKey().autoIncrement()
    : (col) => col.primaryKey().generatedByDefaultAsIdentity();
}

export function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/**
 * Kysely runs PostgreSQL migrations inside a transaction but not SQLite ones, although SQLite's
 * DDL is transactional too; wrap it ourselves so a failed migration leaves no half-built schema.
 */
export async function atomically(db: Db, body: (db: Db) => Promise<void>): Promise<void> {
  if (db.isTransaction) return body(db);
  await db.transaction().execute(body);
}

/** A CHECK for a 0/1 flag (there is no portable boolean). */
export function oneOfNumbers(column: string) {
  return sql`${sql.ref(column)} in (0, 1)`;
}
