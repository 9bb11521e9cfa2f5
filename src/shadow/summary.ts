/** The per-intent table of a shadow run: how close Snoooz's drafts came to what the team sent. */
import { isAccepted, UNCHANGED_THRESHOLD } from '../assistant/similarity.js';

export interface SummaryInput {
  intent: string | null;
  skipped: boolean;
  drafted: boolean;
  wouldSend: boolean;
  similarity: number | null;
}

export interface IntentSummary {
  intent: string;
  /** Past customer emails read with this intent. */
  emails: number;
  /** Not answered (auto-replies, bulk, own mail): no draft. */
  skipped: number;
  drafted: number;
  /** Drafts with a team reply found in Sent (the ones similarity is measured on). */
  withTeamReply: number;
  meanSimilarity: number | null;
  /** Share of measured drafts at or above 0.8 (sent unchanged or with small edits). */
  acceptedShare: number | null;
  /** Share of measured drafts at or above 0.98. */
  unchangedShare: number | null;
  /** Drafts the current rules would have sent on their own. */
  wouldSend: number;
}

export interface ShadowSummary {
  total: IntentSummary;
  intents: IntentSummary[];
}

export function summariseShadow(items: readonly SummaryInput[]): ShadowSummary {
  const groups = new Map<string, SummaryInput[]>();
  for (const item of items) {
    const key = item.intent ?? 'unknown';
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const intents = [...groups.entries()]
    .map(([intent, list]) => summarise(intent, list))
    .sort((a, b) => b.emails - a.emails || a.intent.localeCompare(b.intent));
  return { total: summarise('all', items), intents };
}

function summarise(intent: string, list: readonly SummaryInput[]): IntentSummary {
  const measured = list.map((i) => i.similarity).filter((s): s is number => s !== null);
  const share = (pred: (s: number) => boolean) =>
    measured.length ? round(measured.filter(pred).length / measured.length) : null;
  return {
    intent,
    emails: list.length,
    skipped: list.filter((i) => i.skipped).length,
    drafted: list.filter((i) => i.drafted).length,
    withTeamReply: measured.length,
    meanSimilarity: measured.length ? round(measured.reduce((a, b) => a + b, 0) / measured.length) : null,
    acceptedShare: share(isAccepted),
    unchangedShare: share((s) => s >= UNCHANGED_THRESHOLD),
    wouldSend: list.filter((i) => i.wouldSend).length,
  };
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;
