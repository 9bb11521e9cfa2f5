import { sql, type Migration } from 'kysely';
import type { DialectName } from './schema.js';
import { atomically, idColumn, oneOf, oneOfNumbers } from './migration-helpers.js';

/**
 * Shadow mode and autonomy (migration 006). `shadow_runs`: one run of the assistant over past
 * mail of an inbox (a folder, or a date range of INBOX), nothing sent; `shadow_items`: per past
 * email, Snoooz's draft next to the reply the team actually sent and their similarity;
 * `reply_outcomes`: per sent draft, how close the sent text was to the draft (the evidence that
 * earns or loses auto-send per intent). Items and runs are tied by (workspace_id, run_id), so an
 * item can never belong to another workspace's run. Texts of sent live replies are not copied:
 * the similarity is all autonomy needs. `drafts.original_text` keeps the draft as composed, so the
 * text a person sent (their edits land in `drafts.text`) can be compared with it.
 */
export function shadowAutonomy(dialect: DialectName): Migration {
  const id = idColumn(dialect);
  const real = dialect === 'sqlite' ? 'real' : 'double precision';
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema
          .createTable('shadow_runs')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
          .addColumn('inbox_id', 'integer', (c) => c.notNull())
          .addColumn('folder', 'text', (c) => c.notNull())
          .addColumn('since', 'text')
          .addColumn('until', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('emails', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('summary', 'text')
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .addUniqueConstraint('shadow_runs_ws_id', ['workspace_id', 'id'])
          .addForeignKeyConstraint(
            'shadow_runs_inbox',
            ['workspace_id', 'inbox_id'],
            'inboxes',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete('cascade'),
          )
          .addCheckConstraint('shadow_runs_status', oneOf('status', ['running', 'done', 'failed']))
          .execute();
        await db.schema
          .createIndex('shadow_runs_workspace')
          .on('shadow_runs')
          .columns(['workspace_id', 'id'])
          .execute();

        await db.schema
          .createTable('shadow_items')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull())
          .addColumn('run_id', 'integer', (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('email_message_id', 'text', (c) => c.notNull())
          .addColumn('from_address', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text')
          .addColumn('intent', 'text')
          .addColumn('language', 'text')
          .addColumn('skipped_reason', 'text')
          .addColumn('draft_text', 'text')
          .addColumn('would_send', 'integer', (c) => c.notNull().defaultTo(0).check(oneOfNumbers('would_send')))
          .addColumn('delivery_reason', 'text')
          .addColumn('team_reply_text', 'text')
          .addColumn('team_reply_message_id', 'text')
          .addColumn('team_replied_at', 'text')
          .addColumn('match_kind', 'text')
          .addColumn('similarity', real)
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addForeignKeyConstraint(
            'shadow_items_run',
            ['workspace_id', 'run_id'],
            'shadow_runs',
            ['workspace_id', 'id'],
            (fk) => fk.onDelete('cascade'),
          )
          .addCheckConstraint(
            'shadow_items_similarity',
            sql`similarity is null or (similarity >= 0 and similarity <= 1)`,
          )
          .execute();
        await db.schema.createIndex('shadow_items_run').on('shadow_items').columns(['run_id', 'position']).execute();
        await db.schema
          .createIndex('shadow_items_workspace')
          .on('shadow_items')
          .columns(['workspace_id', 'intent'])
          .execute();

        await db.schema
          .createTable('reply_outcomes')
          .addColumn('id', 'integer', id)
          .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
          .addColumn('draft_id', 'integer')
          .addColumn('intent', 'text', (c) => c.notNull())
          .addColumn('similarity', real, (c) => c.notNull())
          .addColumn('automatic', 'integer', (c) => c.notNull().defaultTo(0).check(oneOfNumbers('automatic')))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('reply_outcomes_draft', ['workspace_id', 'draft_id'])
          .addCheckConstraint('reply_outcomes_similarity', sql`similarity >= 0 and similarity <= 1`)
          .execute();
        await db.schema
          .createIndex('reply_outcomes_intent')
          .on('reply_outcomes')
          .columns(['workspace_id', 'intent', 'id'])
          .execute();
        // The draft as Snoooz wrote it; `text` becomes what a person edited it into.
        await db.schema.alterTable('drafts').addColumn('original_text', 'text').execute();
      }),
    down: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('drafts').dropColumn('original_text').execute();
        await db.schema.dropTable('reply_outcomes').execute();
        await db.schema.dropTable('shadow_items').execute();
        await db.schema.dropTable('shadow_runs').execute();
      }),
  };
}
