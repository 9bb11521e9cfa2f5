/**
 * Per-workspace reply rules. Stored as one JSON document; a workspace that never saved any
 * reads the defaults. Every update is validated as a whole (patch merged over the current
 * settings) before the single upsert, so an invalid change stores nothing.
 */
import { z } from 'zod';
import type { Intent, WorkspaceSettings } from '../../assistant/types.js';
import { ACTION_REQUEST_INTENTS, AUTONOMY_MINIMUMS, DEFAULT_SETTINGS, INTENTS } from '../../assistant/types.js';
import { DEFAULT_TIME_ZONE, normaliseTimeZone } from '../../shared/time-zone.js';
import { DbError } from '../errors.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { parseJson } from './util.js';

const fields = {
  businessName: z.string().trim().min(1, 'must not be empty').max(200),
  signature: z.string().max(2_000),
  tone: z.enum(['friendly', 'formal', 'concise']),
  mode: z.enum(['drafts', 'auto', 'off']),
  autoSendIntents: z
    .array(z.enum(INTENTS))
    .max(INTENTS.length)
    .refine((list) => new Set(list).size === list.length, 'must not repeat an intent')
    .refine(
      (list) => !list.some((intent: Intent) => ACTION_REQUEST_INTENTS.includes(intent)),
      'refund, cancel and return requests are never sent automatically',
    ),
  recentOrdersToMention: z.number().int().min(0).max(10),
  allowPhone: z.boolean(),
  allowAddress: z.boolean(),
  // Server-side floor of the earned-autonomy gate, for every caller (see AUTONOMY_MINIMUMS).
  autonomy: z.strictObject({
    lastN: z
      .number()
      .int()
      .min(AUTONOMY_MINIMUMS.lastN, `must be at least ${AUTONOMY_MINIMUMS.lastN} replies`)
      .max(500),
    threshold: z
      .number()
      .min(AUTONOMY_MINIMUMS.threshold, `must be at least ${AUTONOMY_MINIMUMS.threshold}`)
      .max(1, 'must be at most 1'),
  }),
  autoReplyCaps: z.strictObject({
    perSenderPerHour: z.number().int().min(0).max(1_000),
    perInboxPerHour: z.number().int().min(0).max(100_000),
  }),
  // Long enough to catch a slip, short enough that a customer is not kept waiting.
  undoSendSeconds: z.number().int().min(0, 'must be 0 or more').max(120, 'must be at most 120 seconds'),
  timeZone: z
    .string()
    .max(100)
    .transform((name, issue) => {
      const zone = normaliseTimeZone(name);
      if (zone === null) issue.addIssue({ code: 'custom', message: 'must be an IANA time zone such as Europe/Berlin' });
      return zone ?? name;
    }),
};

export const workspaceSettingsSchema = z.strictObject(fields) satisfies z.ZodType<WorkspaceSettings>;
export const workspaceSettingsPatchSchema = z.strictObject(fields).partial();
/**
 * Reading is lenient about keys a newer or older version left behind, and raises a gate stored
 * before the minimums existed to the minimums (stricter, never looser) instead of failing.
 */
const storedSchema = z.object({
  ...fields,
  autonomy: z
    .object({ lastN: z.number(), threshold: z.number() })
    .transform((a) => ({
      lastN: Math.max(a.lastN, AUTONOMY_MINIMUMS.lastN),
      threshold: Math.max(a.threshold, AUTONOMY_MINIMUMS.threshold),
    }))
    .pipe(fields.autonomy),
  // A zone this process's Intl no longer knows must not make every page fail: show UTC instead.
  timeZone: fields.timeZone.catch(DEFAULT_TIME_ZONE),
});

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
    const merged = storedSchema.safeParse({
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
