/**
 * Reply settings changes: validated by the settings repository as a whole, then audited.
 * Auto-send for an intent must be earned (src/assistant/autonomy.ts): switching one on whose
 * measured acceptance is below the workspace's threshold is refused with a one-line reason.
 */
import { refusedSwitchOns } from '../../assistant/autonomy.js';
import { ACTION_REQUEST_INTENTS, INTENTS, type Intent, type WorkspaceSettings } from '../../assistant/types.js';
import { DbError, type Repositories } from '../../db/index.js';
import { DEFAULT_TIME_ZONE } from '../../shared/time-zone.js';
import { autonomyStats } from '../../shadow/index.js';
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';

const INTENT_NAMES: Record<string, string> = {
  order_status: 'order status',
  shipping_tracking: 'shipping & tracking',
  order_items: 'what did I order',
  order_help: 'help with an order',
  customer_info: 'details on file',
  payment_status: 'payment status',
  refund_request: 'refund requests',
  cancel_request: 'cancel requests',
  return_request: 'return / exchange',
  other: 'anything else',
};

export async function updateSettings(
  ctx: RouteContext,
  principal: Principal,
  patch: Record<string, unknown>,
): Promise<WorkspaceSettings> {
  return ctx.repos.transaction(async (tx) => {
    if (Array.isArray(patch.autoSendIntents)) {
      const current = await tx.settings.get(principal.workspaceId);
      const requested = patch.autoSendIntents.filter((i): i is Intent => (INTENTS as readonly unknown[]).includes(i));
      const refused = refusedSwitchOns(current, await autonomyStats(tx, principal.workspaceId, current), requested);
      const first = refused[0];
      if (first) {
        const never = ACTION_REQUEST_INTENTS.includes(first.intent);
        const name = INTENT_NAMES[first.intent] ?? first.intent;
        throw new DbError(
          'invalid_settings',
          never ? first.reason : `Auto-send for ${name} is not earned yet. ${first.reason}`,
        );
      }
    }
    const before = await tx.settings.get(principal.workspaceId);
    const settings = await tx.settings.update(principal.workspaceId, patch);
    // The Settings form posts every field: the log names those that changed, and a save that
    // changed nothing writes nothing.
    const fields = (Object.keys(settings) as Array<keyof WorkspaceSettings>)
      .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(settings[key]))
      .sort();
    if (fields.length === 0) return settings;
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'settings.changed',
      target: 'settings',
      detail: { fields, ...autonomyChange(before, settings), ...auditVia(principal) },
    });
    return settings;
  });
}

/** What changed in how much Snoooz may do alone, for the audit log (settings hold no secrets). */
function autonomyChange(before: WorkspaceSettings, after: WorkspaceSettings): Record<string, unknown> {
  const change: Record<string, unknown> = {};
  if (before.mode !== after.mode) change.mode = { from: before.mode, to: after.mode };
  const on = after.autoSendIntents.filter((i) => !before.autoSendIntents.includes(i));
  const off = before.autoSendIntents.filter((i) => !after.autoSendIntents.includes(i));
  if (on.length > 0) change.autoSendOn = on;
  if (off.length > 0) change.autoSendOff = off;
  if (before.autonomy.threshold !== after.autonomy.threshold) {
    change.autonomyThreshold = { from: before.autonomy.threshold, to: after.autonomy.threshold };
  }
  if (before.autonomy.lastN !== after.autonomy.lastN) {
    change.autonomyLastN = { from: before.autonomy.lastN, to: after.autonomy.lastN };
  }
  return change;
}

/**
 * The zone every page of the workspace shows times in. Unreadable stored settings show UTC
 * rather than break every page; the Settings page itself reports them.
 */
export async function workspaceTimeZone(repos: Pick<Repositories, 'settings'>, workspaceId: number): Promise<string> {
  try {
    return (await repos.settings.get(workspaceId)).timeZone ?? DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}
