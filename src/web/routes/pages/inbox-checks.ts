/**
 * "Send a test message" on the Inboxes page: an owner starts a check for an inbox; the card then
 * waits for the next message that arrives by forwarding (or IMAP). The page script polls the
 * card's check panel (`GET /inboxes/:id/check`, the same HTML the page renders) rather than
 * listening to the in-process event stream, because the message may be stored by another process
 * (a `web` process takes SMTP, a `worker` reads IMAP), and the database sees both.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { startForwardingCheck, summarize } from '../../actions/inboxes.js';
import { requirePrincipal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { HttpError } from '../../errors.js';
import { idParams } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { checkPanel } from '../../views/inbox-forwarding.js';
import { zoneOf } from '../../views/layout.js';

const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);
const emptyQuery = z.strictObject({});

export function registerInboxCheckPages(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/inboxes/:id/check', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    await startForwardingCheck(ctx, principal, id);
    return seeOther(reply, `/inboxes?done=check#check-${id}`);
  });

  app.get('/inboxes/:id/check', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyQuery, request.query, 'query');
    const [inbox, user] = await Promise.all([ctx.repos.inboxes.get(principal.workspaceId, id), ctx.shell(principal)]);
    const summary = await summarize(ctx, principal.workspaceId, inbox);
    if (!summary.forwardingAddress) throw new HttpError(404, 'not_found', 'This inbox has no forwarding address.');
    const csrf = user?.isOwner ? (user.csrfToken ?? '') : null;
    reply.header('cache-control', 'no-store');
    return sendHtml(
      reply,
      String(checkPanel({ ...summary, forwardingAddress: summary.forwardingAddress }, csrf, zoneOf(user))),
    );
  });
}
