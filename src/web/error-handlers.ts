/**
 * Every failure becomes a one-line answer: JSON `{ error: { code, message } }` under /api, an
 * HTML page elsewhere, a redirect to the login page for a signed-out page request. Unexpected
 * errors are logged (without request bodies, which can hold secrets) and shown as a plain 500.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendHtml, wantsJson, type RouteContext } from './context.js';
import { toPublicError } from './errors.js';
import { errorPage } from './views/errors.js';
import { loggableError } from '../shared/logger.js';

export function registerErrorHandlers(app: FastifyInstance, ctx: RouteContext): void {
  app.setErrorHandler(async (error, request, reply) => {
    const known = toPublicError(error);
    if (!known) {
      request.log.error(loggableError(error), 'request failed');
      return respond(ctx, request, reply, 500, 'internal_error', 'Something went wrong on our side. Try again.');
    }
    if (known.status >= 500) request.log.warn({ code: known.code }, known.message);
    return respond(ctx, request, reply, known.status, known.code, known.message);
  });

  app.setNotFoundHandler(async (request, reply) => respond(ctx, request, reply, 404, 'not_found', 'Not found.'));
}

async function respond(
  ctx: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
): Promise<FastifyReply> {
  if (wantsJson(request)) return reply.code(status).send({ error: { code, message } });
  if (status === 401 && request.method === 'GET') {
    const next = request.url.startsWith('/') && !request.url.startsWith('//') ? request.url : '/';
    return reply
      .code(303)
      .header('location', `/login?next=${encodeURIComponent(next)}`)
      .send();
  }
  let user = null;
  try {
    user = request.principal ? await ctx.shell(request.principal) : null;
  } catch {
    user = null;
  }
  return sendHtml(reply, errorPage(status, message, user), status);
}
