/**
 * Sessions and API tokens. Only SHA-256 hashes of the bearer values are stored, so a copy of
 * the database does not let anyone log in. Lookups by hash are necessarily not scoped by
 * workspace (they are how a request finds its workspace); everything else is.
 */
import { createHash } from 'node:crypto';
import { isForeignKeyViolation, isUniqueViolation, DbError, notFound } from '../errors.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { invalid, isId, requireText } from './util.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface Session {
  idHash: string;
  userId: number;
  workspaceId: number;
  csrfToken: string;
  expiresAt: string;
}

/** What an API token may do (see src/web/auth/permissions.ts); chosen when it is created. */
export const API_TOKEN_SCOPES = ['read', 'draft', 'send', 'admin'] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

export interface ApiToken {
  id: number;
  workspaceId: number;
  name: string;
  /** Canonical order, never empty. */
  scopes: ApiTokenScope[];
  /** `••••abcd` */
  masked: string;
  createdAt: string;
}

export interface AuthRepository {
  /** Fails with not_found unless the user is a member of the workspace. */
  createSession(
    workspaceId: number,
    input: { idHash: string; userId: number; csrfToken: string; expiresAt: Date | string },
  ): Promise<Session>;
  /** The live session for a cookie's hash, or null when unknown or expired. */
  sessionByIdHash(idHash: string): Promise<Session | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Ends every session of the user, in every workspace (after a password reset). */
  deleteSessionsOfUser(userId: number): Promise<number>;
  deleteExpiredSessions(): Promise<number>;
  createApiToken(
    workspaceId: number,
    input: { tokenHash: string; name: string; last4: string; scopes: readonly ApiTokenScope[] },
  ): Promise<ApiToken>;
  apiTokenByHash(tokenHash: string): Promise<ApiToken | null>;
  listApiTokens(workspaceId: number): Promise<ApiToken[]>;
  revokeApiToken(workspaceId: number, id: number): Promise<void>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export function createAuthRepository(ctx: RepoContext): AuthRepository {
  return {
    async createSession(workspaceId, input) {
      if (!SHA256_HEX.test(input.idHash)) throw invalid('A session id must be stored as its SHA-256 hex hash.');
      requireText(input.csrfToken, 'CSRF token', 200);
      const expiresAt = new Date(input.expiresAt);
      if (Number.isNaN(expiresAt.getTime())) throw invalid('The session expiry is not a date.');
      const row = {
        id: input.idHash,
        user_id: input.userId,
        workspace_id: workspaceId,
        csrf_token: input.csrfToken,
        expires_at: expiresAt.toISOString(),
        created_at: nowIso(ctx),
      };
      try {
        await ctx.db.insertInto('sessions').values(row).execute();
      } catch (error) {
        if (isForeignKeyViolation(error)) throw notFound('Membership');
        if (isUniqueViolation(error)) throw new DbError('conflict', 'That session id is in use.');
        throw error;
      }
      return toSession(row);
    },

    async sessionByIdHash(idHash) {
      const row = await ctx.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', idHash)
        .where('expires_at', '>', nowIso(ctx))
        .executeTakeFirst();
      return row ? toSession(row) : null;
    },

    async deleteSession(idHash) {
      await ctx.db.deleteFrom('sessions').where('id', '=', idHash).execute();
    },

    async deleteSessionsOfUser(userId) {
      const result = await ctx.db
        .deleteFrom('sessions')
        .where('user_id', '=', isId(userId) ? userId : 0)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteExpiredSessions() {
      const result = await ctx.db.deleteFrom('sessions').where('expires_at', '<=', nowIso(ctx)).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async createApiToken(workspaceId, input) {
      if (!SHA256_HEX.test(input.tokenHash)) throw invalid('An API token must be stored as its SHA-256 hex hash.');
      const name = requireText(input.name, 'Token name', 200).trim();
      if (input.last4.length > 4) throw invalid('Keep at most the last 4 characters of a token.');
      const scopes = canonicalScopes(input.scopes);
      if (scopes.length === 0 || scopes.length !== new Set(input.scopes).size) {
        throw invalid(`A token needs at least one scope of: ${API_TOKEN_SCOPES.join(', ')}.`);
      }
      try {
        const row = await ctx.db
          .insertInto('api_tokens')
          .values({
            workspace_id: workspaceId,
            token_hash: input.tokenHash,
            name,
            last4: input.last4,
            scopes: scopes.join(' '),
            created_at: nowIso(ctx),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toApiToken(row);
      } catch (error) {
        if (isForeignKeyViolation(error)) throw notFound('Workspace');
        if (isUniqueViolation(error)) throw new DbError('conflict', 'That API token exists.');
        throw error;
      }
    },

    async apiTokenByHash(tokenHash) {
      const row = await ctx.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? toApiToken(row) : null;
    },

    async listApiTokens(workspaceId) {
      const rows = await ctx.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('id')
        .execute();
      return rows.map(toApiToken);
    },

    async revokeApiToken(workspaceId, id) {
      const result = await ctx.db
        .deleteFrom('api_tokens')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(id) ? id : 0)
        .executeTakeFirst();
      if (result.numDeletedRows === 0n) throw notFound('API token');
    },
  };
}

function toSession(row: {
  id: string;
  user_id: number;
  workspace_id: number;
  csrf_token: string;
  expires_at: string;
}): Session {
  return {
    idHash: row.id,
    userId: row.user_id,
    workspaceId: row.workspace_id,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
  };
}

function canonicalScopes(list: readonly string[]): ApiTokenScope[] {
  return API_TOKEN_SCOPES.filter((scope) => list.includes(scope));
}

function toApiToken(row: {
  id: number;
  workspace_id: number;
  name: string;
  last4: string;
  scopes: string;
  created_at: string;
}): ApiToken {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    // Unknown words grant nothing (fail closed).
    scopes: canonicalScopes(row.scopes.split(' ')),
    masked: `••••${row.last4}`,
    createdAt: row.created_at,
  };
}
