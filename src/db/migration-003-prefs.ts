import { type Migration } from 'kysely';
import { atomically, oneOf, oneOfNumbers } from './migration-helpers.js';

/**
 * Preferences the web app edits: the workspace's LLM choice (provider, model, base URL and the
 * encrypted API key's row in `secrets`, referenced by (workspace_id, id) so it cannot point at
 * another workspace's secret) and, per inbox, whether new drafts are also filed in the mailbox's
 * Drafts folder (0/1, CHECKed: there is no portable boolean). No row in `llm_settings` means the
 * workspace has not chosen, so the environment's LLM configuration applies.
 */
export function prefs(): Migration {
  return {
    up: (outer) =>
      atomically(outer, async (db) => {
        await db.schema
          .createTable('llm_settings')
          .addColumn('workspace_id', 'integer', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('base_url', 'text')
          .addColumn('api_key_secret_id', 'integer')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addForeignKeyConstraint('llm_settings_api_key', ['workspace_id', 'api_key_secret_id'], 'secrets', [
            'workspace_id',
            'id',
          ])
          .addCheckConstraint(
            'llm_settings_provider',
            oneOf('provider', ['builtin', 'openai', 'anthropic', 'openai-compatible']),
          )
          .execute();
        await db.schema
          .alterTable('inboxes')
          .addColumn('append_drafts', 'integer', (c) => c.notNull().defaultTo(0).check(oneOfNumbers('append_drafts')))
          .execute();
      }),
    down: (outer) =>
      atomically(outer, async (db) => {
        await db.schema.alterTable('inboxes').dropColumn('append_drafts').execute();
        await db.schema.dropTable('llm_settings').execute();
      }),
  };
}
