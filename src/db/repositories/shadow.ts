/**
 * Shadow runs and their items, scoped by workspace: what Snoooz would have written for past
 * emails, next to the reply the team actually sent. A run is created `running`, its items are
 * added as they are produced, and it ends `done` (with its per-intent summary) or `failed`.
 */
import { notFound } from '../errors.js';
import type { ShadowRunStatus } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { invalid, isId, parseJson } from './util.js';

export interface ShadowRunInput {
  inboxId: number;
  folder: string;
  /** YYYY-MM-DD, inclusive. */
  since?: string | null;
  /** YYYY-MM-DD, exclusive (IMAP BEFORE). */
  until?: string | null;
  createdBy: string;
}

export interface ShadowRunView {
  id: number;
  workspaceId: number;
  inboxId: number;
  folder: string;
  since: string | null;
  until: string | null;
  status: ShadowRunStatus;
  error: string | null;
  emails: number;
  /** The per-intent summary (src/shadow/summary.ts), once done. */
  summary: unknown;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface ShadowItemInput {
  position: number;
  emailMessageId: string;
  fromAddress: string;
  subject: string;
  receivedAt: string | null;
  intent: string | null;
  language: string | null;
  skippedReason: string | null;
  draftText: string | null;
  wouldSend: boolean;
  deliveryReason: string | null;
  teamReplyText: string | null;
  teamReplyMessageId: string | null;
  teamRepliedAt: string | null;
  matchKind: string | null;
  similarity: number | null;
}

export interface ShadowItemView extends ShadowItemInput {
  id: number;
  runId: number;
}

/** A shadow pair that counts as autonomy evidence when there is not enough live data. */
export interface ShadowEvidence {
  intent: string;
  similarity: number;
  emailMessageId: string;
  at: string;
}

export interface ShadowRepository {
  createRun(workspaceId: number, input: ShadowRunInput): Promise<ShadowRunView>;
  addItems(workspaceId: number, runId: number, items: ShadowItemInput[]): Promise<void>;
  finishRun(workspaceId: number, runId: number, result: { emails: number; summary: unknown }): Promise<ShadowRunView>;
  failRun(workspaceId: number, runId: number, error: string): Promise<ShadowRunView>;
  getRun(workspaceId: number, runId: number): Promise<ShadowRunView>;
  listRuns(workspaceId: number, options?: { limit?: number }): Promise<ShadowRunView[]>;
  items(workspaceId: number, runId: number): Promise<ShadowItemView[]>;
  /**
   * Pairs with a team reply from finished runs, newest run first, one per past email (a later
   * run of the same email replaces an earlier one).
   */
  evidence(workspaceId: number, options?: { limit?: number }): Promise<ShadowEvidence[]>;
}

const MAX_TEXT = 100_000;
const clip = (text: string | null, max = MAX_TEXT) => (text === null ? null : text.slice(0, max));

export function createShadowRepository(ctx: RepoContext): ShadowRepository {
  async function getRun(c: RepoContext, workspaceId: number, runId: number): Promise<ShadowRunView> {
    const row = isId(runId)
      ? await c.db
          .selectFrom('shadow_runs')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', runId)
          .executeTakeFirst()
      : undefined;
    if (!row) throw notFound('Shadow run');
    return toRun(row);
  }

  return {
    async createRun(workspaceId, input) {
      if (!isId(input.inboxId)) throw notFound('Inbox');
      const folder = input.folder.trim();
      if (folder === '' || folder.length > 500) throw invalid('The folder name must be 1 to 500 characters.');
      for (const day of [input.since, input.until]) {
        if (day != null && !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw invalid('Dates must be YYYY-MM-DD.');
      }
      return inTransaction(ctx, async (tx) => {
        const inbox = await tx.db
          .selectFrom('inboxes')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', input.inboxId)
          .executeTakeFirst();
        if (!inbox) throw notFound('Inbox');
        const row = await tx.db
          .insertInto('shadow_runs')
          .values({
            workspace_id: workspaceId,
            inbox_id: input.inboxId,
            folder,
            since: input.since ?? null,
            until: input.until ?? null,
            status: 'running',
            created_by: input.createdBy.slice(0, 100),
            created_at: nowIso(tx),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toRun(row);
      });
    },

    async addItems(workspaceId, runId, items) {
      if (items.length === 0) return;
      await inTransaction(ctx, async (tx) => {
        await getRun(tx, workspaceId, runId);
        const at = nowIso(tx);
        for (const item of items) {
          await tx.db
            .insertInto('shadow_items')
            .values({
              workspace_id: workspaceId,
              run_id: runId,
              position: item.position,
              email_message_id: item.emailMessageId.slice(0, 1_000),
              from_address: item.fromAddress.slice(0, 320),
              subject: item.subject.slice(0, 1_000),
              received_at: item.receivedAt,
              intent: item.intent,
              language: item.language,
              skipped_reason: clip(item.skippedReason, 1_000),
              draft_text: clip(item.draftText),
              would_send: item.wouldSend ? 1 : 0,
              delivery_reason: clip(item.deliveryReason, 1_000),
              team_reply_text: clip(item.teamReplyText),
              team_reply_message_id: clip(item.teamReplyMessageId, 1_000),
              team_replied_at: item.teamRepliedAt,
              match_kind: item.matchKind,
              similarity: item.similarity,
              created_at: at,
            })
            .execute();
        }
      });
    },

    async finishRun(workspaceId, runId, result) {
      await getRun(ctx, workspaceId, runId);
      await ctx.db
        .updateTable('shadow_runs')
        .set({
          status: 'done',
          emails: result.emails,
          summary: JSON.stringify(result.summary),
          finished_at: nowIso(ctx),
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', runId)
        .execute();
      return getRun(ctx, workspaceId, runId);
    },

    async failRun(workspaceId, runId, error) {
      await getRun(ctx, workspaceId, runId);
      await ctx.db
        .updateTable('shadow_runs')
        .set({ status: 'failed', error: error.split('\n')[0]?.slice(0, 1_000) ?? '', finished_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', runId)
        .execute();
      return getRun(ctx, workspaceId, runId);
    },

    getRun: (workspaceId, runId) => getRun(ctx, workspaceId, runId),

    async listRuns(workspaceId, options = {}) {
      const rows = await ctx.db
        .selectFrom('shadow_runs')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('id', 'desc')
        .limit(Math.min(Math.max(options.limit ?? 50, 1), 200))
        .execute();
      return rows.map(toRun);
    },

    async items(workspaceId, runId) {
      await getRun(ctx, workspaceId, runId);
      const rows = await ctx.db
        .selectFrom('shadow_items')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('run_id', '=', runId)
        .orderBy('position')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        runId: r.run_id,
        position: r.position,
        emailMessageId: r.email_message_id,
        fromAddress: r.from_address,
        subject: r.subject,
        receivedAt: r.received_at,
        intent: r.intent,
        language: r.language,
        skippedReason: r.skipped_reason,
        draftText: r.draft_text,
        wouldSend: Number(r.would_send) === 1,
        deliveryReason: r.delivery_reason,
        teamReplyText: r.team_reply_text,
        teamReplyMessageId: r.team_reply_message_id,
        teamRepliedAt: r.team_replied_at,
        matchKind: r.match_kind,
        similarity: r.similarity === null ? null : Number(r.similarity),
      }));
    },

    async evidence(workspaceId, options = {}) {
      const rows = await ctx.db
        .selectFrom('shadow_items')
        .innerJoin('shadow_runs', (join) =>
          join
            .onRef('shadow_runs.workspace_id', '=', 'shadow_items.workspace_id')
            .onRef('shadow_runs.id', '=', 'shadow_items.run_id'),
        )
        .select([
          'shadow_items.intent',
          'shadow_items.similarity',
          'shadow_items.email_message_id',
          'shadow_items.team_replied_at',
          'shadow_items.received_at',
          'shadow_items.created_at',
        ])
        .where('shadow_items.workspace_id', '=', workspaceId)
        .where('shadow_runs.status', '=', 'done')
        .where('shadow_items.similarity', 'is not', null)
        .where('shadow_items.intent', 'is not', null)
        .orderBy('shadow_items.run_id', 'desc')
        .orderBy('shadow_items.id', 'desc')
        .limit(Math.min(Math.max(options.limit ?? 5_000, 1), 20_000))
        .execute();
      const seen = new Set<string>();
      const out: ShadowEvidence[] = [];
      for (const r of rows) {
        if (seen.has(r.email_message_id)) continue;
        seen.add(r.email_message_id);
        out.push({
          intent: r.intent ?? 'other',
          similarity: Number(r.similarity),
          emailMessageId: r.email_message_id,
          at: r.team_replied_at ?? r.received_at ?? r.created_at,
        });
      }
      return out;
    },
  };
}

function toRun(row: {
  id: number;
  workspace_id: number;
  inbox_id: number;
  folder: string;
  since: string | null;
  until: string | null;
  status: ShadowRunStatus;
  error: string | null;
  emails: number;
  summary: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
}): ShadowRunView {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    inboxId: row.inbox_id,
    folder: row.folder,
    since: row.since,
    until: row.until,
    status: row.status,
    error: row.error,
    emails: Number(row.emails),
    summary: parseJson(row.summary),
    createdBy: row.created_by,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}
