/**
 * Sign in, sign out, switch workspace. The session cookie holds only a random id; the database
 * holds its SHA-256 hash and the session's CSRF token. The login form itself is protected by a
 * double-submit cookie, since there is no session yet to hold a token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hashToken } from '../../db/index.js';
import type { LoginLimiter } from '../auth/login-limiter.js';
import { verifyAgainstDummy, verifyPassword } from '../auth/password.js';
import { SESSION_TTL_MS, clearSessionCookie, requirePrincipal } from '../auth/principal.js';
import { randomToken, safeEqual } from '../auth/tokens.js';
import { seeOther, sendHtml, type RouteContext } from '../context.js';
import { HttpError, notFound } from '../errors.js';
import { idString } from '../schemas.js';
import { parseInput } from '../validation.js';
import { loginPage } from '../views/login.js';

const LOGIN_CSRF_COOKIE = 'snoooz_login_csrf';

const loginBody = z.strictObject({
  email: z.string().max(320),
  password: z.string().max(1_000),
  _csrf: z.string().max(200).optional(),
  next: z.string().max(2_000).optional(),
});
const loginQuery = z.strictObject({
  next: z.string().max(2_000).optional(),
  joined: z.literal('1').optional(),
  reset: z.literal('1').optional(),
});
const NOTICES = {
  joined: 'You joined the workspace. Sign in to start.',
  reset: 'Password changed, and every session signed out. Sign in with the new password.',
};
const switchBody = z.strictObject({ workspaceId: idString });

/** Only same-site paths, so the login page cannot be used as an open redirect. */
function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}

export function registerAuthRoutes(app: FastifyInstance, ctx: RouteContext, limiter: LoginLimiter): void {
  const secure = ctx.options.secureCookies;

  function loginForm(
    reply: FastifyReply,
    status: number,
    view: { next: string; email?: string; error?: string; notice?: string | null },
  ) {
    const csrfToken = randomToken();
    reply.setCookie(LOGIN_CSRF_COOKIE, csrfToken, { path: '/login', httpOnly: true, sameSite: 'strict', secure });
    return sendHtml(reply, loginPage({ ...view, csrfToken, demo: ctx.options.demo ?? null }), status);
  }

  async function startSession(reply: FastifyReply, userId: number, workspaceId: number): Promise<void> {
    const id = randomToken();
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await ctx.repos.auth.createSession(workspaceId, {
      idHash: hashToken(id),
      userId,
      csrfToken: randomToken(),
      expiresAt,
    });
    reply.setCookie(ctx.cookieName, id, { path: '/', httpOnly: true, sameSite: 'lax', secure, expires: expiresAt });
  }

  app.get('/login', async (request, reply) => {
    const query = parseInput(loginQuery, request.query, 'query');
    if (request.principal?.via === 'session') return seeOther(reply, safeNext(query.next));
    const notice = query.joined ? NOTICES.joined : query.reset ? NOTICES.reset : null;
    return loginForm(reply, 200, { next: safeNext(query.next), notice });
  });

  app.post('/login', async (request: FastifyRequest, reply) => {
    const body = parseInput(loginBody, request.body, 'login form');
    const next = safeNext(body.next);
    const cookieToken = request.cookies[LOGIN_CSRF_COOKIE];
    if (!body._csrf || !cookieToken || !safeEqual(body._csrf, cookieToken)) {
      return loginForm(reply, 403, { next, email: body.email, error: 'The form expired. Please sign in again.' });
    }
    const email = body.email.trim().toLowerCase();
    // request.ip is the client's address (behind a trusted proxy too: see auth/trusted-proxies.ts).
    const waitMs = await limiter.retryAfterMs(email, request.ip);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      const wait = seconds < 90 ? `${seconds} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
      reply.header('retry-after', String(seconds));
      return loginForm(reply, 429, {
        next,
        email: body.email,
        error: `Too many failed sign-in attempts. Wait ${wait} and try again.`,
      });
    }
    const credentials = await ctx.repos.users.credentialsByEmail(email);
    const ok = credentials?.passwordHash
      ? await verifyPassword(credentials.passwordHash, body.password)
      : await verifyAgainstDummy(body.password);
    if (!ok || !credentials) {
      await limiter.fail(email, request.ip);
      request.log.info({ event: 'login_failed' }, 'login failed');
      return loginForm(reply, 401, { next, email: body.email, error: 'The email or password is not right.' });
    }
    await limiter.succeed(email, request.ip);
    const memberships = await ctx.repos.users.workspacesOf(credentials.user.id);
    const first = memberships[0];
    if (!first) {
      return loginForm(reply, 403, { next, email: body.email, error: 'Your account is not in any workspace yet.' });
    }
    await ctx.repos.auth.deleteExpiredSessions();
    await startSession(reply, credentials.user.id, first.workspace.id);
    reply.clearCookie(LOGIN_CSRF_COOKIE, { path: '/login' });
    return seeOther(reply, next);
  });

  app.post('/logout', async (request, reply) => {
    const principal = requirePrincipal(request);
    if (principal.sessionHash) await ctx.repos.auth.deleteSession(principal.sessionHash);
    clearSessionCookie(reply, ctx.cookieName, secure);
    return seeOther(reply, '/login');
  });

  app.post('/workspace', async (request, reply) => {
    const principal = requirePrincipal(request);
    if (principal.via !== 'session' || principal.userId === null || !principal.sessionHash) {
      throw new HttpError(400, 'invalid_input', 'API tokens belong to one workspace.');
    }
    const body = parseInput(switchBody, request.body, 'workspace');
    // The one place a workspace id comes from a form: it must be one the user belongs to.
    const role = await ctx.repos.users.role(body.workspaceId, principal.userId);
    if (!role) throw notFound('Workspace');
    await startSession(reply, principal.userId, body.workspaceId);
    await ctx.repos.auth.deleteSession(principal.sessionHash);
    return seeOther(reply, '/');
  });
}
