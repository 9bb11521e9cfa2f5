/**
 * Password-reset links. Only the SHA-256 of a link's token is stored. A new link replaces the
 * user's earlier unused ones; using one claims it in a conditional UPDATE (unused, unexpired),
 * sets the new password hash and ends every session of the user, all in one transaction.
 */
import { DbError, notFound } from '../errors.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { LINK_INVALID_MESSAGE } from './invitations.js';
import { invalid, isId, requireText } from './util.js';

export interface PasswordResetsRepository {
  create(userId: number, input: { tokenHash: string; expiresAt: Date }): Promise<{ id: number; expiresAt: string }>;
  /** The user a link would reset, or null when it is unknown, used or expired. */
  userIdByTokenHash(tokenHash: string): Promise<number | null>;
  /** Uses the link once; `link_invalid` when it cannot be used. Returns the user and sessions ended. */
  use(tokenHash: string, passwordHash: string): Promise<{ userId: number; sessionsEnded: number }>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function createPasswordResetsRepository(ctx: RepoContext): PasswordResetsRepository {
  return {
    async create(userId, input) {
      if (!SHA256_HEX.test(input.tokenHash)) throw invalid('A reset token must be stored as its SHA-256 hash.');
      return inTransaction(ctx, async (tx) => {
        const user = isId(userId)
          ? await tx.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst()
          : undefined;
        if (!user) throw notFound('User');
        // Only the newest link works: asking again makes earlier mails useless.
        await tx.db.deleteFrom('password_resets').where('user_id', '=', userId).where('used_at', 'is', null).execute();
        const row = await tx.db
          .insertInto('password_resets')
          .values({
            user_id: userId,
            token_hash: input.tokenHash,
            expires_at: input.expiresAt.toISOString(),
            used_at: null,
            created_at: nowIso(ctx),
          })
          .returning(['id', 'expires_at'])
          .executeTakeFirstOrThrow();
        return { id: row.id, expiresAt: row.expires_at };
      });
    },

    async userIdByTokenHash(tokenHash) {
      if (!SHA256_HEX.test(tokenHash)) return null;
      const row = await ctx.db
        .selectFrom('password_resets')
        .select('user_id')
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', nowIso(ctx))
        .executeTakeFirst();
      return row?.user_id ?? null;
    },

    async use(tokenHash, passwordHash) {
      requireText(passwordHash, 'Password hash', 1_000);
      if (!SHA256_HEX.test(tokenHash)) throw new DbError('link_invalid', LINK_INVALID_MESSAGE);
      return inTransaction(ctx, async (tx) => {
        const at = nowIso(ctx);
        const claimed = await tx.db
          .updateTable('password_resets')
          .set({ used_at: at })
          .where('token_hash', '=', tokenHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', at)
          .returning('user_id')
          .executeTakeFirst();
        if (!claimed) throw new DbError('link_invalid', LINK_INVALID_MESSAGE);
        await tx.db
          .updateTable('users')
          .set({ password_hash: passwordHash })
          .where('id', '=', claimed.user_id)
          .execute();
        const ended = await tx.db.deleteFrom('sessions').where('user_id', '=', claimed.user_id).executeTakeFirst();
        return { userId: claimed.user_id, sessionsEnded: Number(ended.numDeletedRows) };
      });
    },
  };
}
