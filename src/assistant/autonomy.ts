/**
 * Autonomy earned per intent. Auto-send for an intent may be switched on only when its measured
 * acceptance (drafts sent unchanged or with small edits, see similarity.ts) over the last N
 * drafts reaches the workspace's threshold, and it is switched back to drafts-only when
 * acceptance falls below it. Refund, cancellation and return requests are never automated.
 *
 * Evidence, newest first per intent: replies a person sent from a live draft ("live"); when
 * there are fewer than N of those, shadow-run pairs (Snoooz's draft vs the reply the team really
 * sent) top the window up ("shadow"), so a merchant can earn autonomy from past mail and live
 * evidence gradually replaces it. Replies sent automatically are not evidence (nobody looked).
 *
 * Pure: the records come in, decisions go out; src/shadow/outcomes.ts does the storage.
 */
import { SMALL_EDITS_THRESHOLD } from './similarity.js';
import { ACTION_REQUEST_INTENTS, INTENTS, type Intent, type WorkspaceSettings } from './types.js';

export interface OutcomeRecord {
  intent: Intent;
  /** Draft vs sent reply, 0..1. */
  similarity: number;
  /** ISO time; newer records win. */
  at: string;
  source: 'live' | 'shadow';
}

export interface IntentAcceptance {
  /** Records in the window (at most lastN). */
  drafts: number;
  accepted: number;
  /** accepted / drafts, or null with no drafts. */
  acceptedShare: number | null;
  /** Of the window, how many came from shadow runs. */
  fromShadow: number;
}

export type AcceptanceStats = Record<Intent, IntentAcceptance>;

/** Per intent: the newest `lastN` records (live first, topped up with shadow ones) and their acceptance. */
export function acceptanceByIntent(records: readonly OutcomeRecord[], options: { lastN: number }): AcceptanceStats {
  const lastN = Math.max(1, Math.floor(options.lastN));
  const newestFirst = [...records].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  const stats = {} as AcceptanceStats;
  for (const intent of INTENTS) {
    const live = newestFirst.filter((r) => r.intent === intent && r.source === 'live');
    const shadow = newestFirst.filter((r) => r.intent === intent && r.source === 'shadow');
    const window = [...live.slice(0, lastN), ...shadow.slice(0, Math.max(0, lastN - live.length))];
    const accepted = window.filter((r) => r.similarity >= SMALL_EDITS_THRESHOLD).length;
    stats[intent] = {
      drafts: window.length,
      accepted,
      acceptedShare: window.length ? accepted / window.length : null,
      fromShadow: window.filter((r) => r.source === 'shadow').length,
    };
  }
  return stats;
}

export interface IntentAutonomy {
  intent: Intent;
  /** Auto-send may be switched on (or stay on). */
  earned: boolean;
  /** One line for the settings page. */
  reason: string;
  acceptance: IntentAcceptance;
}

export interface AutonomyEvaluation {
  byIntent: Record<Intent, IntentAutonomy>;
  /** Intents that are on but whose full window fell below the threshold: switch them off. */
  switchOff: Array<{ intent: Intent; reason: string }>;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function evaluateAutonomy(settings: WorkspaceSettings, stats: AcceptanceStats): AutonomyEvaluation {
  const { lastN, threshold } = settings.autonomy;
  const byIntent = {} as Record<Intent, IntentAutonomy>;
  const switchOff: AutonomyEvaluation['switchOff'] = [];
  for (const intent of INTENTS) {
    const acceptance = stats[intent] ?? { drafts: 0, accepted: 0, acceptedShare: null, fromShadow: 0 };
    const judged = judge(intent, acceptance, lastN, threshold);
    byIntent[intent] = { intent, acceptance, ...judged };
    // Only a full window can show that acceptance fell; with less evidence an intent stays as it is.
    if (
      settings.autoSendIntents.includes(intent) &&
      !judged.earned &&
      (ACTION_REQUEST_INTENTS.includes(intent) || acceptance.drafts >= lastN)
    ) {
      switchOff.push({ intent, reason: judged.reason });
    }
  }
  return { byIntent, switchOff };
}

function judge(
  intent: Intent,
  acceptance: IntentAcceptance,
  lastN: number,
  threshold: number,
): { earned: boolean; reason: string } {
  if (ACTION_REQUEST_INTENTS.includes(intent)) {
    return { earned: false, reason: 'Refund, cancel and return requests are never sent automatically.' };
  }
  if (acceptance.drafts < lastN || acceptance.acceptedShare === null) {
    return {
      earned: false,
      reason: `Not enough evidence: ${acceptance.drafts} of the last ${lastN} replies measured.`,
    };
  }
  const share = acceptance.acceptedShare;
  if (share < threshold) {
    return {
      earned: false,
      reason: `Acceptance ${percent(share)} over the last ${acceptance.drafts} is below the ${percent(threshold)} threshold.`,
    };
  }
  return {
    earned: true,
    reason: `Acceptance ${percent(share)} over the last ${acceptance.drafts} meets the ${percent(threshold)} threshold.`,
  };
}

/**
 * Whether auto-send may be switched on for `intent` now. Intents already on are not "switched
 * on" (unchecking and re-saving the rest of the settings must stay possible).
 */
export function canSwitchOn(
  settings: WorkspaceSettings,
  stats: AcceptanceStats,
  intent: Intent,
): { allowed: boolean; reason: string } {
  const judged = evaluateAutonomy(settings, stats).byIntent[intent];
  if (settings.autoSendIntents.includes(intent) && !ACTION_REQUEST_INTENTS.includes(intent)) {
    return { allowed: true, reason: 'Already on.' };
  }
  return { allowed: judged.earned, reason: judged.reason };
}

/**
 * The intents a settings change would newly switch on that have not earned it; empty when the
 * change may be saved. `next` is the requested list, `current` the workspace's settings.
 */
export function refusedSwitchOns(
  current: WorkspaceSettings,
  stats: AcceptanceStats,
  next: readonly Intent[],
): Array<{ intent: Intent; reason: string }> {
  return next
    .filter((intent) => !current.autoSendIntents.includes(intent) || ACTION_REQUEST_INTENTS.includes(intent))
    .map((intent) => ({ intent, ...canSwitchOn(current, stats, intent) }))
    .filter((r) => !r.allowed)
    .map(({ intent, reason }) => ({ intent, reason }));
}
