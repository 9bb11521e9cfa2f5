/**
 * Autonomy with storage: recording how a sent reply compares with its draft, measuring
 * acceptance per intent (live outcomes, topped up with shadow-run pairs), and switching auto-send
 * off for an intent whose acceptance fell (with an audit entry the settings page shows as a notice).
 * The decisions themselves are pure, in src/assistant/autonomy.ts.
 */
import {
  acceptanceByIntent,
  evaluateAutonomy,
  type AcceptanceStats,
  type AutonomyEvaluation,
  type OutcomeRecord,
} from '../assistant/autonomy.js';
import { INTENTS, type Intent, type WorkspaceSettings } from '../assistant/types.js';
import type { AuditActor, AuditEntry, Repositories } from '../db/index.js';
import { compareReplies } from './compare.js';

export interface SentReplyInput {
  draftId: number | null;
  /** The intent of the email the reply answers (`messages.intent`). */
  intent: Intent | string | null;
  /** The draft as Snoooz composed it; when omitted, read from `drafts.original_text`. */
  draftText?: string | null;
  /** What was actually sent. */
  sentText: string;
  /** Sent by the rules (auto-send), not by a person: recorded, but not evidence. */
  automatic?: boolean;
}

export interface SentReplyResult {
  similarity: number | null;
  /** false: nothing to compare, or this draft was recorded before. */
  recorded: boolean;
  switchedOff: Intent[];
}

const isIntent = (value: unknown): value is Intent => (INTENTS as readonly unknown[]).includes(value);

/**
 * Call after a draft was sent (once it is recorded as sent). Never throws for a missing original
 * or an unknown intent: that reply simply does not count.
 */
export async function recordSentReply(
  repos: Repositories,
  workspaceId: number,
  input: SentReplyInput,
): Promise<SentReplyResult> {
  if (!isIntent(input.intent)) return { similarity: null, recorded: false, switchedOff: [] };
  const draftText =
    input.draftText ??
    (input.draftId !== null ? await repos.autonomy.originalDraftText(workspaceId, input.draftId) : null);
  if (draftText === null) return { similarity: null, recorded: false, switchedOff: [] };
  const similarity = compareReplies(draftText, input.sentText);
  const recorded = await repos.autonomy.recordOutcome(workspaceId, {
    draftId: input.draftId,
    intent: input.intent,
    similarity,
    automatic: input.automatic ?? false,
  });
  const switchedOff = recorded ? await applyAutonomy(repos, workspaceId) : [];
  return { similarity, recorded, switchedOff };
}

/** Measured acceptance per intent over the workspace's window (see assistant/autonomy.ts). */
export async function autonomyStats(
  repos: Repositories,
  workspaceId: number,
  settings?: WorkspaceSettings,
): Promise<AcceptanceStats> {
  const current = settings ?? (await repos.settings.get(workspaceId));
  const lastN = current.autonomy.lastN;
  const [live, shadow] = await Promise.all([
    repos.autonomy.recentOutcomes(workspaceId, { perIntent: lastN }),
    repos.shadow.evidence(workspaceId),
  ]);
  const records: OutcomeRecord[] = [
    ...live
      .filter((r) => isIntent(r.intent))
      .map((r) => ({
        intent: r.intent as Intent,
        similarity: r.similarity,
        at: r.at,
        source: 'live' as const,
      })),
    ...shadow
      .filter((r) => isIntent(r.intent))
      .map((r) => ({
        intent: r.intent as Intent,
        similarity: r.similarity,
        at: r.at,
        source: 'shadow' as const,
      })),
  ];
  return acceptanceByIntent(records, { lastN });
}

export async function evaluateWorkspaceAutonomy(
  repos: Repositories,
  workspaceId: number,
): Promise<{ settings: WorkspaceSettings; stats: AcceptanceStats; evaluation: AutonomyEvaluation }> {
  const settings = await repos.settings.get(workspaceId);
  const stats = await autonomyStats(repos, workspaceId, settings);
  return { settings, stats, evaluation: evaluateAutonomy(settings, stats) };
}

/**
 * Switches auto-send off for every intent whose acceptance fell below the threshold, one audit
 * entry (`autonomy.switched_off`) per intent. Returns the intents switched off.
 */
export async function applyAutonomy(
  repos: Repositories,
  workspaceId: number,
  actor: AuditActor = 'system',
): Promise<Intent[]> {
  return repos.transaction(async (tx) => {
    const { settings, evaluation } = await evaluateWorkspaceAutonomy(tx, workspaceId);
    if (evaluation.switchOff.length === 0) return [];
    const off = new Set(evaluation.switchOff.map((s) => s.intent));
    await tx.settings.update(workspaceId, {
      autoSendIntents: settings.autoSendIntents.filter((intent) => !off.has(intent)),
    });
    for (const { intent, reason } of evaluation.switchOff) {
      const acceptance = evaluation.byIntent[intent].acceptance;
      await tx.audit.append(workspaceId, {
        actor,
        action: 'autonomy.switched_off',
        target: `intent:${intent}`,
        detail: {
          intent,
          reason,
          drafts: acceptance.drafts,
          acceptedShare: acceptance.acceptedShare,
          threshold: settings.autonomy.threshold,
          lastN: settings.autonomy.lastN,
        },
      });
    }
    return [...off];
  });
}

/** Recent automatic switch-offs, for the settings page's notice (newest first). */
export async function autonomyNotices(
  repos: Repositories,
  workspaceId: number,
  options: { sinceDays?: number; now?: Date } = {},
): Promise<Array<{ intent: string; reason: string; at: string }>> {
  const entries: AuditEntry[] = await repos.audit.list(workspaceId, { action: 'autonomy.switched_off', limit: 10 });
  const cutoff = (options.now ?? new Date()).getTime() - (options.sinceDays ?? 14) * 86_400_000;
  return entries
    .filter((e) => new Date(e.at).getTime() >= cutoff)
    .map((e) => {
      const detail = (e.detail ?? {}) as { intent?: unknown; reason?: unknown };
      return {
        intent: typeof detail.intent === 'string' ? detail.intent : (e.target ?? '').replace(/^intent:/, ''),
        reason: typeof detail.reason === 'string' ? detail.reason : 'Acceptance fell below the threshold.',
        at: e.at,
      };
    });
}
