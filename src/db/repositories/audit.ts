/** Who did what, and when: connections, re-tests, disconnections, rule changes, approvals, sends. */
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { invalid, isId, parseJson } from './util.js';

/** A user (`user:<id>`), the worker (`system`) or an operator at the command line (`cli`). */
export type AuditActor = `user:${number}` | 'system' | 'cli';

export const AUDIT_ACTIONS = [
  'integration.enabled',
  'integration.disabled',
  'integration.connected',
  'integration.retested',
  'integration.disconnected',
  'inbox.created',
  'inbox.updated',
  'inbox.deleted',
  'inbox.signed_in',
  'inbox.needs_reconnect',
  'settings.changed',
  'draft.approved',
  // A person saved an edit; one entry per editing session (see web/actions/drafts.ts), not per autosave.
  'draft.edited',
  'draft.sent',
  'draft.discarded',
  'draft.undone',
  'draft.restored',
  'draft.regenerated',
  'message.done',
  'message.reopened',
  // A conversation's assignee changed (from → to user ids), a note was added (its length only).
  'conversation.assigned',
  'conversation.note_added',
  // A conversation linked to a store customer by hand: the customer id and the conversation only.
  'customer.linked',
  'customer.unlinked',
  'secrets.rotated',
  // API tokens: name and scopes, never the value.
  'api_token.created',
  'api_token.revoked',
  'autonomy.switched_off',
  'shadow.started',
  'member.invited',
  'member.invitation_revoked',
  'member.joined',
  'member.role_changed',
  'member.removed',
  'member.password_reset',
  // Product mail (invitations, password resets): to whom and which kind, never the link.
  'mail.sent',
  'mail.failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntryInput {
  actor: AuditActor;
  action: AuditAction;
  /** What was acted on, e.g. `integration:3`, `draft:17`. */
  target?: string | null;
  /** Extra facts (never secrets). */
  detail?: Record<string, unknown> | null;
}

export interface AuditEntry {
  id: number;
  workspaceId: number;
  actor: string;
  action: string;
  target: string | null;
  detail: unknown;
  at: string;
}

export function userActor(userId: number): AuditActor {
  return `user:${userId}`;
}

/** Who wrote an entry, as stored: `user:<id>`, `system` or `cli`. */
export const AUDIT_ACTOR = /^(user:[1-9]\d{0,9}|system|cli)$/;

export interface AuditPageOptions {
  /** Only this actor's entries. */
  actor?: string;
  /** Only these actions (a kind of action, e.g. every `member.*`); an empty list finds nothing. */
  actions?: readonly string[];
  /** Entries older than this id. */
  before?: number;
  /** Entries newer than this id; ignored when `before` is given. */
  after?: number;
  /** Entries per page (1–200, default 50). */
  limit?: number;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  /** Cursor (an id) for the next older page, or null when there is none. */
  older: number | null;
  /** Cursor (an id) for the newer page, or null on the first page. */
  newer: number | null;
}

export interface AuditRepository {
  append(workspaceId: number, entry: AuditEntryInput): Promise<AuditEntry>;
  /** Newest first; `beforeId` pages further back. */
  list(
    workspaceId: number,
    options?: { limit?: number; beforeId?: number; action?: AuditAction },
  ): Promise<AuditEntry[]>;
  /**
   * One page, filtered and keyset-paged by id (the order entries were written): an entry written
   * while someone pages is newer than every cursor, so it shifts no row of an older page.
   */
  page(workspaceId: number, options?: AuditPageOptions): Promise<AuditPage>;
}

export function createAuditRepository(ctx: RepoContext): AuditRepository {
  return {
    async append(workspaceId, entry) {
      if (!AUDIT_ACTOR.test(entry.actor)) throw invalid(`Unknown audit actor "${entry.actor}".`);
      if (!(AUDIT_ACTIONS as readonly string[]).includes(entry.action)) {
        throw invalid(`Unknown audit action "${entry.action}".`);
      }
      const row = await ctx.db
        .insertInto('audit_log')
        .values({
          workspace_id: workspaceId,
          actor: entry.actor,
          action: entry.action,
          target: entry.target ?? null,
          detail: entry.detail == null ? null : JSON.stringify(entry.detail),
          at: nowIso(ctx),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toEntry(row);
    },

    async list(workspaceId, options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
      const rows = await ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(options.beforeId !== undefined, (q) => q.where('id', '<', isId(options.beforeId) ? options.beforeId : 0))
        .$if(options.action !== undefined, (q) => q.where('action', '=', options.action ?? ''))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toEntry);
    },

    async page(workspaceId, options = {}) {
      const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
      const { actor, actions } = options;
      if (actor !== undefined && !AUDIT_ACTOR.test(actor)) throw invalid(`Unknown audit actor "${actor}".`);
      if (actions?.length === 0) return { entries: [], older: null, newer: null };
      const before = options.before;
      const after = before === undefined ? options.after : undefined;
      for (const cursor of [before, after])
        if (cursor !== undefined && !isId(cursor)) throw invalid('Bad page cursor.');
      // One row more than the page tells whether there is another page in the direction read.
      const rows = await ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(actor !== undefined, (q) => q.where('actor', '=', actor ?? ''))
        .$if(actions !== undefined, (q) => q.where('action', 'in', actions ?? []))
        .$if(before !== undefined, (q) => q.where('id', '<', before ?? 0))
        .$if(after !== undefined, (q) => q.where('id', '>', after ?? 0))
        .orderBy('id', after === undefined ? 'desc' : 'asc')
        .limit(limit + 1)
        .execute();
      const more = rows.length > limit;
      const kept = rows.slice(0, limit);
      if (after !== undefined) kept.reverse();
      const entries = kept.map(toEntry);
      // Reading newer entries: more beyond them means a newer page; the cursor came from an older one.
      const hasNewer = after !== undefined ? more : before !== undefined;
      const hasOlder = after !== undefined ? true : more;
      return {
        entries,
        older: hasOlder ? (entries[entries.length - 1]?.id ?? null) : null,
        newer: hasNewer ? (entries[0]?.id ?? null) : null,
      };
    },
  };
}

function toEntry(row: {
  id: number;
  workspace_id: number;
  actor: string;
  action: string;
  target: string | null;
  detail: string | null;
  at: string;
}): AuditEntry {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    actor: row.actor,
    action: row.action,
    target: row.target,
    detail: parseJson(row.detail),
    at: row.at,
  };
}
