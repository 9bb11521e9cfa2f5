/**
 * The work queue people see: which conversations need someone (to do), wait on the customer, are
 * done, or need attention (processing or sending failed). The list has one row per conversation
 * (the messages of one inbox with one `thread_key`): its newest message, which decides where the
 * conversation stands and where it sorts. The queue state is derived in SQL from that message,
 * its draft and `done_at` rather than stored, so it can never disagree with them:
 *
 *   done_at set                         → done      (a person marked it, or the conversation moved on)
 *   message failed / draft failed       → attention (with Retry)
 *   reply sent, or approved and leaving → waiting   (on the customer)
 *   skipped (auto-reply…) / discarded   → done      (nothing to answer)
 *   otherwise                           → to do     (arrived, being drafted, or a draft to review)
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import { notFound } from '../errors.js';
import type { MessageState } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import type { SenderVerdict } from '../../shared/sender-verdict.js';
import { fts5Query, searchTerms, tsQuery } from '../search-query.js';
import { readVerdict } from './messages.js';
import { isId } from './util.js';

export const QUEUES = ['todo', 'waiting', 'done', 'attention'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Whose conversations: the viewer's, nobody's, or everyone's. */
export const ASSIGNEE_FILTERS = ['mine', 'unassigned', 'all'] as const;
export type AssigneeFilter = (typeof ASSIGNEE_FILTERS)[number];

export interface QueueItem {
  id: number;
  inboxId: number;
  threadKey: string;
  fromAddress: string;
  fromName: string | null;
  subject: string;
  receivedAt: string;
  state: MessageState;
  stateReason: string | null;
  queue: QueueName;
  draftStatus: string | null;
  draftReason: string | null;
  /** When a scheduled reply leaves (undo window). */
  sendAt: string | null;
  seen: boolean;
  /** Sender authentication verdict (null: stored before it was checked). */
  auth: SenderVerdict | null;
  doneAt: string | null;
  /** Messages in the conversation (this one included). */
  messageCount: number;
  /** Who works the conversation; null: unassigned. */
  assignee: { userId: number; name: string } | null;
  /** Changes whenever anything shown in the row changes (live updates keep untouched rows). */
  revision: string;
}

export interface QueueCounts {
  todo: number;
  waiting: number;
  done: number;
  attention: number;
  all: number;
  /** To-do conversations whose newest message nobody has opened yet (the tab title's count). */
  unread: number;
  /** Conversations per assignee filter, within the queue asked for (`counts` options). */
  assignees: Record<AssigneeFilter, number>;
}

export interface QueueCountsOptions {
  /** Queue counts are of these conversations (default all). */
  assignee?: AssigneeFilter;
  /** Assignee counts are within this queue (default every queue). */
  queue?: QueueName;
  /** Whose "mine" (a user id; null or omitted: nobody's, as for an API token). */
  viewerId?: number | null;
}

/** A position in the list: the (received_at, id) of a row, the order the list is sorted by. */
export interface QueueCursor {
  receivedAt: string;
  id: number;
}

export interface QueuePageOptions {
  /** Omitted: every conversation. */
  queue?: QueueName;
  /** Omitted: everyone's. */
  assignee?: AssigneeFilter;
  /** Whose "mine" (null or omitted: nobody's). */
  viewerId?: number | null;
  /**
   * Full-text search (sender, name, subject, body, order numbers); blank: no search. A
   * conversation matches when any of its messages does; it is listed once, at its newest.
   */
  search?: string;
  /** Rows per page (1–500, default 50). */
  limit?: number;
  /** The rows after this one (older). */
  before?: QueueCursor;
  /** The rows before this one (newer); ignored when `before` is given. */
  after?: QueueCursor;
}

export interface QueuePage {
  /** Newest first. */
  items: QueueItem[];
  /** Cursor for the next older page (the last row), or null when there is none. */
  older: QueueCursor | null;
  /** Cursor for the newer page (the first row), or null on the first page. */
  newer: QueueCursor | null;
}

export interface QueueRepository {
  /** Newest first; `queue` omitted = every conversation. */
  list(workspaceId: number, options?: { queue?: QueueName; limit?: number }): Promise<QueueItem[]>;
  /**
   * One page of conversations, keyset-paged by their newest message's (received_at, id): a
   * message that arrives while someone pages is newer than every cursor, so it shifts no row of
   * an older page (its conversation leaves the older position and shows on the first page) and
   * nothing is listed twice.
   */
  page(workspaceId: number, options?: QueuePageOptions): Promise<QueuePage>;
  counts(workspaceId: number, options?: QueueCountsOptions): Promise<QueueCounts>;
  /** The queue of one message. */
  queueOf(workspaceId: number, messageId: number): Promise<QueueName>;
  /** Marks messages done; returns the ids that changed (ids of other workspaces are ignored). */
  markDone(workspaceId: number, ids: number[], actor: string): Promise<number[]>;
  /** Back to the queue its message and draft put it in (usually to do). */
  reopen(workspaceId: number, id: number): Promise<void>;
  /** First open by anyone of the workspace. */
  markSeen(workspaceId: number, id: number): Promise<void>;
}

/** The CASE that derives the queue (see the header). Column refs are qualified: `m` and `d`. */
const QUEUE_CASE = sql<QueueName>`case
  when m.done_at is not null then 'done'
  when m.state = 'failed' or d.status = 'failed' then 'attention'
  when d.status = 'approved' and d.status_reason like 'waiting-reconnect:%' then 'attention'
  when m.state = 'sent' or d.status in ('sent', 'approved') then 'waiting'
  when m.state = 'skipped' or d.status = 'discarded' then 'done'
  else 'todo' end`;

interface QueueRow {
  id: number;
  inbox_id: number;
  thread_key: string;
  from_address: string;
  from_name: string | null;
  subject: string;
  received_at: string;
  state: MessageState;
  state_reason: string | null;
  seen_at: string | null;
  done_at: string | null;
  updated_at: string;
  auth_result: string | null;
  draft_status: string | null;
  draft_reason: string | null;
  send_at: string | null;
  draft_updated_at: string | null;
  queue: QueueName;
  message_count: number | string;
  assignee_id: number | null;
  assignee_name: string | null;
  assignee_email: string | null;
}

function toItem(row: QueueRow): QueueItem {
  return {
    id: row.id,
    inboxId: row.inbox_id,
    threadKey: row.thread_key,
    fromAddress: row.from_address,
    fromName: row.from_name,
    subject: row.subject,
    receivedAt: row.received_at,
    state: row.state,
    stateReason: row.state_reason,
    queue: row.queue,
    draftStatus: row.draft_status ?? null,
    draftReason: row.draft_reason ?? null,
    sendAt: row.send_at ?? null,
    seen: row.seen_at !== null,
    auth: readVerdict(row.auth_result),
    doneAt: row.done_at,
    messageCount: Number(row.message_count),
    assignee:
      row.assignee_id === null
        ? null
        : { userId: row.assignee_id, name: row.assignee_name || row.assignee_email || '' },
    revision: [
      row.updated_at,
      row.draft_updated_at ?? '',
      row.seen_at ?? '',
      row.done_at ?? '',
      row.queue,
      row.message_count,
      row.assignee_id ?? '',
    ].join('|'),
  };
}

/** `m` is the newest message of its conversation (no later one in the same inbox and thread). */
const NEWEST_OF_THREAD = sql<SqlBool>`not exists (select 1 from messages n
  where n.workspace_id = m.workspace_id and n.inbox_id = m.inbox_id and n.thread_key = m.thread_key
  and (n.received_at > m.received_at or (n.received_at = m.received_at and n.id > m.id)))`;

/** Messages in the conversation of `m`. */
const THREAD_SIZE = sql<number | string>`(select count(*) from messages c
  where c.workspace_id = m.workspace_id and c.inbox_id = m.inbox_id and c.thread_key = m.thread_key)`;

export function createQueueRepository(ctx: RepoContext): QueueRepository {
  function base(workspaceId: number) {
    return ctx.db
      .selectFrom('messages as m')
      .leftJoin('drafts as d', (join) =>
        join.onRef('d.message_id', '=', 'm.id').onRef('d.workspace_id', '=', 'm.workspace_id'),
      )
      .where('m.workspace_id', '=', workspaceId);
  }

  /** One row per conversation, with its assignee (`a`, `au`). */
  function conversations(workspaceId: number) {
    return base(workspaceId)
      .leftJoin('conversation_assignments as a', (join) =>
        join
          .onRef('a.workspace_id', '=', 'm.workspace_id')
          .onRef('a.inbox_id', '=', 'm.inbox_id')
          .onRef('a.thread_key', '=', 'm.thread_key'),
      )
      .leftJoin('users as au', 'au.id', 'a.user_id')
      .where(NEWEST_OF_THREAD);
  }

  /** The assignee condition on `a`; null for everyone's. */
  function assignedTo(filter: AssigneeFilter | undefined, viewerId: number | null | undefined) {
    if (filter === 'unassigned') return sql<SqlBool>`a.user_id is null`;
    if (filter === 'mine') return sql<SqlBool>`a.user_id = ${isId(viewerId) ? viewerId : 0}`;
    return null;
  }

  /**
   * The search condition for the conversation of `m` (any of its messages matches), or null when
   * the text holds no word to look for.
   */
  function matches(workspaceId: number, search: string) {
    const terms = searchTerms(search);
    if (terms.length === 0) return null;
    const hit =
      ctx.dialect === 'postgres'
        ? sql<SqlBool>`s.search_tsv @@ to_tsquery('simple', ${tsQuery(terms)})`
        : sql<SqlBool>`s.id in (select rowid from messages_fts where messages_fts match ${fts5Query(terms)})`;
    return sql<SqlBool>`(m.inbox_id, m.thread_key) in (select s.inbox_id, s.thread_key from messages s
      where s.workspace_id = ${workspaceId} and ${hit})`;
  }

  async function page(workspaceId: number, options: QueuePageOptions = {}): Promise<QueuePage> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500);
    const before = options.before;
    const after = before === undefined ? options.after : undefined;
    const search = options.search?.trim() ? matches(workspaceId, options.search) : null;
    const assignee = assignedTo(options.assignee, options.viewerId);
    if (options.search?.trim() && search === null) return { items: [], older: null, newer: null };
    // One row more than the page tells whether there is another page in the direction read.
    const rows = await conversations(workspaceId)
      .select([
        'm.id',
        'm.inbox_id',
        'm.thread_key',
        'm.from_address',
        'm.from_name',
        'm.subject',
        'm.received_at',
        'm.state',
        'm.state_reason',
        'm.seen_at',
        'm.done_at',
        'm.updated_at',
        'm.auth_result',
        'd.status as draft_status',
        'd.status_reason as draft_reason',
        'd.send_at',
        'd.updated_at as draft_updated_at',
        'a.user_id as assignee_id',
        'au.name as assignee_name',
        'au.email as assignee_email',
      ])
      .select(QUEUE_CASE.as('queue'))
      .select(THREAD_SIZE.as('message_count'))
      .$if(options.queue !== undefined, (q) => q.where(sql<SqlBool>`${QUEUE_CASE} = ${options.queue ?? 'todo'}`))
      .$if(search !== null, (q) => q.where(search ?? sql<SqlBool>`true`))
      .$if(assignee !== null, (q) => q.where(assignee ?? sql<SqlBool>`true`))
      .$if(before !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('m.received_at', '<', before?.receivedAt ?? ''),
            eb.and([eb('m.received_at', '=', before?.receivedAt ?? ''), eb('m.id', '<', before?.id ?? 0)]),
          ]),
        ),
      )
      .$if(after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('m.received_at', '>', after?.receivedAt ?? ''),
            eb.and([eb('m.received_at', '=', after?.receivedAt ?? ''), eb('m.id', '>', after?.id ?? 0)]),
          ]),
        ),
      )
      .orderBy('m.received_at', after ? 'asc' : 'desc')
      .orderBy('m.id', after ? 'asc' : 'desc')
      .limit(limit + 1)
      .execute();
    const more = rows.length > limit;
    const kept = rows.slice(0, limit);
    if (after) kept.reverse();
    const items = kept.map(toItem);
    const first = items[0];
    const last = items[items.length - 1];
    const cursor = (item: QueueItem | undefined) => (item ? { receivedAt: item.receivedAt, id: item.id } : null);
    // Reading newer rows: more beyond them means a newer page; the cursor came from an older one.
    const hasNewer = after ? more : before !== undefined;
    const hasOlder = after ? true : more;
    return {
      items,
      older: hasOlder && items.length > 0 ? cursor(last) : null,
      newer: hasNewer && items.length > 0 ? cursor(first) : null,
    };
  }

  return {
    async list(workspaceId, options = {}) {
      return (await page(workspaceId, options)).items;
    },

    page,

    async counts(workspaceId, options = {}) {
      const viewer = isId(options.viewerId) ? options.viewerId : 0;
      const whose = sql<'mine' | 'unassigned' | 'other'>`case when a.user_id is null then 'unassigned'
        when a.user_id = ${sql.lit(viewer)} then 'mine' else 'other' end`;
      // One pass: conversations per (queue, whose), folded into both sets of tabs below.
      const rows = await conversations(workspaceId)
        .select(QUEUE_CASE.as('queue'))
        .select(whose.as('whose'))
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .select(sql<number | string>`sum(case when m.seen_at is null then 1 else 0 end)`.as('unseen'))
        .groupBy([QUEUE_CASE as Expression<QueueName>, whose as Expression<string>])
        .execute();
      const filter = options.assignee ?? 'all';
      const counts: QueueCounts = {
        todo: 0,
        waiting: 0,
        done: 0,
        attention: 0,
        all: 0,
        unread: 0,
        assignees: { mine: 0, unassigned: 0, all: 0 },
      };
      for (const row of rows) {
        const n = Number(row.n);
        if (filter === 'all' || filter === row.whose) {
          counts[row.queue] += n;
          counts.all += n;
        }
        if (row.queue === 'todo') counts.unread += Number(row.unseen ?? 0);
        if (options.queue === undefined || options.queue === row.queue) {
          counts.assignees.all += n;
          if (row.whose !== 'other') counts.assignees[row.whose] += n;
        }
      }
      return counts;
    },

    async queueOf(workspaceId, messageId) {
      const row = isId(messageId)
        ? await base(workspaceId).select(QUEUE_CASE.as('queue')).where('m.id', '=', messageId).executeTakeFirst()
        : undefined;
      if (!row) throw notFound('Message');
      return row.queue;
    },

    async markDone(workspaceId, ids, actor) {
      const valid = [...new Set(ids.filter(isId))];
      if (valid.length === 0) return [];
      const rows = await ctx.db
        .updateTable('messages')
        .set({ done_at: nowIso(ctx), done_by: actor, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', valid)
        .where('done_at', 'is', null)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },

    async reopen(workspaceId, id) {
      const result = await ctx.db
        .updateTable('messages')
        .set({ done_at: null, done_by: null, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(id) ? id : 0)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('Message');
    },

    async markSeen(workspaceId, id) {
      // updated_at is left alone: opening a message is not a change to it.
      await ctx.db
        .updateTable('messages')
        .set({ seen_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(id) ? id : 0)
        .where('seen_at', 'is', null)
        .execute();
    },
  };
}
