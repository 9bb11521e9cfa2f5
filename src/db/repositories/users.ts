/**
 * Users are global (one login, several workspaces); what a user may touch is decided by their
 * membership, which is always looked up with the workspace id.
 */
import { DbError, isUniqueViolation, notFound } from '../errors.js';
import type { MembershipRole } from '../schema.js';
import { MEMBERSHIP_ROLES } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import type { Workspace } from './workspaces.js';
import { invalid, isId, requireText } from './util.js';

export interface User {
  id: number;
  email: string;
  name: string;
  hasPassword: boolean;
  createdAt: string;
}

export interface Member {
  user: User;
  role: MembershipRole;
}

export interface UsersRepository {
  create(input: { email: string; name: string; passwordHash?: string | null }): Promise<User>;
  get(userId: number): Promise<User>;
  byEmail(email: string): Promise<User | null>;
  /** For login only: the stored hash is never part of `User`. */
  credentialsByEmail(email: string): Promise<{ user: User; passwordHash: string | null } | null>;
  setPasswordHash(userId: number, passwordHash: string | null): Promise<void>;
  /**
   * Adds the user to the workspace, or changes their role. Refuses (`last_owner`) to make the
   * workspace's only owner an agent.
   */
  setMembership(workspaceId: number, userId: number, role: MembershipRole): Promise<Member>;
  /** Ends the membership and its sessions; refuses (`last_owner`) to remove the only owner. */
  removeMembership(workspaceId: number, userId: number): Promise<void>;
  role(workspaceId: number, userId: number): Promise<MembershipRole | null>;
  listMembers(workspaceId: number): Promise<Member[]>;
  workspacesOf(userId: number): Promise<Array<{ workspace: Workspace; role: MembershipRole }>>;
}

/** Addresses compare case-insensitively everywhere (the customer lookup does the same). */
export function normalizeEmail(email: string): string {
  const value = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(value) || value.length > 320) throw invalid('That is not an email address.');
  return value;
}

type UserRow = { id: number; email: string; name: string; password_hash: string | null; created_at: string };

export const LAST_OWNER_MESSAGE = 'A workspace needs at least one owner: make someone else an owner first.';

/**
 * Fails when taking `userId` out of the owners would leave the workspace without one. Runs in
 * the caller's transaction; on PostgreSQL the owners' rows are locked, so two owners demoting
 * each other at the same moment cannot both succeed (SQLite runs one writer at a time).
 */
async function keepAnOwner(ctx: RepoContext, workspaceId: number, userId: number): Promise<void> {
  const owners = await ctx.db
    .selectFrom('memberships')
    .select('user_id')
    .where('workspace_id', '=', workspaceId)
    .where('role', '=', 'owner')
    .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
    .execute();
  if (owners.some((o) => o.user_id === userId) && owners.length <= 1) {
    throw new DbError('last_owner', LAST_OWNER_MESSAGE);
  }
}

export function createUsersRepository(ctx: RepoContext): UsersRepository {
  async function findByEmail(email: string): Promise<UserRow | undefined> {
    let normalized: string;
    try {
      normalized = normalizeEmail(email);
    } catch {
      return undefined;
    }
    return ctx.db.selectFrom('users').selectAll().where('email', '=', normalized).executeTakeFirst();
  }

  async function get(userId: number): Promise<User> {
    const row = isId(userId)
      ? await ctx.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst()
      : undefined;
    if (!row) throw notFound('User');
    return toUser(row);
  }

  return {
    get,

    async create(input) {
      const email = normalizeEmail(input.email);
      const name = requireText(input.name, 'Name', 200).trim();
      try {
        const row = await ctx.db
          .insertInto('users')
          .values({ email, name, password_hash: input.passwordHash ?? null, created_at: nowIso(ctx) })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DbError('conflict', 'A user with that email address exists.');
        throw error;
      }
    },

    async byEmail(email) {
      const row = await findByEmail(email);
      return row ? toUser(row) : null;
    },

    async credentialsByEmail(email) {
      const row = await findByEmail(email);
      return row ? { user: toUser(row), passwordHash: row.password_hash } : null;
    },

    async setPasswordHash(userId, passwordHash) {
      const result = await ctx.db
        .updateTable('users')
        .set({ password_hash: passwordHash })
        .where('id', '=', isId(userId) ? userId : 0)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('User');
    },

    async setMembership(workspaceId, userId, role) {
      if (!MEMBERSHIP_ROLES.includes(role)) throw invalid(`Unknown role "${String(role)}".`);
      const user = await get(userId);
      const workspace = isId(workspaceId)
        ? await ctx.db.selectFrom('workspaces').select('id').where('id', '=', workspaceId).executeTakeFirst()
        : undefined;
      if (!workspace) throw notFound('Workspace');
      await inTransaction(ctx, async (tx) => {
        if (role !== 'owner') await keepAnOwner(tx, workspaceId, userId);
        await tx.db
          .insertInto('memberships')
          .values({ workspace_id: workspaceId, user_id: userId, role, created_at: nowIso(ctx) })
          .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role }))
          .execute();
      });
      return { user, role };
    },

    async removeMembership(workspaceId, userId) {
      await inTransaction(ctx, async (tx) => {
        await keepAnOwner(tx, workspaceId, userId);
        // Their conversations go back to Unassigned, so none is left with someone who cannot see it.
        await tx.db
          .deleteFrom('conversation_assignments')
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', userId)
          .execute();
        // Sessions of that membership go with it (ON DELETE CASCADE).
        await tx.db
          .deleteFrom('memberships')
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', userId)
          .execute();
      });
    },

    async role(workspaceId, userId) {
      const row = await ctx.db
        .selectFrom('memberships')
        .select('role')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row?.role ?? null;
    },

    async listMembers(workspaceId) {
      const rows = await ctx.db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.user_id')
        .select([
          'users.id',
          'users.email',
          'users.name',
          'users.password_hash',
          'users.created_at',
          'memberships.role',
        ])
        .where('memberships.workspace_id', '=', workspaceId)
        .orderBy('users.email')
        .execute();
      return rows.map((r) => ({ user: toUser(r), role: r.role }));
    },

    async workspacesOf(userId) {
      const rows = await ctx.db
        .selectFrom('memberships')
        .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
        .select(['workspaces.id', 'workspaces.slug', 'workspaces.name', 'workspaces.created_at', 'memberships.role'])
        .where('memberships.user_id', '=', userId)
        .orderBy('workspaces.slug')
        .execute();
      return rows.map((r) => ({
        workspace: { id: r.id, slug: r.slug, name: r.name, createdAt: r.created_at },
        role: r.role,
      }));
    },
  };
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
  };
}
