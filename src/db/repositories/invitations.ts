/**
 * Invitations to a workspace. The link's token is stored as its SHA-256 only; accepting claims
 * the row in one conditional UPDATE (unused, unrevoked, unexpired), so a link works once even
 * when two browsers submit it at the same moment, and the membership is written in the same
 * transaction.
 */
import { DbError, notFound } from '../errors.js';
import type { MembershipRole } from '../schema.js';
import { MEMBERSHIP_ROLES } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { normalizeEmail, createUsersRepository, type User } from './users.js';
import { invalid, isId, requireText } from './util.js';

export interface Invitation {
  id: number;
  workspaceId: number;
  email: string;
  role: MembershipRole;
  invitedBy: number | null;
  expiresAt: string;
  createdAt: string;
}

export interface AcceptedInvitation {
  user: User;
  workspaceId: number;
  role: MembershipRole;
  /** False when the address already had an account (its password is left as it was). */
  created: boolean;
}

export interface InvitationsRepository {
  /** Replaces any pending invitation for the same address in the workspace. */
  create(
    workspaceId: number,
    input: { email: string; role: MembershipRole; tokenHash: string; invitedBy: number | null; expiresAt: Date },
  ): Promise<Invitation>;
  /** Unused and unexpired, oldest first. */
  listPending(workspaceId: number): Promise<Invitation[]>;
  revoke(workspaceId: number, id: number): Promise<Invitation>;
  /** The pending invitation a link names, or null when it is unknown, used, revoked or expired. */
  byTokenHash(tokenHash: string): Promise<Invitation | null>;
  /**
   * Uses the link once: creates the account (with `name` and `passwordHash`) unless the address
   * has one, and adds the membership with the invited role. `link_invalid` when it cannot be used.
   */
  accept(tokenHash: string, input: { name: string; passwordHash: string }): Promise<AcceptedInvitation>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;
export const LINK_INVALID_MESSAGE = 'This link is not valid any more: it was used, withdrawn or has expired.';

type Row = {
  id: number;
  workspace_id: number;
  email: string;
  role: MembershipRole;
  invited_by: number | null;
  expires_at: string;
  created_at: string;
};

export function createInvitationsRepository(ctx: RepoContext): InvitationsRepository {
  const columns = ['id', 'workspace_id', 'email', 'role', 'invited_by', 'expires_at', 'created_at'] as const;

  return {
    async create(workspaceId, input) {
      if (!SHA256_HEX.test(input.tokenHash)) throw invalid('An invitation token must be stored as its SHA-256 hash.');
      if (!MEMBERSHIP_ROLES.includes(input.role)) throw invalid(`Unknown role "${String(input.role)}".`);
      const email = normalizeEmail(input.email);
      return inTransaction(ctx, async (tx) => {
        const member = await tx.db
          .selectFrom('memberships')
          .innerJoin('users', 'users.id', 'memberships.user_id')
          .select('users.id')
          .where('memberships.workspace_id', '=', workspaceId)
          .where('users.email', '=', email)
          .executeTakeFirst();
        if (member) throw new DbError('conflict', `${email} is already a member of this workspace.`);
        await tx.db
          .deleteFrom('invitations')
          .where('workspace_id', '=', workspaceId)
          .where('email', '=', email)
          .where('accepted_at', 'is', null)
          .execute();
        const row = await tx.db
          .insertInto('invitations')
          .values({
            workspace_id: workspaceId,
            email,
            role: input.role,
            token_hash: input.tokenHash,
            invited_by: input.invitedBy,
            expires_at: input.expiresAt.toISOString(),
            accepted_at: null,
            created_at: nowIso(ctx),
          })
          .returning(columns)
          .executeTakeFirstOrThrow();
        return toInvitation(row);
      });
    },

    async listPending(workspaceId) {
      const rows = await ctx.db
        .selectFrom('invitations')
        .select(columns)
        .where('workspace_id', '=', workspaceId)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', nowIso(ctx))
        .orderBy('id')
        .execute();
      return rows.map(toInvitation);
    },

    async revoke(workspaceId, id) {
      const row = await ctx.db
        .deleteFrom('invitations')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(id) ? id : 0)
        .where('accepted_at', 'is', null)
        .returning(columns)
        .executeTakeFirst();
      if (!row) throw notFound('Invitation');
      return toInvitation(row);
    },

    async byTokenHash(tokenHash) {
      if (!SHA256_HEX.test(tokenHash)) return null;
      const row = await ctx.db
        .selectFrom('invitations')
        .select(columns)
        .where('token_hash', '=', tokenHash)
        .where('accepted_at', 'is', null)
        .where('expires_at', '>', nowIso(ctx))
        .executeTakeFirst();
      return row ? toInvitation(row) : null;
    },

    async accept(tokenHash, input) {
      const name = requireText(input.name, 'Name', 200).trim();
      requireText(input.passwordHash, 'Password hash', 1_000);
      if (!SHA256_HEX.test(tokenHash)) throw new DbError('link_invalid', LINK_INVALID_MESSAGE);
      return inTransaction(ctx, async (tx) => {
        const at = nowIso(ctx);
        const claimed = await tx.db
          .updateTable('invitations')
          .set({ accepted_at: at })
          .where('token_hash', '=', tokenHash)
          .where('accepted_at', 'is', null)
          .where('expires_at', '>', at)
          .returning(columns)
          .executeTakeFirst();
        if (!claimed) throw new DbError('link_invalid', LINK_INVALID_MESSAGE);
        const users = createUsersRepository(tx);
        const existing = await users.byEmail(claimed.email);
        const user = existing ?? (await users.create({ email: claimed.email, name, passwordHash: input.passwordHash }));
        await users.setMembership(claimed.workspace_id, user.id, claimed.role);
        return { user, workspaceId: claimed.workspace_id, role: claimed.role, created: existing === null };
      });
    },
  };
}

function toInvitation(row: Row): Invitation {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    role: row.role,
    invitedBy: row.invited_by,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
  };
}
