/**
 * What belongs to a conversation as a whole rather than to one message: who works it (the
 * assignee) and the team's internal notes, plus its history (customer messages and the replies
 * that went out). A conversation is the messages of one inbox with one `thread_key`; it has no
 * row of its own, so everything here is keyed by (workspace, inbox, thread key) and reached
 * through one of its messages, looked up in the caller's workspace first.
 */
import { notFound } from '../errors.js';
import type { DraftStatus, MessageState } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { isId, requireText } from './util.js';

/** The longest note (characters). */
export const MAX_NOTE_LENGTH = 5_000;
/** The most history entries of each kind shown; a longer conversation shows its newest. */
const HISTORY_LIMIT = 200;

export interface ConversationRef {
  workspaceId: number;
  inboxId: number;
  threadKey: string;
}

export interface Assignee {
  userId: number;
  name: string;
  email: string;
  assignedAt: string;
  assignedBy: string;
}

export interface ConversationNote {
  id: number;
  /** The member who wrote it; null for an API token, or once the author's account is gone. */
  author: { userId: number; name: string } | null;
  /** `user:<id>` or `token:<id>`. */
  authorActor: string;
  body: string;
  createdAt: string;
}

export interface HistoryMessage {
  id: number;
  fromAddress: string;
  fromName: string | null;
  subject: string;
  receivedAt: string;
  state: MessageState;
  /** The decoded text (null: not extracted yet). */
  bodyText: string | null;
}

/** A reply that went out, or is approved and leaving. */
export interface HistoryReply {
  draftId: number;
  messageId: number;
  subject: string;
  text: string;
  status: DraftStatus;
  sentAt: string | null;
  sendAt: string | null;
  /** The audit actor who approved it (or sent it without an undo window); null when unknown. */
  approvedBy: string | null;
  approvedAt: string | null;
}

export interface ConversationHistory {
  /** Oldest first. */
  messages: HistoryMessage[];
  /** Oldest first. */
  replies: HistoryReply[];
  /** Oldest first. */
  notes: ConversationNote[];
}

export interface ConversationsRepository {
  /** The conversation of a message of this workspace (404 otherwise). */
  ofMessage(workspaceId: number, messageId: number): Promise<ConversationRef>;
  assignee(ref: ConversationRef): Promise<Assignee | null>;
  /**
   * Assigns to a member of the workspace (404 for anyone else) or unassigns (null). Returns the
   * previous and the new assignee's user id, so the caller can audit from → to.
   */
  assign(
    ref: ConversationRef,
    userId: number | null,
    actor: string,
  ): Promise<{ from: number | null; to: number | null }>;
  addNote(
    ref: ConversationRef,
    input: { authorUserId: number | null; authorActor: string; body: string },
  ): Promise<ConversationNote>;
  /** Oldest first. */
  notes(ref: ConversationRef): Promise<ConversationNote[]>;
  history(ref: ConversationRef): Promise<ConversationHistory>;
  /** The assignee of each given message's conversation (messages of other workspaces are left out). */
  assigneesOf(workspaceId: number, messageIds: number[]): Promise<Map<number, { userId: number; name: string }>>;
}

export function createConversationsRepository(ctx: RepoContext): ConversationsRepository {
  async function notesOf(ref: ConversationRef): Promise<ConversationNote[]> {
    const rows = await ctx.db
      .selectFrom('conversation_notes as n')
      .leftJoin('users as u', 'u.id', 'n.author_user_id')
      .select(['n.id', 'n.author_user_id', 'n.author_actor', 'u.name', 'u.email', 'n.body', 'n.created_at'])
      .where('n.workspace_id', '=', ref.workspaceId)
      .where('n.inbox_id', '=', ref.inboxId)
      .where('n.thread_key', '=', ref.threadKey)
      .orderBy('n.id', 'desc')
      .limit(HISTORY_LIMIT)
      .execute();
    return rows.reverse().map((r) => ({
      id: r.id,
      author: r.author_user_id === null ? null : { userId: r.author_user_id, name: r.name || r.email || '' },
      authorActor: r.author_actor,
      body: r.body,
      createdAt: r.created_at,
    }));
  }

  return {
    async ofMessage(workspaceId, messageId) {
      const row = isId(messageId)
        ? await ctx.db
            .selectFrom('messages')
            .select(['inbox_id', 'thread_key'])
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', messageId)
            .executeTakeFirst()
        : undefined;
      if (!row) throw notFound('Message');
      return { workspaceId, inboxId: row.inbox_id, threadKey: row.thread_key };
    },

    async assignee(ref) {
      const row = await ctx.db
        .selectFrom('conversation_assignments as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['a.user_id', 'u.name', 'u.email', 'a.assigned_at', 'a.assigned_by'])
        .where('a.workspace_id', '=', ref.workspaceId)
        .where('a.inbox_id', '=', ref.inboxId)
        .where('a.thread_key', '=', ref.threadKey)
        .executeTakeFirst();
      if (!row) return null;
      return {
        userId: row.user_id,
        name: row.name || row.email,
        email: row.email,
        assignedAt: row.assigned_at,
        assignedBy: row.assigned_by,
      };
    },

    async assign(ref, userId, actor) {
      return inTransaction(ctx, async (tx) => {
        if (userId !== null) {
          const member = isId(userId)
            ? await tx.db
                .selectFrom('memberships')
                .select('user_id')
                .where('workspace_id', '=', ref.workspaceId)
                .where('user_id', '=', userId)
                .executeTakeFirst()
            : undefined;
          if (!member) throw notFound('Member');
        }
        const current = await tx.db
          .selectFrom('conversation_assignments')
          .select('user_id')
          .where('workspace_id', '=', ref.workspaceId)
          .where('inbox_id', '=', ref.inboxId)
          .where('thread_key', '=', ref.threadKey)
          .executeTakeFirst();
        const from = current?.user_id ?? null;
        if (from === userId) return { from, to: userId };
        if (userId === null) {
          await tx.db
            .deleteFrom('conversation_assignments')
            .where('workspace_id', '=', ref.workspaceId)
            .where('inbox_id', '=', ref.inboxId)
            .where('thread_key', '=', ref.threadKey)
            .execute();
        } else {
          const at = nowIso(tx);
          await tx.db
            .insertInto('conversation_assignments')
            .values({
              workspace_id: ref.workspaceId,
              inbox_id: ref.inboxId,
              thread_key: ref.threadKey,
              user_id: userId,
              assigned_by: actor,
              assigned_at: at,
            })
            .onConflict((oc) =>
              oc
                .columns(['workspace_id', 'inbox_id', 'thread_key'])
                .doUpdateSet({ user_id: userId, assigned_by: actor, assigned_at: at }),
            )
            .execute();
        }
        return { from, to: userId };
      });
    },

    async addNote(ref, input) {
      const body = requireText(input.body.trim(), 'The note', MAX_NOTE_LENGTH);
      const row = await ctx.db
        .insertInto('conversation_notes')
        .values({
          workspace_id: ref.workspaceId,
          inbox_id: ref.inboxId,
          thread_key: ref.threadKey,
          author_user_id: input.authorUserId,
          author_actor: input.authorActor,
          body,
          created_at: nowIso(ctx),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const note = (await notesOf(ref)).find((n) => n.id === row.id);
      if (!note) throw notFound('Note');
      return note;
    },

    notes: notesOf,

    async assigneesOf(workspaceId, messageIds) {
      const ids = [...new Set(messageIds.filter(isId))];
      if (ids.length === 0) return new Map();
      const rows = await ctx.db
        .selectFrom('messages as m')
        .innerJoin('conversation_assignments as a', (join) =>
          join
            .onRef('a.workspace_id', '=', 'm.workspace_id')
            .onRef('a.inbox_id', '=', 'm.inbox_id')
            .onRef('a.thread_key', '=', 'm.thread_key'),
        )
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['m.id', 'a.user_id', 'u.name', 'u.email'])
        .where('m.workspace_id', '=', workspaceId)
        .where('m.id', 'in', ids)
        .execute();
      return new Map(rows.map((r) => [r.id, { userId: r.user_id, name: r.name || r.email }]));
    },

    async history(ref) {
      const thread = () =>
        ctx.db
          .selectFrom('messages as m')
          .where('m.workspace_id', '=', ref.workspaceId)
          .where('m.inbox_id', '=', ref.inboxId)
          .where('m.thread_key', '=', ref.threadKey);
      const [messages, drafts, notes] = await Promise.all([
        thread()
          .select(['m.id', 'm.from_address', 'm.from_name', 'm.subject', 'm.received_at', 'm.state', 'm.body_text'])
          .orderBy('m.received_at', 'desc')
          .orderBy('m.id', 'desc')
          .limit(HISTORY_LIMIT)
          .execute(),
        thread()
          .innerJoin('drafts as d', (join) =>
            join.onRef('d.message_id', '=', 'm.id').onRef('d.workspace_id', '=', 'm.workspace_id'),
          )
          .select(['d.id', 'd.message_id', 'd.subject', 'd.text', 'd.status', 'd.sent_at', 'd.send_at', 'd.updated_at'])
          .where('d.status', 'in', ['sent', 'approved'])
          .orderBy('m.received_at', 'desc')
          .limit(HISTORY_LIMIT)
          .execute(),
        notesOf(ref),
      ]);
      // Who approved each reply: the newest approval in the audit log (or the send, when a reply
      // went out without an undo window).
      const targets = drafts.map((d) => `draft:${d.id}`);
      const approvals =
        targets.length === 0
          ? []
          : await ctx.db
              .selectFrom('audit_log')
              .select(['target', 'actor', 'action', 'at'])
              .where('workspace_id', '=', ref.workspaceId)
              .where('action', 'in', ['draft.approved', 'draft.sent'])
              .where('target', 'in', targets)
              .orderBy('id', 'asc')
              .execute();
      const approvalOf = new Map<string, { actor: string; at: string }>();
      for (const a of approvals) {
        if (a.target === null) continue;
        // An approval wins over the send that followed it (the send of a scheduled reply is `system`'s job).
        if (a.action === 'draft.approved' || !approvalOf.has(a.target)) approvalOf.set(a.target, a);
      }
      return {
        messages: messages.reverse().map((m) => ({
          id: m.id,
          fromAddress: m.from_address,
          fromName: m.from_name,
          subject: m.subject,
          receivedAt: m.received_at,
          state: m.state,
          bodyText: m.body_text,
        })),
        replies: drafts
          .map((d) => {
            const approval = approvalOf.get(`draft:${d.id}`);
            return {
              draftId: d.id,
              messageId: d.message_id,
              subject: d.subject,
              text: d.text,
              status: d.status,
              sentAt: d.sent_at,
              sendAt: d.send_at,
              approvedBy: approval?.actor ?? null,
              approvedAt: approval?.at ?? null,
            };
          })
          .sort((a, b) => replyTime(a).localeCompare(replyTime(b))),
        notes,
      };
    },
  };
}

/** Where a reply sits in the history: when it left, or when it leaves, or when it was approved. */
export function replyTime(reply: HistoryReply): string {
  return reply.sentAt ?? reply.sendAt ?? reply.approvedAt ?? '';
}
