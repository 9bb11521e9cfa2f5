import { z } from 'zod';
import { isTimeZone } from '../shared/time-zone.js';
import {
  AUTONOMY_MINIMUMS,
  DEFAULT_SETTINGS,
  INTENTS,
  PLACEHOLDER_BUSINESS_NAME,
  type WorkspaceSettings,
} from './types.js';

/** How much measured acceptance earns auto-send (see autonomy.ts); never looser than the minimums. */
export const AutonomySettingsSchema = z.strictObject({
  lastN: z.number().int().min(AUTONOMY_MINIMUMS.lastN, `must be at least ${AUTONOMY_MINIMUMS.lastN} replies`).max(500),
  threshold: z
    .number()
    .min(AUTONOMY_MINIMUMS.threshold, `must be at least ${AUTONOMY_MINIMUMS.threshold}`)
    .max(1, 'must be at most 1'),
});

/** Automatic replies per hour before a person must decide (0: none). */
export const AutoReplyCapsSchema = z.strictObject({
  perSenderPerHour: z.number().int().min(0).max(1_000),
  perInboxPerHour: z.number().int().min(0).max(100_000),
});

/** Workspace reply settings as accepted at every boundary (API, CLI, stored JSON). */
export const WorkspaceSettingsSchema = z
  .object({
    businessName: z.string().trim().min(1).max(120),
    signature: z.string().max(2000),
    tone: z.enum(['friendly', 'formal', 'concise']),
    mode: z.enum(['drafts', 'auto', 'off']),
    autoSendIntents: z.array(z.enum(INTENTS)).max(INTENTS.length),
    recentOrdersToMention: z.number().int().min(0).max(10),
    allowPhone: z.boolean(),
    allowAddress: z.boolean(),
    autonomy: AutonomySettingsSchema,
    autoReplyCaps: AutoReplyCapsSchema.optional(),
    undoSendSeconds: z.number().int().min(0).max(120).optional(),
    timeZone: z.string().max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin').optional(),
  })
  .strict();

/** Partial settings merged over the defaults; unknown keys are rejected. */
export function parseSettings(input: unknown, base: WorkspaceSettings = DEFAULT_SETTINGS): WorkspaceSettings {
  const partial = WorkspaceSettingsSchema.partial().strict().parse(input);
  return WorkspaceSettingsSchema.parse({ ...base, ...partial });
}

/**
 * The settings a reply is written with. A business name still at its placeholder was never set:
 * the reply signs with the store's own name (from the store data) rather than "The Our store
 * team", and with a neutral sign-off when the store's name is unknown too.
 */
export function settingsForReply(settings: WorkspaceSettings, storeName: string | null | undefined): WorkspaceSettings {
  const name = settings.businessName.replace(/\s+/g, ' ').trim();
  if (name !== '' && name.toLowerCase() !== PLACEHOLDER_BUSINESS_NAME.toLowerCase()) return settings;
  const fromStore = (storeName ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
  return { ...settings, businessName: fromStore };
}
