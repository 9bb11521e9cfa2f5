/**
 * Incoming mail. A message is stored once per (inbox, Message-ID) together with the job that
 * processes it, in one transaction: an adapter acknowledges delivery only after this commits,
 * so a crash never loses a message and a redelivery never doubles one.
 */
import { SenderVerdictSchema, type SenderVerdict } from '../../shared/sender-verdict.js';
import { sql } from 'kysely';
import { notFound } from '../errors.js';
import type { MessageRow, MessageSource, MessageState } from '../schema.js';
import { MESSAGE_STATES } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { insertJob } from './jobs.js';
import { invalid, isId, requireText } from './util.js';

/** The job kind queued for every new message. */
export const PROCESS_MESSAGE_JOB = 'process_message';

export interface IncomingMessageInput {
  /** The Message-ID header (the adapter synthesises a stable one when it is missing). */
  messageId: string;
  /** Conversation key from References/In-Reply-To; defaults to the Message-ID. */
  threadKey?: string;
  fromAddress: string;
  fromName?: string | null;
  subject: string;
  receivedAt: Date | string;
  /** The raw MIME source, kept for re-parsing and for the reply's headers. */
  raw: Uint8Array | string;
  /** Sender authentication, decided at ingest (email/auth/). */
  auth?: SenderVerdict | null;
  /** How it arrived (the Inboxes page shows the last arrival's path). */
  source?: MessageSource | null;
  /**
   * Settled at ingest: stored `skipped` with this reason and no job, so nothing ever drafts it
   * (a provider's forwarding confirmation, the merchant's own test message).
   */
  settledReason?: string;
  /**
   * The decoded text (the parser's), for search; null when the message could not be read.
   * Omitted: the server's search backfill parses the raw source later.
   */
  bodyText?: string | null;
}

export interface StoredMessage {
  id: number;
  workspaceId: number;
  inboxId: number;
  messageId: string;
  threadKey: string;
  fromAddress: string;
  fromName: string | null;
  subject: string;
  receivedAt: string;
  state: MessageState;
  stateReason: string | null;
  intent: string | null;
  language: string | null;
  /** How many times processing started. */
  attempts: number;
  /** Sender authentication verdict; null for mail stored before it was checked (not verified). */
  auth: SenderVerdict | null;
  /** How it arrived; null for mail stored before this was recorded. */
  source: MessageSource | null;
  /** Marked done (by a person, or settled when the conversation moved on); null otherwise. */
  doneAt: string | null;
  /** Opened by someone of the workspace. */
  seen: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface StoreIncomingResult {
  message: StoredMessage;
  /** False when this (inbox, Message-ID) was already stored: nothing was written. */
  created: boolean;
  /** The queued job, when created. */
  jobId: number | null;
}

export interface ListMessagesOptions {
  state?: MessageState | MessageState[];
  inboxId?: number;
  /** Only the messages of one conversation (see `threadKey`). */
  threadKey?: string;
  limit?: number;
  /** Keyset cursor: the last message of the previous page. */
  before?: { receivedAt: string; id: number };
}

export interface MessagesRepository {
  storeIncoming(workspaceId: number, inboxId: number, input: IncomingMessageInput): Promise<StoreIncomingResult>;
  get(workspaceId: number, id: number): Promise<StoredMessage>;
  getRaw(workspaceId: number, id: number): Promise<Buffer>;
  /** Newest first. */
  list(workspaceId: number, options?: ListMessagesOptions): Promise<StoredMessage[]>;
  /** Some message of this inbox is in the conversation `threadKey`. */
  threadExists(workspaceId: number, inboxId: number, threadKey: string): Promise<boolean>;
  /**
   * Messages from one sender in one inbox since `since`, newest first (at most 50): the subject
   * fallback's candidates (pipeline/threading.ts). Matched on the lower-cased address here; the
   * caller decides with its own address comparison.
   */
  recentFromSender(
    workspaceId: number,
    inboxId: number,
    fromAddress: string,
    since: string,
  ): Promise<Array<{ threadKey: string; subject: string; fromAddress: string }>>;
  /** Moving to `processing` counts an attempt. */
  setState(workspaceId: number, id: number, state: MessageState, reason?: string | null): Promise<StoredMessage>;
  setUnderstanding(
    workspaceId: number,
    id: number,
    understanding: { intent: string | null; language: string | null },
  ): Promise<StoredMessage>;
  /**
   * Messages whose body text was never extracted (stored before migration 016), oldest first.
   * Deliberately across workspaces: the search backfill is maintenance of the index, run by the
   * server for every workspace; it hands each body back through the scoped `setBodyText`.
   */
  withoutBodyText(limit: number): Promise<Array<{ workspaceId: number; id: number }>>;
  /** Sets the searchable text of a message (the index follows: trigger or generated column). */
  setBodyText(workspaceId: number, id: number, text: string): Promise<void>;
  /**
   * Replies sent automatically (audit actor `system`) in the last `withinMs` (by the database
   * clock), to one sender (any inbox of the workspace) or from one inbox: the auto-reply caps.
   * Counted in the database, so every worker process sees the same number.
   */
  countAutomaticReplies(
    workspaceId: number,
    filter: { withinMs: number; sender?: string; inboxId?: number },
  ): Promise<number>;
}

const COLUMNS = [
  'id',
  'workspace_id',
  'inbox_id',
  'message_id',
  'thread_key',
  'from_address',
  'from_name',
  'subject',
  'received_at',
  'state',
  'state_reason',
  'intent',
  'language',
  'attempts',
  'auth_verified',
  'auth_result',
  'done_at',
  'done_by',
  'seen_at',
  'source',
  'created_at',
  'updated_at',
] as const;

type MessageFields = Omit<MessageRow, 'raw' | 'body_text'>;

/** Enough text to find a message by; a longer body is indexed by its start. */
export const MAX_BODY_TEXT = 100_000;

/**
 * Kept exactly as received (trimmed): it is what the inbox list and the message page show, and
 * lower-casing it would show a look-alike (a Kelvin sign "\u212A" for "K") as the ASCII address it
 * imitates. Comparisons use shared/email-identity.ts. Not validated: mail from a malformed sender
 * must still be stored (and then skipped by the guard), never bounced back to the adapter.
 */
function senderAddress(value: string): string {
  return (typeof value === 'string' ? value : '').trim().slice(0, 998);
}

function bodyTextOf(text: string | null | undefined): string {
  // NUL bytes are refused by PostgreSQL text columns.
  return typeof text === 'string' ? text.slice(0, MAX_BODY_TEXT).replaceAll('\u0000', '') : '';
}

function toIso(value: Date | string, what: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw invalid(`${what} is not a date.`);
  return date.toISOString();
}

export function createMessagesRepository(ctx: RepoContext): MessagesRepository {
  async function find(c: RepoContext, workspaceId: number, id: number): Promise<StoredMessage> {
    const row = isId(id)
      ? await c.db
          .selectFrom('messages')
          .select(COLUMNS)
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .executeTakeFirst()
      : undefined;
    if (!row) throw notFound('Message');
    return toMessage(row);
  }

  return {
    async storeIncoming(workspaceId, inboxId, input) {
      const messageId = requireText(input.messageId, 'Message-ID', 998).trim();
      const values = {
        workspace_id: workspaceId,
        inbox_id: inboxId,
        message_id: messageId,
        thread_key: (input.threadKey ?? '').trim() || messageId,
        from_address: senderAddress(input.fromAddress),
        from_name: input.fromName?.trim() || null,
        subject: typeof input.subject === 'string' ? input.subject : '',
        received_at: toIso(input.receivedAt, 'receivedAt'),
        raw: typeof input.raw === 'string' ? Buffer.from(input.raw, 'utf8') : Buffer.from(input.raw),
        state: input.settledReason === undefined ? ('received' as const) : ('skipped' as const),
        state_reason: input.settledReason === undefined ? null : input.settledReason.slice(0, 500),
        source: input.source ?? null,
        attempts: 0,
        auth_verified: input.auth ? (input.auth.verified ? 1 : 0) : null,
        auth_result: input.auth ? JSON.stringify(SenderVerdictSchema.parse(input.auth)) : null,
        // Omitted: null, "not yet read", so the server's backfill parses it; '' is "nothing to index".
        body_text: input.bodyText === undefined ? null : bodyTextOf(input.bodyText),
      };
      return inTransaction(ctx, async (tx) => {
        const inbox = isId(inboxId)
          ? await tx.db
              .selectFrom('inboxes')
              .select('id')
              .where('workspace_id', '=', workspaceId)
              .where('id', '=', inboxId)
              .executeTakeFirst()
          : undefined;
        if (!inbox) throw notFound('Inbox');
        const at = nowIso(tx);
        // ON CONFLICT DO NOTHING (rather than catching the error) keeps a PostgreSQL transaction
        // usable and makes two concurrent deliveries of the same message race safely.
        const inserted = await tx.db
          .insertInto('messages')
          .values({ ...values, created_at: at, updated_at: at })
          .onConflict((oc) => oc.columns(['inbox_id', 'message_id']).doNothing())
          .returning(COLUMNS)
          .executeTakeFirst();
        if (!inserted) {
          const existing = await tx.db
            .selectFrom('messages')
            .select(COLUMNS)
            .where('workspace_id', '=', workspaceId)
            .where('inbox_id', '=', inboxId)
            .where('message_id', '=', messageId)
            .executeTakeFirstOrThrow();
          return { message: toMessage(existing), created: false, jobId: null };
        }
        // The customer wrote again: earlier messages of the conversation that waited on them are
        // settled, so the queue holds the conversation once, at its newest message.
        await tx.db
          .updateTable('messages')
          .set({ done_at: at, done_by: 'system' })
          .where('workspace_id', '=', workspaceId)
          .where('inbox_id', '=', inserted.inbox_id)
          .where('thread_key', '=', inserted.thread_key)
          .where('id', '!=', inserted.id)
          .where('state', '=', 'sent')
          .where('done_at', 'is', null)
          .execute();
        if (input.settledReason !== undefined) return { message: toMessage(inserted), created: true, jobId: null };
        const job = await insertJob(tx, workspaceId, {
          kind: PROCESS_MESSAGE_JOB,
          payload: { messageId: inserted.id },
          messageId: inserted.id,
        });
        return { message: toMessage(inserted), created: true, jobId: job.id };
      });
    },

    get: (workspaceId, id) => find(ctx, workspaceId, id),

    async getRaw(workspaceId, id) {
      const row = isId(id)
        ? await ctx.db
            .selectFrom('messages')
            .select('raw')
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', id)
            .executeTakeFirst()
        : undefined;
      if (!row) throw notFound('Message');
      return Buffer.from(row.raw);
    },

    async list(workspaceId, options = {}) {
      const states = options.state === undefined ? [] : [options.state].flat();
      for (const s of states) if (!MESSAGE_STATES.includes(s)) throw invalid(`Unknown message state "${s}".`);
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
      const before = options.before;
      const rows = await ctx.db
        .selectFrom('messages')
        .select(COLUMNS)
        .where('workspace_id', '=', workspaceId)
        .$if(states.length > 0, (q) => q.where('state', 'in', states))
        .$if(options.inboxId !== undefined, (q) => q.where('inbox_id', '=', options.inboxId ?? 0))
        .$if(options.threadKey !== undefined, (q) => q.where('thread_key', '=', options.threadKey ?? ''))
        .$if(before !== undefined, (q) =>
          q.where((eb) =>
            eb.or([
              eb('received_at', '<', before?.receivedAt ?? ''),
              eb.and([eb('received_at', '=', before?.receivedAt ?? ''), eb('id', '<', before?.id ?? 0)]),
            ]),
          ),
        )
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toMessage);
    },

    async threadExists(workspaceId, inboxId, threadKey) {
      const row = await ctx.db
        .selectFrom('messages')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('inbox_id', '=', isId(inboxId) ? inboxId : 0)
        .where('thread_key', '=', threadKey)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async recentFromSender(workspaceId, inboxId, fromAddress, since) {
      const rows = await ctx.db
        .selectFrom('messages')
        .select(['thread_key', 'subject', 'from_address'])
        .where('workspace_id', '=', workspaceId)
        .where('inbox_id', '=', isId(inboxId) ? inboxId : 0)
        .where(sql`lower(from_address)`, '=', senderAddress(fromAddress).toLowerCase())
        .where('received_at', '>=', since)
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .limit(50)
        .execute();
      return rows.map((r) => ({ threadKey: r.thread_key, subject: r.subject, fromAddress: r.from_address }));
    },

    async setState(workspaceId, id, state, reason = null) {
      if (!MESSAGE_STATES.includes(state)) throw invalid(`Unknown message state "${String(state)}".`);
      return inTransaction(ctx, async (tx) => {
        const result = await tx.db
          .updateTable('messages')
          .set((eb) => ({
            state,
            state_reason: reason,
            updated_at: nowIso(tx),
            attempts: state === 'processing' ? eb('attempts', '+', 1) : eb.ref('attempts'),
          }))
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', isId(id) ? id : 0)
          .executeTakeFirst();
        if (result.numUpdatedRows === 0n) throw notFound('Message');
        return find(tx, workspaceId, id);
      });
    },

    async withoutBodyText(limit) {
      const rows = await ctx.db
        .selectFrom('messages')
        .select(['workspace_id', 'id'])
        .where('body_text', 'is', null)
        .orderBy('id')
        .limit(Math.min(Math.max(limit, 1), 1000))
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id }));
    },

    async setBodyText(workspaceId, id, text) {
      await ctx.db
        .updateTable('messages')
        .set({ body_text: bodyTextOf(text) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(id) ? id : 0)
        .execute();
    },

    async setUnderstanding(workspaceId, id, understanding) {
      const result = await ctx.db
        .updateTable('messages')
        .set({ intent: understanding.intent, language: understanding.language, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(id) ? id : 0)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('Message');
      return find(ctx, workspaceId, id);
    },

    async countAutomaticReplies(workspaceId, filter) {
      const row = await ctx.db
        .selectFrom('drafts')
        .innerJoin('messages', (join) =>
          join
            .onRef('messages.id', '=', 'drafts.message_id')
            .onRef('messages.workspace_id', '=', 'drafts.workspace_id'),
        )
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('drafts.workspace_id', '=', workspaceId)
        .where('drafts.status', '=', 'sent')
        .where('drafts.sent_at', '>=', new Date(ctx.now().getTime() - filter.withinMs).toISOString())
        .$if(filter.sender !== undefined, (q) =>
          q.where('messages.from_address', '=', senderAddress(filter.sender ?? '')),
        )
        .$if(filter.inboxId !== undefined, (q) => q.where('messages.inbox_id', '=', filter.inboxId ?? 0))
        // Sent by the rules: the audit entry written in the same transaction as the `sent` status.
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('audit_log')
              .select('audit_log.id')
              .whereRef('audit_log.workspace_id', '=', 'drafts.workspace_id')
              .where('audit_log.action', '=', 'draft.sent')
              .where('audit_log.actor', '=', 'system')
              .where('audit_log.target', '=', sql<string>`'draft:' || ${sql.ref('drafts.id')}`),
          ),
        )
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

function toMessage(row: MessageFields): StoredMessage {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    inboxId: row.inbox_id,
    messageId: row.message_id,
    threadKey: row.thread_key,
    fromAddress: row.from_address,
    fromName: row.from_name,
    subject: row.subject,
    receivedAt: row.received_at,
    state: row.state,
    stateReason: row.state_reason,
    intent: row.intent,
    language: row.language,
    attempts: row.attempts,
    auth: readVerdict(row.auth_result),
    source: row.source,
    doneAt: row.done_at,
    seen: row.seen_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function readVerdict(text: string | null): SenderVerdict | null {
  if (text === null) return null;
  try {
    const parsed = SenderVerdictSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
