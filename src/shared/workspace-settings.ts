/**
 * Workspace reply settings: their shape, defaults and the one schema every boundary validates
 * them with (web form, API, CLI flags and file, stored JSON). Storage and the assistant both read
 * this module, so neither imports the other for it.
 */
import { z } from 'zod';
import { ACTION_REQUEST_INTENTS, INTENTS, type Intent } from './intents.js';
import { DEFAULT_TIME_ZONE, normaliseTimeZone } from './time-zone.js';

export type Tone = 'friendly' | 'formal' | 'concise';
export type ReplyMode = 'drafts' | 'auto' | 'off';

export interface WorkspaceSettings {
  businessName: string;
  /** Sign-off block, e.g. "Maya\nAcme Outfitters support". Empty → "The {businessName} team". */
  signature: string;
  tone: Tone;
  mode: ReplyMode;
  /** Intents that may be auto-sent when mode is "auto" (action requests are always excluded). */
  autoSendIntents: Intent[];
  /** How many recent orders a reply may mention (default 3). */
  recentOrdersToMention: number;
  allowPhone: boolean;
  allowAddress: boolean;
  /** Autonomy earned per intent (see assistant/autonomy.ts). */
  autonomy: AutonomySettings;
  /** Most automatic replies per hour, per sender and per inbox; past them a person decides. Default below. */
  autoReplyCaps?: AutoReplyCaps;
  /** Seconds an approved reply waits, with Undo, before it leaves (0: at once). Default 10. */
  undoSendSeconds?: number;
  /** IANA zone the web app shows times in (default UTC); replies are not affected. */
  timeZone?: string;
}

export const DEFAULT_UNDO_SEND_SECONDS = 10;

export interface AutoReplyCaps {
  perSenderPerHour: number;
  perInboxPerHour: number;
}

/** Three replies an hour is a conversation; more to one address is a loop or someone probing. */
export const DEFAULT_AUTO_REPLY_CAPS: AutoReplyCaps = { perSenderPerHour: 3, perInboxPerHour: 60 };

/**
 * Auto-send for an intent must be earned: its acceptance (drafts sent unchanged or with small
 * edits) over the last `lastN` drafts must be at least `threshold` (0..1).
 */
export interface AutonomySettings {
  lastN: number;
  threshold: number;
}

export const DEFAULT_AUTONOMY: AutonomySettings = { lastN: 20, threshold: 0.9 };

/**
 * The loosest gate anyone may set (web, API, CLI, stored JSON): a share measured over fewer than
 * 20 replies is noise, and below 80% one reply in five would go out needing a correction.
 */
export const AUTONOMY_MINIMUMS: AutonomySettings = { lastN: 20, threshold: 0.8 };

/**
 * The business name a workspace has before anyone sets one. It is a placeholder, never printed:
 * a reply signs with the store's own name instead (see `settingsForReply`), else a neutral team line.
 */
export const PLACEHOLDER_BUSINESS_NAME = 'Our store';

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  businessName: PLACEHOLDER_BUSINESS_NAME,
  signature: '',
  tone: 'friendly',
  mode: 'drafts',
  autoSendIntents: [],
  recentOrdersToMention: 3,
  // A customer who asks for their own phone or address gets it: the reply goes only to the
  // account's own address, and only a details-on-file question that names the field shows it.
  allowPhone: true,
  allowAddress: true,
  autonomy: { ...DEFAULT_AUTONOMY },
  autoReplyCaps: { ...DEFAULT_AUTO_REPLY_CAPS },
  undoSendSeconds: DEFAULT_UNDO_SEND_SECONDS,
  timeZone: 'UTC',
};

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
export const storedWorkspaceSettingsSchema = z.object({
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

/** Partial settings (untrusted: unknown keys and bad values are rejected) merged over `base`. */
export function parseSettings(input: unknown, base: WorkspaceSettings = DEFAULT_SETTINGS): WorkspaceSettings {
  const partial = workspaceSettingsPatchSchema.parse(input);
  return workspaceSettingsSchema.parse({ ...base, ...partial });
}
