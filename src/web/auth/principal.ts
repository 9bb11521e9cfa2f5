/**
 * Who is making a request, resolved once per request from the session cookie or a Bearer API
 * token. The workspace every query is scoped by comes from here and only from here: never from a
 * form field, a query string or a path.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { hashToken, userActor, type AuditActor, type Repositories } from '../../db/index.js';
import type { MembershipRole } from '../../db/schema.js';
import { HttpError } from '../errors.js';
import { permissionsOfRole, type Permission } from './permissions.js';

export interface Principal {
  via: 'session' | 'token';
  workspaceId: number;
  /** null for an API token (tokens belong to a workspace, not a person). */
  userId: number | null;
  /** The member's role; a token counts as an owner only when it holds the admin scope. */
  role: MembershipRole;
  /** What this request may do: from the role for a session, the token's scopes for a token. */
  permissions: ReadonlySet<Permission>;
  /** The session's synchronizer token; null for API tokens, which are not sent ambiently. */
  csrfToken: string | null;
  sessionHash: string | null;
  tokenId: number | null;
  /** Passed to services: `user:<id>` or `token:<id>`. */
  actor: string;
  /** For the audit log, which knows users, the system and the CLI. */
  auditActor: AuditActor;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export function sessionCookieName(secure: boolean): string {
  // __Host- makes the browser refuse the cookie unless Secure, Path=/ and host-only.
  return secure ? '__Host-snoooz_session' : 'snoooz_session';
}

export async function resolvePrincipal(
  repos: Repositories,
  request: FastifyRequest,
  cookieName: string,
): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer ([A-Za-z0-9_\-.~+/=]{20,200})$/.exec(header.trim());
    if (!match?.[1]) return null;
    const token = await repos.auth.apiTokenByHash(hashToken(match[1]));
    if (!token) return null;
    return {
      via: 'token',
      workspaceId: token.workspaceId,
      userId: null,
      role: token.scopes.includes('admin') ? 'owner' : 'agent',
      permissions: new Set(token.scopes),
      csrfToken: null,
      sessionHash: null,
      tokenId: token.id,
      actor: `token:${token.id}`,
      auditActor: 'system',
    };
  }
  const cookie = request.cookies[cookieName];
  if (!cookie || cookie.length > 200) return null;
  const session = await repos.auth.sessionByIdHash(hashToken(cookie));
  if (!session) return null;
  // Membership is re-checked on every request so removing someone takes effect at once.
  const role = await repos.users.role(session.workspaceId, session.userId);
  if (!role) return null;
  return {
    via: 'session',
    workspaceId: session.workspaceId,
    userId: session.userId,
    role,
    permissions: permissionsOfRole(role),
    csrfToken: session.csrfToken,
    sessionHash: session.idHash,
    tokenId: null,
    actor: `user:${session.userId}`,
    auditActor: userActor(session.userId),
  };
}

export function requirePrincipal(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError(401, 'unauthenticated', 'Sign in first (or send a valid API token).');
  return request.principal;
}

export function requireOwner(request: FastifyRequest): Principal {
  const principal = requirePrincipal(request);
  if (!principal.permissions.has('admin')) throw new HttpError(403, 'forbidden', 'Only workspace owners can do that.');
  return principal;
}

export function isAdmin(principal: Principal): boolean {
  return principal.permissions.has('admin');
}

/** Audit detail that says which API token acted, when one did. */
export function auditVia(principal: Principal): Record<string, unknown> {
  return principal.tokenId === null ? {} : { apiTokenId: principal.tokenId };
}

export function clearSessionCookie(reply: FastifyReply, cookieName: string, secure: boolean): void {
  reply.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure });
}
