/** The home page (inbox) and the list fragment the script swaps in on live updates. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { MessageState } from '../../../db/schema.js';
import { workspaceTimeZone } from '../../actions/settings.js';
import { requirePrincipal } from '../../auth/principal.js';
import { sendHtml, type RouteContext } from '../../context.js';
import { messageStateSchema } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { inboxPage, messageList } from '../../views/inbox.js';

const query = z.strictObject({ state: z.union([messageStateSchema, z.literal('')]).optional() });

export function registerInboxPages(app: FastifyInstance, ctx: RouteContext): void {
  async function load(workspaceId: number, state: string) {
    // "In progress" covers both states a message passes through before it has a result.
    const states: MessageState[] | undefined =
      state === 'processing' ? ['received', 'processing'] : state ? [state as MessageState] : undefined;
    return ctx.repos.messages.list(workspaceId, { ...(states ? { state: states } : {}), limit: 100 });
  }

  app.get('/', async (request, reply) => {
    const principal = requirePrincipal(request);
    const state = parseInput(query, request.query, 'query').state ?? '';
    const [messages, user] = await Promise.all([load(principal.workspaceId, state), ctx.shell(principal)]);
    return sendHtml(reply, inboxPage(user, messages, state));
  });

  app.get('/inbox/list', async (request, reply) => {
    const principal = requirePrincipal(request);
    const state = parseInput(query, request.query, 'query').state ?? '';
    const [messages, timeZone] = await Promise.all([
      load(principal.workspaceId, state),
      workspaceTimeZone(ctx.repos, principal.workspaceId),
    ]);
    return sendHtml(reply, messageList(messages, state, timeZone).toString());
  });
}
