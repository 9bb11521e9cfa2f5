/**
 * Forwarding that checks itself (migration 014): the provider confirmations that arrived at an
 * inbox, and the "Send a test message" checks. Workspace-scoped like every tenant table.
 */
import { randomInt } from 'node:crypto';
import { notFound } from '../errors.js';
import type { MessageSource } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { isId } from './util.js';

/** A check waits this long for a message; after it, it shows as "nothing arrived". */
export const CHECK_WINDOW_MS = 60 * 60_000;
/** A test token still marks a test message this long after its check started. */
const TOKEN_LIFE_MS = 24 * 60 * 60_000;
/** No 0/O, 1/I: the merchant types it. 32⁴ ≈ 1 M tokens, and only one inbox's recent checks count. */
const TOKEN_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const TEST_TOKEN_PATTERN = /^[A-HJ-NP-Z2-9]{4}$/;

export interface ForwardingCheckView {
  id: number;
  inboxId: number;
  token: string;
  startedAt: string;
  /** When it stops waiting (`startedAt` + the window). */
  expiresAt: string;
  status: 'pending' | 'passed' | 'expired';
  passedAt: string | null;
  messageId: number | null;
  fromAddress: string | null;
  source: MessageSource | null;
}

export interface ForwardingConfirmationInput {
  messageId: number;
  provider: string;
  code: string | null;
  link: string | null;
  requestedBy: string | null;
  senderVerified: boolean;
  receivedAt: string;
}

export interface ForwardingConfirmationView extends ForwardingConfirmationInput {
  id: number;
  inboxId: number;
}

export interface ArrivalInput {
  messageId: number;
  fromAddress: string;
  source: MessageSource;
  at: string;
}

export interface ForwardingRepository {
  /** A new check with a fresh token; earlier pending ones of the inbox no longer matter. */
  startCheck(workspaceId: number, inboxId: number, actor: string): Promise<ForwardingCheckView>;
  latestCheck(workspaceId: number, inboxId: number): Promise<ForwardingCheckView | null>;
  /** Whether one of this inbox's checks of the last day gave out this token. */
  isTestToken(workspaceId: number, inboxId: number, token: string): Promise<boolean>;
  /** Marks the inbox's pending checks passed by this message; returns how many. */
  passPendingChecks(workspaceId: number, inboxId: number, arrival: ArrivalInput): Promise<number>;
  recordConfirmation(
    workspaceId: number,
    inboxId: number,
    input: ForwardingConfirmationInput,
  ): Promise<ForwardingConfirmationView>;
  latestConfirmation(workspaceId: number, inboxId: number): Promise<ForwardingConfirmationView | null>;
}

const CHECK_COLUMNS = [
  'id',
  'inbox_id',
  'token',
  'started_at',
  'passed_at',
  'message_id',
  'from_address',
  'source',
] as const;

export function newTestToken(): string {
  let token = '';
  for (let i = 0; i < 4; i += 1) token += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return token;
}

export function createForwardingRepository(ctx: RepoContext): ForwardingRepository {
  const since = (ms: number) => new Date(ctx.now().getTime() - ms).toISOString();

  function toCheck(row: {
    id: number;
    inbox_id: number;
    token: string;
    started_at: string;
    passed_at: string | null;
    message_id: number | null;
    from_address: string | null;
    source: MessageSource | null;
  }): ForwardingCheckView {
    const expiresAt = new Date(new Date(row.started_at).getTime() + CHECK_WINDOW_MS).toISOString();
    const status = row.passed_at !== null ? 'passed' : expiresAt <= nowIso(ctx) ? 'expired' : 'pending';
    return {
      id: row.id,
      inboxId: row.inbox_id,
      token: row.token,
      startedAt: row.started_at,
      expiresAt,
      status,
      passedAt: row.passed_at,
      messageId: row.message_id,
      fromAddress: row.from_address,
      source: row.source,
    };
  }

  async function requireInbox(workspaceId: number, inboxId: number): Promise<void> {
    const row = isId(inboxId)
      ? await ctx.db
          .selectFrom('inboxes')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', inboxId)
          .executeTakeFirst()
      : undefined;
    if (!row) throw notFound('Inbox');
  }

  return {
    async startCheck(workspaceId, inboxId, actor) {
      await requireInbox(workspaceId, inboxId);
      const at = nowIso(ctx);
      const row = await ctx.db
        .insertInto('forwarding_checks')
        .values({
          workspace_id: workspaceId,
          inbox_id: inboxId,
          token: newTestToken(),
          started_by: actor,
          started_at: at,
          created_at: at,
          updated_at: at,
        })
        .returning(CHECK_COLUMNS)
        .executeTakeFirstOrThrow();
      return toCheck(row);
    },

    async latestCheck(workspaceId, inboxId) {
      if (!isId(inboxId)) return null;
      const row = await ctx.db
        .selectFrom('forwarding_checks')
        .select(CHECK_COLUMNS)
        .where('workspace_id', '=', workspaceId)
        .where('inbox_id', '=', inboxId)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toCheck(row) : null;
    },

    async isTestToken(workspaceId, inboxId, token) {
      const upper = token.toUpperCase();
      if (!isId(inboxId) || !TEST_TOKEN_PATTERN.test(upper)) return false;
      const row = await ctx.db
        .selectFrom('forwarding_checks')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('inbox_id', '=', inboxId)
        .where('token', '=', upper)
        .where('started_at', '>=', since(TOKEN_LIFE_MS))
        .executeTakeFirst();
      return row !== undefined;
    },

    async passPendingChecks(workspaceId, inboxId, arrival) {
      const result = await ctx.db
        .updateTable('forwarding_checks')
        .set({
          passed_at: arrival.at,
          message_id: arrival.messageId,
          from_address: arrival.fromAddress.slice(0, 998),
          source: arrival.source,
          updated_at: nowIso(ctx),
        })
        .where('workspace_id', '=', workspaceId)
        .where('inbox_id', '=', isId(inboxId) ? inboxId : 0)
        .where('passed_at', 'is', null)
        .where('started_at', '>=', since(CHECK_WINDOW_MS))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async recordConfirmation(workspaceId, inboxId, input) {
      const at = nowIso(ctx);
      const row = await ctx.db
        .insertInto('forwarding_confirmations')
        .values({
          workspace_id: workspaceId,
          inbox_id: inboxId,
          message_id: input.messageId,
          provider: input.provider,
          code: input.code,
          link: input.link,
          requested_by: input.requestedBy,
          sender_verified: input.senderVerified ? 1 : 0,
          received_at: input.receivedAt,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, inboxId, ...input };
    },

    async latestConfirmation(workspaceId, inboxId) {
      if (!isId(inboxId)) return null;
      const row = await ctx.db
        .selectFrom('forwarding_confirmations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('inbox_id', '=', inboxId)
        .orderBy('received_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        inboxId: row.inbox_id,
        messageId: row.message_id,
        provider: row.provider,
        code: row.code,
        link: row.link,
        requestedBy: row.requested_by,
        senderVerified: row.sender_verified === 1,
        receivedAt: row.received_at,
      };
    },
  };
}
