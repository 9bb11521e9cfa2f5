/**
 * Started "Sign in with Google / Microsoft" flows (migration 017). The browser carries only the
 * random `state`; the row is found by its SHA-256, so a database read gives nothing to replay.
 * `take` marks the row used in the same conditional UPDATE that finds it: a state works once,
 * for the session that started it, before it expires. The PKCE verifier is encrypted like every
 * secret (it would let whoever holds a leaked code redeem it).
 */
import { createHash } from 'node:crypto';
import { decryptSecret, encryptSecret, type EncryptedSecret } from '../secrets.js';
import type { OAuthProviderId } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { parseJson } from './util.js';

export interface OAuthFlowInput {
  workspaceId: number;
  userId: number;
  sessionHash: string;
  provider: OAuthProviderId;
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Set when the flow reconnects this inbox (the returning account must be its mailbox). */
  reconnectInboxId: number | null;
  ttlMs: number;
}

export interface OAuthFlow {
  provider: OAuthProviderId;
  userId: number;
  nonce: string;
  codeVerifier: string;
  reconnectInboxId: number | null;
}

export type OAuthFlowRefusal = 'unknown' | 'used' | 'expired' | 'other_session';

export interface OAuthFlowsRepository {
  begin(input: OAuthFlowInput): Promise<void>;
  /** The flow for this state, marked used; or why it cannot be used (nothing is changed then). */
  take(
    workspaceId: number,
    state: string,
    sessionHash: string,
  ): Promise<{ flow: OAuthFlow } | { refused: OAuthFlowRefusal }>;
  /** Drops flows that ended or expired more than a day ago. */
  prune(): Promise<number>;
}

export function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

export function createOAuthFlowsRepository(ctx: RepoContext): OAuthFlowsRepository {
  const secretContext = (workspaceId: number) => ({ workspaceId, kind: 'mail_password' as const });
  return {
    async begin(input) {
      const now = ctx.now();
      const verifier = encryptSecret(ctx.secretKey, input.codeVerifier, secretContext(input.workspaceId));
      await ctx.db
        .insertInto('oauth_flows')
        .values({
          workspace_id: input.workspaceId,
          user_id: input.userId,
          session_hash: input.sessionHash,
          provider: input.provider,
          state_hash: hashState(input.state),
          nonce: input.nonce,
          code_verifier: JSON.stringify(verifier),
          reconnect_inbox_id: input.reconnectInboxId,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + input.ttlMs).toISOString(),
        })
        .execute();
    },

    async take(workspaceId, state, sessionHash) {
      const stateHash = hashState(state);
      const row = await ctx.db
        .selectFrom('oauth_flows')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('state_hash', '=', stateHash)
        .executeTakeFirst();
      if (!row) return { refused: 'unknown' };
      if (row.used_at !== null) return { refused: 'used' };
      if (row.session_hash !== sessionHash) return { refused: 'other_session' };
      const at = nowIso(ctx);
      if (row.expires_at <= at) return { refused: 'expired' };
      const taken = await ctx.db
        .updateTable('oauth_flows')
        .set({ used_at: at })
        .where('id', '=', row.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) !== 1) return { refused: 'used' };
      const verifier = parseJson(row.code_verifier) as EncryptedSecret;
      return {
        flow: {
          provider: row.provider,
          userId: row.user_id,
          nonce: row.nonce,
          codeVerifier: decryptSecret(ctx.secretKey, verifier, secretContext(workspaceId)),
          reconnectInboxId: row.reconnect_inbox_id,
        },
      };
    },

    async prune() {
      const cutoff = new Date(ctx.now().getTime() - 24 * 3600_000).toISOString();
      const result = await ctx.db.deleteFrom('oauth_flows').where('expires_at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
