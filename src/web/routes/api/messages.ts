/**
 * JSON API for messages and drafts: list, read (with draft, store context and the conversation:
 * assignee, notes, history), edit, send, regenerate; assign a conversation, add an internal note.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePrincipal } from '../../auth/principal.js';
import type { RouteContext } from '../../context.js';
import { discardDraft, editDraft, regenerateDraft, sendDraft } from '../../actions/drafts.js';
import { loadMessage } from '../../actions/messages.js';
import { addConversationNote, assignConversation } from '../../actions/conversations.js';
import { MAX_NOTE_LENGTH } from '../../../db/index.js';
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

const noteBody = z.strictObject({
  body: z
    .string()
    .max(MAX_NOTE_LENGTH)
    .refine((v) => v.trim().length > 0, 'must not be empty'),
});
/** A member's user id, or null to unassign. */
const assigneeBody = z.strictObject({ userId: z.number().int().positive().max(2_147_483_647).nullable() });

export function registerMessagesApi(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/messages', async (request) => {
    const principal = requirePrincipal(request);
    const query = parseInput(listQuery, request.query, 'query');
    const messages = await ctx.repos.messages.list(principal.workspaceId, {
      ...(query.state ? { state: query.state as never } : {}),
      ...(query.inboxId ? { inboxId: query.inboxId } : {}),
      limit: query.limit ?? 50,
    });
    const assignees = await ctx.repos.conversations.assigneesOf(
      principal.workspaceId,
      messages.map((m) => m.id),
    );
    return { messages: messages.map((m) => ({ ...m, assignee: assignees.get(m.id) ?? null })) };
  });

  app.get('/api/messages/:id', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    return loadMessage(ctx, principal.workspaceId, id);
  });

  app.post('/api/messages/:id/notes', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const body = parseInput(noteBody, request.body, 'body');
    return reply.code(201).send({ note: await addConversationNote(ctx, principal, id, body.body) });
  });

  app.put('/api/messages/:id/assignee', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const body = parseInput(assigneeBody, request.body, 'body');
    await assignConversation(ctx, principal, id, body.userId);
    const assignee = await ctx.repos.conversations.assignee(
      await ctx.repos.conversations.ofMessage(principal.workspaceId, id),
    );
    return { assignee: assignee && { userId: assignee.userId, name: assignee.name, assignedAt: assignee.assignedAt } };
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
