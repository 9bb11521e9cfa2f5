/**
 * Preferences the web app edits and the worker reads, scoped by workspace: the LLM choice (the
 * API key itself stays encrypted in `secrets`; only its row id is kept here) and the per-inbox
 * "also file new drafts in the mailbox's Drafts folder" switch.
 */
import { notFound } from '../errors.js';
import type { LlmProviderChoice } from '../schema.js';
import { LLM_PROVIDER_CHOICES } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { invalid, isId } from './util.js';

export interface LlmSettings {
  provider: LlmProviderChoice;
  /** Empty: the provider's default model. */
  model: string;
  baseUrl: string | null;
  apiKeySecretId: number | null;
}

export interface PrefsRepository {
  /** null when the workspace never chose (the environment's configuration then applies). */
  getLlm(workspaceId: number): Promise<(LlmSettings & { updatedAt: string }) | null>;
  setLlm(workspaceId: number, settings: LlmSettings): Promise<void>;
  appendDrafts(workspaceId: number, inboxId: number): Promise<boolean>;
  setAppendDrafts(workspaceId: number, inboxId: number, on: boolean): Promise<void>;
}

export function createPrefsRepository(ctx: RepoContext): PrefsRepository {
  return {
    async getLlm(workspaceId) {
      const row = await ctx.db
        .selectFrom('llm_settings')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        provider: row.provider,
        model: row.model,
        baseUrl: row.base_url,
        apiKeySecretId: row.api_key_secret_id,
        updatedAt: row.updated_at,
      };
    },

    async setLlm(workspaceId, settings) {
      if (!(LLM_PROVIDER_CHOICES as readonly string[]).includes(settings.provider))
        throw invalid('Unknown LLM provider.');
      if (typeof settings.model !== 'string' || settings.model.length > 200) {
        throw invalid('The model name is longer than 200 characters.');
      }
      if (settings.baseUrl !== null && (typeof settings.baseUrl !== 'string' || settings.baseUrl.length > 2_000)) {
        throw invalid('The base URL is longer than 2000 characters.');
      }
      await inTransaction(ctx, async (tx) => {
        const secretId = settings.apiKeySecretId;
        if (secretId !== null) {
          // The composite foreign key keeps it inside the workspace; the kind is checked here.
          const secret = isId(secretId)
            ? await tx.db
                .selectFrom('secrets')
                .select('kind')
                .where('workspace_id', '=', workspaceId)
                .where('id', '=', secretId)
                .executeTakeFirst()
            : undefined;
          if (!secret) throw notFound('Secret');
          if (secret.kind !== 'llm_api_key') throw invalid('That secret is not an LLM API key.');
        }
        const values = {
          provider: settings.provider,
          model: settings.model.trim(),
          base_url: settings.baseUrl?.trim() || null,
          api_key_secret_id: secretId,
          updated_at: nowIso(tx),
        };
        await tx.db
          .insertInto('llm_settings')
          .values({ workspace_id: workspaceId, ...values })
          .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
          .execute();
      });
    },

    async appendDrafts(workspaceId, inboxId) {
      if (!isId(inboxId)) throw notFound('Inbox');
      const row = await ctx.db
        .selectFrom('inboxes')
        .select('append_drafts')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', inboxId)
        .executeTakeFirst();
      if (!row) throw notFound('Inbox');
      return Number(row.append_drafts) === 1;
    },

    async setAppendDrafts(workspaceId, inboxId, on) {
      if (!isId(inboxId)) throw notFound('Inbox');
      const result = await ctx.db
        .updateTable('inboxes')
        .set({ append_drafts: on ? 1 : 0, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', inboxId)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('Inbox');
    },
  };
}
