import { z } from 'zod';
import { DEFAULT_SETTINGS, INTENTS, type WorkspaceSettings } from './types.js';

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
  })
  .strict();

/** Partial settings merged over the defaults; unknown keys are rejected. */
export function parseSettings(input: unknown, base: WorkspaceSettings = DEFAULT_SETTINGS): WorkspaceSettings {
  const partial = WorkspaceSettingsSchema.partial().strict().parse(input);
  return WorkspaceSettingsSchema.parse({ ...base, ...partial });
}
