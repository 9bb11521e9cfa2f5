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
  'draft.sent',
  'draft.discarded',
  'draft.undone',
  'draft.restored',
  'draft.regenerated',
  'message.done',
  'message.reopened',
  // A conversation linked to a store customer by hand: the customer id and the conversation only.
  'customer.linked',
  'customer.unlinked',
  'secrets.rotated',
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

export interface AuditRepository {
  append(workspaceId: number, entry: AuditEntryInput): Promise<AuditEntry>;
  /** Newest first; `beforeId` pages further back. */
  list(
    workspaceId: number,
    options?: { limit?: number; beforeId?: number; action?: AuditAction },
  ): Promise<AuditEntry[]>;
}

export function createAuditRepository(ctx: RepoContext): AuditRepository {
  return {
    async append(workspaceId, entry) {
      if (!/^(user:[1-9]\d*|system|cli)$/.test(entry.actor)) throw invalid(`Unknown audit actor "${entry.actor}".`);
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
