/**
 * Reply drafts: at most one per message (UNIQUE(message_id)). Saving a draft and moving its
 * message to `drafted` is one transaction, as is marking a draft sent and its message `sent`.
 * Status changes are compare-and-set on the status the caller saw, so two people acting on the
 * same draft at once cannot both win (e.g. discard and send).
 */
import { DbError, notFound } from '../errors.js';
import type { DraftRow, DraftStatus, DraftVersionKind } from '../schema.js';
import { DRAFT_STATUSES } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { latestVersion, listVersions, recordVersion, type DraftVersion } from './draft-versions.js';
import { insertJob } from './jobs.js';
import { invalid, isId, parseJson, requireText } from './util.js';

/** The job kind of a reply waiting out its undo window (see app/scheduled-send.ts). */
export const SEND_DRAFT_JOB = 'send_draft';
/** `status_reason` of an approved draft inside its undo window. */
export const SCHEDULED_REASON = 'scheduled';
/**
 * An approved reply whose inbox must be reconnected first: `waiting-reconnect:<actor>` (the
 * actor who approved it, so the send after reconnecting is theirs, not an automatic one).
 */
export const WAITING_RECONNECT_PREFIX = 'waiting-reconnect:';

export interface DraftInput {
  subject: string;
  text: string;
  composer: 'builtin' | 'llm';
  /** Why an LLM draft was replaced by the built-in one, when it was. */
  fallbackReason?: string | null;
  /** What the draft was grounded in (e.g. the CustomerContext), kept for review. */
  context?: unknown;
  /** The facts the draft states, where, and what was withheld (assistant/evidence), kept for review. */
  evidence?: unknown;
  /** Who asked for this text (`system` when it came in by itself, `user:<id>` for a regenerate). */
  actor?: string;
}

export interface DraftView {
  id: number;
  workspaceId: number;
  messageId: number;
  subject: string;
  text: string;
  composer: string;
  fallbackReason: string | null;
  context: unknown;
  /** The draft's evidence (JSON), or null for drafts written without it. */
  evidence: unknown;
  status: DraftStatus;
  statusReason: string | null;
  sentAt: string | null;
  /** When an approved reply leaves (its undo window ends); null unless one is scheduled. */
  sendAt: string | null;
  /** The scheduled send's token (the `send_draft` job carries it); null unless scheduled. */
  sendToken: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DraftsRepository {
  /**
   * Creates the message's draft, or replaces it while nobody has approved or sent it, and sets
   * the message to `drafted` in the same transaction. A draft that is approved or sent is a conflict.
   */
  saveDraftForMessage(workspaceId: number, messageId: number, draft: DraftInput): Promise<DraftView>;
  get(workspaceId: number, id: number): Promise<DraftView>;
  byMessage(workspaceId: number, messageId: number): Promise<DraftView | null>;
  list(workspaceId: number, options?: { status?: DraftStatus; limit?: number }): Promise<DraftView[]>;
  /**
   * Edits a pending (or failed) draft and records the version (`actor` defaults to `user`):
   * a person's edits within EDIT_FOLD_MS of their previous edit extend that version, so autosave
   * does not bury the generated text under hundreds of versions. Unchanged text records nothing.
   */
  updateText(
    workspaceId: number,
    id: number,
    edit: { subject?: string; text: string },
    options?: { actor?: string; kind?: 'edited' | 'restored' },
  ): Promise<DraftView>;
  /** Every version of the draft, newest first. */
  versions(workspaceId: number, draftId: number): Promise<DraftVersion[]>;
  /** The newest version's id and kind, without its text; null before the first. */
  latestVersion(workspaceId: number, draftId: number): Promise<{ id: number; kind: DraftVersionKind } | null>;
  /**
   * Approves the draft to leave at `sendAt` (its undo window) and queues the `send_draft` job
   * carrying `token`, in one transaction. Only a pending or failed draft can be scheduled.
   */
  schedule(workspaceId: number, id: number, input: { token: string; sendAt: Date; actor: string }): Promise<DraftView>;
  /** Undo: a scheduled draft whose send has not started goes back to pending. false when too late. */
  unschedule(workspaceId: number, id: number): Promise<boolean>;
  /** Moves along the allowed transitions; `sent` also marks the message sent. */
  setStatus(workspaceId: number, id: number, status: DraftStatus, reason?: string | null): Promise<DraftView>;
  /**
   * The send claim, one conditional UPDATE (compare-and-set across processes): a pending or
   * failed draft, or an approved one whose reason is not `claimReason`, becomes approved with
   * reason `claimReason`. false when the draft is sent, discarded, or already claimed. With
   * `token`, only the scheduled send with that token can claim it (a job whose send was undone,
   * or replaced by a later approval, claims nothing).
   */
  claimSend(workspaceId: number, id: number, claimReason: string, options?: { token?: string }): Promise<boolean>;
  /** Changes the reason of an approved draft only while it is `fromReason` (gives a claim back). */
  setApprovedReason(workspaceId: number, id: number, fromReason: string, toReason: string): Promise<boolean>;
  /**
   * After an inbox is reconnected: every reply of it that waited (`waiting-reconnect:<actor>`)
   * is scheduled again to leave now, each with its own send job. Returns how many.
   */
  resumeWaitingForReconnect(workspaceId: number, inboxId: number): Promise<number>;
}

/** Which status may follow which. `sent` is final. */
export const DRAFT_TRANSITIONS: Readonly<Record<DraftStatus, readonly DraftStatus[]>> = {
  pending: ['approved', 'discarded', 'sent', 'failed'],
  approved: ['pending', 'sent', 'failed', 'discarded'],
  failed: ['pending', 'approved', 'sent', 'discarded'],
  discarded: ['pending'],
  sent: [],
};

const REPLACEABLE: readonly DraftStatus[] = ['pending', 'failed', 'discarded'];
const EDITABLE: readonly DraftStatus[] = ['pending', 'failed'];
const MAX_TEXT = 100_000;

export function createDraftsRepository(ctx: RepoContext): DraftsRepository {
  async function find(c: RepoContext, workspaceId: number, id: number): Promise<DraftRow> {
    const row = isId(id)
      ? await c.db
          .selectFrom('drafts')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .executeTakeFirst()
      : undefined;
    if (!row) throw notFound('Draft');
    return row;
  }

  return {
    async saveDraftForMessage(workspaceId, messageId, draft) {
      const subject = requireText(draft.subject, 'Subject', 998);
      const text = requireText(draft.text, 'Draft text', MAX_TEXT);
      if (draft.composer !== 'builtin' && draft.composer !== 'llm') throw invalid('Unknown composer.');
      const context = draft.context === undefined ? null : JSON.stringify(draft.context);
      const evidence = draft.evidence === undefined || draft.evidence === null ? null : JSON.stringify(draft.evidence);
      return inTransaction(ctx, async (tx) => {
        const at = nowIso(tx);
        const message = isId(messageId)
          ? await tx.db
              .selectFrom('messages')
              .select(['id', 'state'])
              .where('workspace_id', '=', workspaceId)
              .where('id', '=', messageId)
              .executeTakeFirst()
          : undefined;
        if (!message) throw notFound('Message');
        if (message.state === 'sent') throw new DbError('conflict', 'The message has been answered already.');
        const fields = {
          subject,
          text,
          original_text: text,
          composer: draft.composer,
          fallback_reason: draft.fallbackReason ?? null,
          context,
          evidence,
          status: 'pending' as const,
          status_reason: null,
          sent_at: null,
          send_at: null,
          send_token: null,
          updated_at: at,
        };
        const existing = await tx.db
          .selectFrom('drafts')
          .select(['id', 'status'])
          .where('workspace_id', '=', workspaceId)
          .where('message_id', '=', messageId)
          .$if(tx.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        let id: number;
        if (existing) {
          if (!REPLACEABLE.includes(existing.status)) {
            throw new DbError('conflict', `The draft is ${existing.status}; it can no longer be replaced.`);
          }
          await tx.db
            .updateTable('drafts')
            .set(fields)
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', existing.id)
            .execute();
          id = existing.id;
        } else {
          const inserted = await tx.db
            .insertInto('drafts')
            .values({ ...fields, workspace_id: workspaceId, message_id: messageId, created_at: at })
            .returning('id')
            .executeTakeFirstOrThrow();
          id = inserted.id;
        }
        await recordVersion(tx, workspaceId, id, {
          kind: 'generated',
          subject,
          text,
          actor: draft.actor ?? 'system',
          at,
        });
        await tx.db
          .updateTable('messages')
          .set({ state: 'drafted', state_reason: null, updated_at: at })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', messageId)
          .execute();
        return toView(await find(tx, workspaceId, id));
      });
    },

    async get(workspaceId, id) {
      return toView(await find(ctx, workspaceId, id));
    },

    async byMessage(workspaceId, messageId) {
      const row = await ctx.db
        .selectFrom('drafts')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('message_id', '=', isId(messageId) ? messageId : 0)
        .executeTakeFirst();
      return row ? toView(row) : null;
    },

    async list(workspaceId, options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
      const rows = await ctx.db
        .selectFrom('drafts')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(options.status !== undefined, (q) => q.where('status', '=', options.status ?? 'pending'))
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toView);
    },

    async updateText(workspaceId, id, edit, options = {}) {
      const text = requireText(edit.text, 'Draft text', MAX_TEXT);
      const subject = edit.subject === undefined ? undefined : requireText(edit.subject, 'Subject', 998);
      const actor = options.actor ?? 'user';
      return inTransaction(ctx, async (tx) => {
        const current = await find(tx, workspaceId, id);
        if (!EDITABLE.includes(current.status)) {
          throw new DbError('conflict', `The draft is ${current.status}; it can no longer be edited.`);
        }
        const nextSubject = subject ?? current.subject;
        if (text === current.text && nextSubject === current.subject && options.kind !== 'restored') {
          return toView(current);
        }
        const at = nowIso(tx);
        const result = await tx.db
          .updateTable('drafts')
          .set({ text, subject: nextSubject, updated_at: at })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', current.id)
          .where('status', '=', current.status)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw new DbError('conflict', 'The draft changed meanwhile.');
        const kind = options.kind ?? 'edited';
        await recordVersion(tx, workspaceId, current.id, { kind, subject: nextSubject, text, actor, at });
        return toView(await find(tx, workspaceId, current.id));
      });
    },

    versions: (workspaceId, draftId) => listVersions(ctx, workspaceId, draftId),
    latestVersion: (workspaceId, draftId) => latestVersion(ctx, workspaceId, draftId),

    async schedule(workspaceId, id, input) {
      const token = requireText(input.token, 'Send token', 100);
      if (Number.isNaN(input.sendAt.getTime())) throw invalid('sendAt is not a date.');
      return inTransaction(ctx, async (tx) => {
        const current = await find(tx, workspaceId, id);
        if (!EDITABLE.includes(current.status)) {
          throw new DbError('conflict', `The draft is ${current.status}; it cannot be approved again.`);
        }
        const result = await tx.db
          .updateTable('drafts')
          .set({
            status: 'approved',
            status_reason: SCHEDULED_REASON,
            send_at: input.sendAt.toISOString(),
            send_token: token,
            updated_at: nowIso(tx),
          })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', current.id)
          .where('status', '=', current.status)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw new DbError('conflict', 'The draft changed meanwhile.');
        await insertJob(tx, workspaceId, {
          kind: SEND_DRAFT_JOB,
          payload: { draftId: current.id, messageId: current.message_id, token, actor: input.actor },
          runAt: input.sendAt,
        });
        return toView(await find(tx, workspaceId, current.id));
      });
    },

    async unschedule(workspaceId, id) {
      const result = await ctx.db
        .updateTable('drafts')
        .set({ status: 'pending', status_reason: null, send_at: null, send_token: null, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(id) ? id : 0)
        .where('status', '=', 'approved')
        // A reply waiting for its inbox to be reconnected can still be taken back.
        .where((eb) =>
          eb.or([
            eb('status_reason', '=', SCHEDULED_REASON),
            eb('status_reason', 'like', `${WAITING_RECONNECT_PREFIX}%`),
          ]),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async claimSend(workspaceId, id, claimReason, options = {}) {
      const result = await ctx.db
        .updateTable('drafts')
        .set({ status: 'approved', status_reason: claimReason, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .$if(options.token !== undefined, (q) => q.where('send_token', '=', options.token ?? ''))
        .where((eb) =>
          eb.or([
            eb('status', 'in', ['pending', 'failed']),
            eb.and([
              eb('status', '=', 'approved'),
              eb.or([eb('status_reason', 'is', null), eb('status_reason', '!=', claimReason)]),
            ]),
          ]),
        )
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async resumeWaitingForReconnect(workspaceId, inboxId) {
      return inTransaction(ctx, async (tx) => {
        const waiting = await tx.db
          .selectFrom('drafts as d')
          .innerJoin('messages as m', (join) =>
            join.onRef('m.id', '=', 'd.message_id').onRef('m.workspace_id', '=', 'd.workspace_id'),
          )
          .select(['d.id', 'd.message_id', 'd.status_reason', 'd.send_token'])
          .where('d.workspace_id', '=', workspaceId)
          .where('m.inbox_id', '=', inboxId)
          .where('d.status', '=', 'approved')
          .where('d.status_reason', 'like', `${WAITING_RECONNECT_PREFIX}%`)
          .execute();
        const at = new Date(nowIso(tx));
        let resumed = 0;
        for (const draft of waiting) {
          if (!draft.send_token || !draft.status_reason) continue;
          const moved = await tx.db
            .updateTable('drafts')
            .set({ status_reason: SCHEDULED_REASON, send_at: at.toISOString(), updated_at: at.toISOString() })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', draft.id)
            .where('status_reason', '=', draft.status_reason)
            .executeTakeFirst();
          if (moved.numUpdatedRows === 0n) continue;
          await insertJob(tx, workspaceId, {
            kind: SEND_DRAFT_JOB,
            payload: {
              draftId: draft.id,
              messageId: draft.message_id,
              token: draft.send_token,
              actor: draft.status_reason.slice(WAITING_RECONNECT_PREFIX.length),
            },
            runAt: at,
          });
          resumed += 1;
        }
        return resumed;
      });
    },

    async setApprovedReason(workspaceId, id, fromReason, toReason) {
      const result = await ctx.db
        .updateTable('drafts')
        .set({ status_reason: toReason, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('status', '=', 'approved')
        .where('status_reason', '=', fromReason)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async setStatus(workspaceId, id, status, reason = null) {
      if (!DRAFT_STATUSES.includes(status)) throw invalid(`Unknown draft status "${String(status)}".`);
      return inTransaction(ctx, async (tx) => {
        const current = await find(tx, workspaceId, id);
        if (current.status === status && status !== 'sent') return toView(current);
        if (!DRAFT_TRANSITIONS[current.status].includes(status)) {
          throw new DbError('conflict', `A ${current.status} draft cannot become ${status}.`);
        }
        const at = nowIso(tx);
        const result = await tx.db
          .updateTable('drafts')
          .set({ status, status_reason: reason, updated_at: at, ...(status === 'sent' ? { sent_at: at } : {}) })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', current.id)
          .where('status', '=', current.status)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw new DbError('conflict', 'The draft changed meanwhile.');
        if (status === 'sent') {
          await tx.db
            .updateTable('messages')
            .set({ state: 'sent', state_reason: null, updated_at: at })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', current.message_id)
            .execute();
        }
        return toView(await find(tx, workspaceId, current.id));
      });
    },
  };
}

function toView(row: DraftRow): DraftView {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    messageId: row.message_id,
    subject: row.subject,
    text: row.text,
    composer: row.composer,
    fallbackReason: row.fallback_reason,
    context: parseJson(row.context),
    evidence: parseJson(row.evidence ?? null),
    status: row.status,
    statusReason: row.status_reason,
    sentAt: row.sent_at,
    sendAt: row.send_at ?? null,
    sendToken: row.send_token ?? null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
