/** JSON API for messages and drafts: list, read (with draft and store context), edit, send, regenerate. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePrincipal } from '../../auth/principal.js';
import type { RouteContext } from '../../context.js';
import { discardDraft, editDraft, regenerateDraft, sendDraft } from '../../actions/drafts.js';
import { loadMessage } from '../../actions/messages.js';
import { idParams, idString, messageStateSchema } from '../../schemas.js';
import { parseInput } from '../../validation.js';

const listQuery = z.strictObject({
  state: messageStateSchema.optional(),
  inboxId: idString.optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a number from 1 to 200')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 200, 'must be a number from 1 to 200')
    .optional(),
});

const draftPatch = z
  .strictObject({
    text: z.string().min(1, 'must not be empty').max(100_000).optional(),
    subject: z.string().min(1).max(998).optional(),
    status: z.literal('discarded').optional(),
  })
  .refine((p) => p.text !== undefined || p.subject !== undefined || p.status !== undefined, 'nothing to change');

const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);

export function registerMessagesApi(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/messages', async (request) => {
    const principal = requirePrincipal(request);
    const query = parseInput(listQuery, request.query, 'query');
    const messages = await ctx.repos.messages.list(principal.workspaceId, {
      ...(query.state ? { state: query.state as never } : {}),
      ...(query.inboxId ? { inboxId: query.inboxId } : {}),
      limit: query.limit ?? 50,
    });
    return { messages };
  });

  app.get('/api/messages/:id', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    return loadMessage(ctx, principal.workspaceId, id);
  });

  app.post('/api/messages/:id/regenerate', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(noBody, request.body, 'body');
    await regenerateDraft(ctx, principal, id);
    return reply.code(202).send({ ok: true, messageId: id });
  });

  app.patch('/api/drafts/:id', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const patch = parseInput(draftPatch, request.body, 'draft');
    let draft =
      patch.text !== undefined || patch.subject !== undefined
        ? await editDraft(ctx, principal, id, {
            text: patch.text ?? (await ctx.repos.drafts.get(principal.workspaceId, id)).text,
            subject: patch.subject,
          })
        : await ctx.repos.drafts.get(principal.workspaceId, id);
    if (patch.status === 'discarded') draft = await discardDraft(ctx, principal, id);
    return { draft };
  });

  app.post('/api/drafts/:id/send', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(noBody, request.body, 'body');
    return { draft: await sendDraft(ctx, principal, id) };
  });
}
