/**
 * Per-workspace reply rules. Stored as one JSON document; a workspace that never saved any
 * reads the defaults. Every update is validated as a whole (patch merged over the current
 * settings) before the single upsert, so an invalid change stores nothing.
 */
import type { z } from 'zod';
import {
  DEFAULT_SETTINGS,
  storedWorkspaceSettingsSchema,
  workspaceSettingsPatchSchema,
  workspaceSettingsSchema,
  type WorkspaceSettings,
} from '../../shared/workspace-settings.js';
import { DbError } from '../errors.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { parseJson } from './util.js';

export interface SettingsRepository {
  get(workspaceId: number): Promise<WorkspaceSettings>;
  /** `patch` is untrusted input (a request body); unknown keys and bad values are rejected. */
  update(workspaceId: number, patch: unknown): Promise<WorkspaceSettings>;
}

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'settings'}: ${issue.message}`)
    .join('; ');
}

export function createSettingsRepository(ctx: RepoContext): SettingsRepository {
  async function read(c: RepoContext, workspaceId: number, lock: boolean): Promise<WorkspaceSettings> {
    const row = await c.db
      .selectFrom('settings')
      .select('data')
      .where('workspace_id', '=', workspaceId)
      .$if(lock && c.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) return structuredClone(DEFAULT_SETTINGS);
    const stored = parseJson(row.data);
    const merged = storedWorkspaceSettingsSchema.safeParse({
      ...DEFAULT_SETTINGS,
      ...(stored !== null && typeof stored === 'object' ? stored : {}),
    });
    if (!merged.success)
      throw new DbError('invalid_settings', `Stored settings are invalid: ${describe(merged.error)}.`);
    return merged.data;
  }

  return {
    get: (workspaceId) => read(ctx, workspaceId, false),

    async update(workspaceId, patch) {
      const parsedPatch = workspaceSettingsPatchSchema.safeParse(patch);
      if (!parsedPatch.success) {
        throw new DbError('invalid_settings', `Invalid settings: ${describe(parsedPatch.error)}.`);
      }
      return inTransaction(ctx, async (tx) => {
        const current = await read(tx, workspaceId, true);
        const next = workspaceSettingsSchema.safeParse({ ...current, ...parsedPatch.data });
        if (!next.success) throw new DbError('invalid_settings', `Invalid settings: ${describe(next.error)}.`);
        const data = JSON.stringify(next.data);
        const at = nowIso(tx);
        await tx.db
          .insertInto('settings')
          .values({ workspace_id: workspaceId, data, updated_at: at })
          .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ data, updated_at: at }))
          .execute();
        return next.data;
      });
    },
  };
}
