/**
 * Reply outcomes: per sent draft, how close the sent reply was to the draft (0..1) and whether a
 * person sent it or the rules did. One row per draft (a repeated record is ignored), so a send
 * retried after a crash cannot count twice. The texts themselves are not copied here.
 */
import { isUniqueViolation } from '../errors.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { invalid, isId } from './util.js';

export interface ReplyOutcomeInput {
  draftId: number | null;
  intent: string;
  similarity: number;
  automatic: boolean;
}

export interface ReplyOutcome extends ReplyOutcomeInput {
  id: number;
  at: string;
}

export interface AutonomyRepository {
  /** false when this draft's outcome was already recorded. */
  recordOutcome(workspaceId: number, input: ReplyOutcomeInput): Promise<boolean>;
  /** Newest first; at most `perIntent` per intent (the autonomy window never needs more). */
  recentOutcomes(
    workspaceId: number,
    options?: { perIntent?: number; includeAutomatic?: boolean },
  ): Promise<ReplyOutcome[]>;
  /** The draft as Snoooz composed it (before any edit); null when unknown (older drafts). */
  originalDraftText(workspaceId: number, draftId: number): Promise<string | null>;
}

export function createAutonomyRepository(ctx: RepoContext): AutonomyRepository {
  return {
    async recordOutcome(workspaceId, input) {
      if (!(input.similarity >= 0 && input.similarity <= 1)) throw invalid('Similarity must be between 0 and 1.');
      if (input.draftId !== null && !isId(input.draftId)) throw invalid('Unknown draft.');
      if (typeof input.intent !== 'string' || input.intent === '' || input.intent.length > 64) {
        throw invalid('Unknown intent.');
      }
      if (input.draftId !== null) {
        const existing = await ctx.db
          .selectFrom('reply_outcomes')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('draft_id', '=', input.draftId)
          .executeTakeFirst();
        if (existing) return false;
      }
      try {
        await ctx.db
          .insertInto('reply_outcomes')
          .values({
            workspace_id: workspaceId,
            draft_id: input.draftId,
            intent: input.intent,
            similarity: input.similarity,
            automatic: input.automatic ? 1 : 0,
            created_at: nowIso(ctx),
          })
          .execute();
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async originalDraftText(workspaceId, draftId) {
      if (!isId(draftId)) return null;
      const row = await ctx.db
        .selectFrom('drafts')
        .select('original_text')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', draftId)
        .executeTakeFirst();
      return row?.original_text ?? null;
    },

    async recentOutcomes(workspaceId, options = {}) {
      const perIntent = Math.min(Math.max(options.perIntent ?? 500, 1), 5_000);
      const rows = await ctx.db
        .selectFrom('reply_outcomes')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(!options.includeAutomatic, (q) => q.where('automatic', '=', 0))
        .orderBy('id', 'desc')
        .limit(perIntent * 12)
        .execute();
      const counts = new Map<string, number>();
      const out: ReplyOutcome[] = [];
      for (const r of rows) {
        const n = counts.get(r.intent) ?? 0;
        if (n >= perIntent) continue;
        counts.set(r.intent, n + 1);
        out.push({
          id: r.id,
          draftId: r.draft_id,
          intent: r.intent,
          similarity: Number(r.similarity),
          automatic: Number(r.automatic) === 1,
          at: r.created_at,
        });
      }
      return out;
    },
  };
}
