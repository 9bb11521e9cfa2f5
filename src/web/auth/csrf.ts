/**
 * CSRF: a synchronizer token per session, required on every state-changing request made with
 * the session cookie. Forms carry it as `_csrf`; fetch calls as the `X-CSRF-Token` header.
 * Bearer-token requests are exempt: a browser never attaches that header by itself.
 */
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../errors.js';
import { ruleFor } from './route-rules.js';
import { safeEqual } from './tokens.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function checkCsrf(request: FastifyRequest): void {
  if (SAFE_METHODS.has(request.method)) return;
  // Public routes carry their own proof (the login form its double-submit token, a one-time
  // link its secret) and act for no session, so a signed-in visitor's token is not asked for.
  const rule = request.routeOptions.url === undefined ? undefined : ruleFor(request.method, request.routeOptions.url);
  if (rule && 'public' in rule) return;
  const principal = request.principal;
  if (!principal || principal.via !== 'session' || !principal.csrfToken) return;
  const sent = submittedToken(request);
  if (!sent || !safeEqual(sent, principal.csrfToken)) {
    throw new HttpError(403, 'csrf', 'The form expired or came from another site: reload the page and try again.');
  }
}

/** Reads and removes `_csrf` from a form body, so strict body schemas never see it. */
export function submittedToken(request: FastifyRequest): string | null {
  let fromBody: string | null = null;
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && !Buffer.isBuffer(body)) {
    const record = body as Record<string, unknown>;
    if (typeof record._csrf === 'string') fromBody = record._csrf;
    delete record._csrf;
  }
  const header = request.headers['x-csrf-token'];
  return typeof header === 'string' && header.length > 0 ? header : fromBody;
}
