/**
 * Migration 016 (search): full-text search over messages, in the database.
 *
 * - `messages.body_text`: the decoded text of the message (the parser's, capped), written at
 *   ingest; null for rows stored before this migration until the server's backfill parses their
 *   raw source (see app/search-backfill.ts). Subject, sender and name are indexed at once.
 * - SQLite: an FTS5 table over messages (external content, so the text is stored once) kept in
 *   sync by triggers on insert, delete and update of the indexed columns; `rebuild` indexes the
 *   rows that exist already.
 * - PostgreSQL: a stored generated `tsvector` column with a GIN index; adding it computes it for
 *   every existing row. The 'simple' configuration keeps every word as written (no stemming, no
 *   stop words), so order numbers and address parts are tokens.
 *
 * Both split text on anything that is not a letter or digit (the FTS5 unicode61 tokenizer does so
 * by itself; PostgreSQL's parser would keep "ORD-5021" as "ord" and "-5021", so punctuation is
 * turned into spaces first), which is what makes "#12345" in a query find "order 12345" and
 * "Order#12345" alike. The query side (db/search-query.ts) splits the same way.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

/** The indexed text of a message row, for the PostgreSQL generated column. */
const PG_DOCUMENT = sql.raw(`to_tsvector('simple'::regconfig, regexp_replace(
  from_address || ' ' || coalesce(from_name, '') || ' ' || subject || ' ' || coalesce(body_text, ''),
  '[^[:alnum:]]+', ' ', 'g'))`);

const FTS_COLUMNS = 'from_address, from_name, subject, body_text';

export function search(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('messages').addColumn('body_text', 'text').execute();
      if (dialect === 'postgres') {
        await sql`alter table messages add column search_tsv tsvector generated always as (${PG_DOCUMENT}) stored`.execute(
          db,
        );
        await sql`create index messages_search on messages using gin (search_tsv)`.execute(db);
        return;
      }
      // remove_diacritics 2: "galvanise" finds "galvanisé".
      await sql`create virtual table messages_fts using fts5(${sql.raw(FTS_COLUMNS)},
        content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='3')`.execute(db);
      const values = (prefix: string) =>
        sql.raw(
          FTS_COLUMNS.split(', ')
            .map((c) => `${prefix}.${c}`)
            .join(', '),
        );
      await sql`create trigger messages_fts_insert after insert on messages begin
        insert into messages_fts(rowid, ${sql.raw(FTS_COLUMNS)}) values (new.id, ${values('new')});
      end`.execute(db);
      await sql`create trigger messages_fts_delete after delete on messages begin
        insert into messages_fts(messages_fts, rowid, ${sql.raw(FTS_COLUMNS)}) values ('delete', old.id, ${values('old')});
      end`.execute(db);
      await sql`create trigger messages_fts_update after update of ${sql.raw(FTS_COLUMNS)} on messages begin
        insert into messages_fts(messages_fts, rowid, ${sql.raw(FTS_COLUMNS)}) values ('delete', old.id, ${values('old')});
        insert into messages_fts(rowid, ${sql.raw(FTS_COLUMNS)}) values (new.id, ${values('new')});
      end`.execute(db);
      await sql`insert into messages_fts(messages_fts) values ('rebuild')`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        await sql`drop index messages_search`.execute(db);
        await sql`alter table messages drop column search_tsv`.execute(db);
      } else {
        for (const name of ['insert', 'delete', 'update'])
          await sql.raw(`drop trigger messages_fts_${name}`).execute(db);
        await sql`drop table messages_fts`.execute(db);
      }
      await db.schema.alterTable('messages').dropColumn('body_text').execute();
    },
  };
}
