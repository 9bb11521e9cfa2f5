/**
 * Migration 013 (reply-screen): what the reply screen needs to never lose work and to empty.
 *
 * - `drafts.send_at` / `drafts.send_token`: an approved reply waits out its undo window. The
 *   token names the one scheduled send (the `send_draft` job carries it); undo clears it, so a
 *   job that wakes up after an undo (or after a re-approval with a new token) sends nothing.
 * - `messages.done_at` / `done_by`: a person marked the message done (or a later message of the
 *   same conversation settled a waiting one). The queue state itself is derived (see
 *   repositories/queue.ts), so it can never disagree with the message and draft it describes.
 * - `messages.seen_at`: first opened by someone of the workspace (the unread marker).
 * - `draft_versions`: every text a draft has had — generated, edited (autosave folds a burst of
 *   edits by one person into one version), restored — with who and when, so a regenerate over
 *   an edit can be undone in one click.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './schema.js';

export function replyScreen(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('drafts').addColumn('send_at', 'text').execute();
      await db.schema.alterTable('drafts').addColumn('send_token', 'text').execute();
      await db.schema.alterTable('messages').addColumn('done_at', 'text').execute();
      await db.schema.alterTable('messages').addColumn('done_by', 'text').execute();
      await db.schema.alterTable('messages').addColumn('seen_at', 'text').execute();
      await db.schema
        .createTable('draft_versions')
        .addColumn('id', 'integer', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedByDefaultAsIdentity(),
        )
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
        .addColumn('draft_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('generated', 'edited', 'restored')`))
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addForeignKeyConstraint(
          'draft_versions_draft',
          ['workspace_id', 'draft_id'],
          'drafts',
          ['workspace_id', 'id'],
          (fk) => fk.onDelete('cascade'),
        )
        .execute();
      await db.schema.createIndex('draft_versions_draft').on('draft_versions').columns(['draft_id', 'id']).execute();
      await db.schema
        .createIndex('messages_queue')
        .on('messages')
        .columns(['workspace_id', 'done_at', 'state'])
        .execute();
      // Drafts written before versions existed get their generated text as the first version.
      await sql`insert into draft_versions (workspace_id, draft_id, kind, subject, text, actor, created_at, updated_at)
        select workspace_id, id, 'generated', subject, coalesce(original_text, text), 'system', created_at, created_at from drafts`.execute(
        db,
      );
      await sql`insert into draft_versions (workspace_id, draft_id, kind, subject, text, actor, created_at, updated_at)
        select workspace_id, id, 'edited', subject, text, 'user', updated_at, updated_at from drafts
        where original_text is not null and original_text <> text`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('draft_versions').execute();
      await db.schema.dropIndex('messages_queue').execute();
      for (const column of ['done_at', 'done_by', 'seen_at']) {
        await db.schema.alterTable('messages').dropColumn(column).execute();
      }
      await db.schema.alterTable('drafts').dropColumn('send_token').execute();
      await db.schema.alterTable('drafts').dropColumn('send_at').execute();
    },
  };
}
