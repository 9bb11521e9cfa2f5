/** The message page and its draft actions (forms post here and come back with a notice). */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { discardDraft, editDraft, regenerateDraft, sendDraft } from '../../actions/drafts.js';
import { loadMessage } from '../../actions/messages.js';
import { requirePrincipal, type Principal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { notFound, toPublicError } from '../../errors.js';
import { idParams, multiline } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { DONE_NOTICES, messagePage } from '../../views/message.js';
import { loggableError } from '../../../shared/logger.js';

const viewQuery = z.strictObject({ done: z.string().max(40).optional() });
const draftForm = z.strictObject({
  subject: z.string().trim().min(1, 'the subject must not be empty').max(998),
  text: multiline(100_000).refine((v) => v.length > 0, 'the reply must not be empty'),
});
const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);

export function registerMessagePages(app: FastifyInstance, ctx: RouteContext): void {
  async function show(
    reply: FastifyReply,
    principal: Principal,
    id: number,
    notice: { kind: 'ok' | 'error'; text: string } | null,
    status = 200,
  ) {
    const [detail, user] = await Promise.all([loadMessage(ctx, principal.workspaceId, id), ctx.shell(principal)]);
    return sendHtml(reply, messagePage(user, detail, notice), status);
  }

  async function draftOf(principal: Principal, messageId: number) {
    await ctx.repos.messages.get(principal.workspaceId, messageId);
    const draft = await ctx.repos.drafts.byMessage(principal.workspaceId, messageId);
    if (!draft) throw notFound('Draft');
    return draft;
  }

  app.get('/messages/:id', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const done = parseInput(viewQuery, request.query, 'query').done;
    const text = done ? DONE_NOTICES[done] : undefined;
    return show(reply, principal, id, text ? { kind: 'ok', text } : null);
  });

  app.post('/messages/:id/draft', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const form = parseInput(draftForm, request.body, 'draft');
    const draft = await draftOf(principal, id);
    await editDraft(ctx, principal, draft.id, form);
    return seeOther(reply, `/messages/${id}?done=saved`);
  });

  app.post('/messages/:id/send', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    // "Approve & send" submits the editor, so what is on screen is what goes out.
    const body = request.body as Record<string, unknown> | undefined;
    const form = body && Object.keys(body).length > 0 ? parseInput(draftForm, body, 'draft') : null;
    const draft = await draftOf(principal, id);
    try {
      if (form && (form.text !== draft.text || form.subject !== draft.subject)) {
        await editDraft(ctx, principal, draft.id, form);
      }
      await sendDraft(ctx, principal, draft.id);
    } catch (error) {
      const known = toPublicError(error);
      if (!known) request.log.error(loggableError(error), 'sending a draft failed');
      const text = `The reply was not sent: ${known?.message ?? 'the mail server could not be reached. Try again.'}`;
      return show(reply, principal, id, { kind: 'error', text }, known?.status ?? 502);
    }
    return seeOther(reply, `/messages/${id}?done=sent`);
  });

  app.post('/messages/:id/regenerate', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    await regenerateDraft(ctx, principal, id);
    return seeOther(reply, `/messages/${id}?done=regenerating`);
  });

  app.post('/messages/:id/discard', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    const draft = await draftOf(principal, id);
    await discardDraft(ctx, principal, draft.id);
    return seeOther(reply, `/messages/${id}?done=discarded`);
  });
}
