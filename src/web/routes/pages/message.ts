/**
 * The message page and its draft actions. Every form posts here and is answered with a redirect
 * to the page with a notice (`?done=…`), so a refresh never repeats an action; the notice takes
 * focus. Autosave posts the same draft form with `Accept: application/json` and gets JSON back.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  approveAndSend,
  discardDraft,
  editDraft,
  hasEdits,
  markDone,
  regenerateDraft,
  reopenMessage,
  restoreVersion,
  undoApproval,
} from '../../actions/drafts.js';
import { linkCustomer, unlinkCustomer } from '../../actions/customer-links.js';
import { workspaceTimeZone } from '../../actions/settings.js';
import { loadMessage, type MessageDetail } from '../../actions/messages.js';
import { asContext } from '../../views/context.js';
import { customerLinkSection, type CustomerLinkState } from '../../views/customer-link.js';
import {
  CUSTOMER_SEARCH_KINDS,
  customerSearchQuery,
  type CustomerSearchKind,
} from '../../../shared/customer-search.js';
import { addConversationNote, assignConversation } from '../../actions/conversations.js';
import { requirePrincipal, type Principal } from '../../auth/principal.js';
import { seeOther, sendHtml, wantsJson, type RouteContext } from '../../context.js';
import { notFound, toPublicError } from '../../errors.js';
import { idParams, idString, multiline } from '../../schemas.js';
import { MAX_NOTE_LENGTH } from '../../../db/index.js';
import { parseInput } from '../../validation.js';
import { DONE_NOTICES, messagePage, regenerateConfirmPage } from '../../views/message.js';
import { loggableError } from '../../../shared/logger.js';

const versionParams = z.strictObject({ id: idString, versionId: idString });
const viewQuery = z.strictObject({
  done: z.string().max(40).optional(),
  // The Customer card's store search (validated in full by customerSearchQuery when it runs).
  by: z.enum(CUSTOMER_SEARCH_KINDS).optional(),
  q: z.string().max(300).optional(),
});
const linkForm = z.strictObject({
  by: z.enum(CUSTOMER_SEARCH_KINDS),
  q: z.string().max(300),
  customer_id: idString,
});
const draftForm = z.strictObject({
  subject: z.string().trim().min(1, 'the subject must not be empty').max(998),
  text: multiline(100_000).refine((v) => v.length > 0, 'the reply must not be empty'),
});
const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);
const regenerateForm = z.union([z.undefined(), z.null(), z.strictObject({ confirm: z.literal('yes').optional() })]);
/** The assign control: a member's id or `none` from the list, or the "Assign to me" button. */
const assignForm = z.strictObject({
  assignee: z.union([z.literal('none'), idString]).optional(),
  to_me: z.literal('1').optional(),
});
const noteForm = z.strictObject({
  body: multiline(MAX_NOTE_LENGTH).refine((v) => v.trim().length > 0, 'the note must not be empty'),
});

export function registerMessagePages(app: FastifyInstance, ctx: RouteContext): void {
  async function show(
    reply: FastifyReply,
    principal: Principal,
    id: number,
    notice: { kind: 'ok' | 'error'; text: string } | null,
    status = 200,
    search?: { by: CustomerSearchKind; q: string },
  ) {
    const [detail, user, members] = await Promise.all([
      loadMessage(ctx, principal.workspaceId, id),
      ctx.shell(principal),
      ctx.repos.users.listMembers(principal.workspaceId),
    ]);
    const team = {
      viewerId: principal.userId,
      members: members.map((m) => ({ userId: m.user.id, name: m.user.name || m.user.email })),
    };
    const card = await customerCard(principal, detail, user?.csrfToken ?? '', search);
    return sendHtml(reply, messagePage(user, detail, notice, team, card), status);
  }

  /** The Customer card: the conversation's link, who the draft's data is for, and the store search. */
  async function customerCard(
    principal: Principal,
    detail: MessageDetail,
    csrf: string,
    search: { by: CustomerSearchKind; q: string } | undefined,
  ) {
    const { message } = detail;
    const [link, timeZone] = await Promise.all([
      ctx.repos.customerLinks.get(principal.workspaceId, { inboxId: message.inboxId, threadKey: message.threadKey }),
      workspaceTimeZone(ctx.repos, principal.workspaceId),
    ]);
    const customer = asContext(detail.draft?.context)?.customer ?? null;
    const matched = customer
      ? { id: customer.id, name: `${customer.firstName} ${customer.lastName}`.trim(), email: customer.email }
      : null;
    let found: CustomerLinkState['search'] = null;
    if (search) {
      const query = customerSearchQuery.safeParse(search);
      if (!query.success) {
        found = { ...search, result: null, error: query.error.issues[0]?.message ?? 'invalid search' };
      } else {
        try {
          const { result } = await ctx.services.searchCustomers(principal.workspaceId, message.id, query.data);
          found = { ...search, result, error: null };
        } catch (error) {
          const known = toPublicError(error);
          if (!known) throw error;
          found = { ...search, result: null, error: known.message };
        }
      }
    }
    return customerLinkSection({ messageId: message.id, csrf, link, matched, search: found, timeZone });
  }

  async function draftOf(principal: Principal, messageId: number) {
    await ctx.repos.messages.get(principal.workspaceId, messageId);
    const draft = await ctx.repos.drafts.byMessage(principal.workspaceId, messageId);
    if (!draft) throw notFound('Draft');
    return draft;
  }

  /** Runs a page action; a refusal the person can act on comes back as the page with the reason. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    principal: Principal,
    id: number,
    what: string,
    action: () => Promise<string>,
  ) {
    try {
      return seeOther(reply, `/messages/${id}?done=${await action()}`);
    } catch (error) {
      const known = toPublicError(error);
      if (!known) request.log.error(loggableError(error), `${what} failed`);
      const text = `${what}: ${known?.message ?? 'something went wrong on our side. Try again.'}`;
      if (known && known.status < 500 && known.status !== 404 && known.status !== 403) {
        return show(reply, principal, id, { kind: 'error', text }, known.status);
      }
      throw error;
    }
  }

  app.get('/messages/:id', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const { done, by, q } = parseInput(viewQuery, request.query, 'query');
    const text = done ? DONE_NOTICES[done] : undefined;
    // Another workspace's id updates nothing here and is a 404 when the page loads it.
    await ctx.repos.queue.markSeen(principal.workspaceId, id);
    return show(
      reply,
      principal,
      id,
      text ? { kind: 'ok', text } : null,
      200,
      by && q !== undefined ? { by, q } : undefined,
    );
  });

  app.post('/messages/:id/link-customer', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const form = parseInput(linkForm, request.body, 'form');
    const query = parseInput(customerSearchQuery, { by: form.by, q: form.q }, 'form');
    return act(request, reply, principal, id, 'Not linked', async () => {
      await linkCustomer(ctx, principal, id, query, form.customer_id);
      return 'linked';
    });
  });

  app.post('/messages/:id/unlink-customer', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    return act(request, reply, principal, id, 'Not unlinked', async () =>
      (await unlinkCustomer(ctx, principal, id)) ? 'unlinked' : 'unchanged',
    );
  });

  app.post('/messages/:id/draft', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const form = parseInput(draftForm, request.body, 'draft');
    const draft = await draftOf(principal, id);
    if (wantsJson(request)) {
      // Autosave: a conflict (sent or approved meanwhile) is answered as such, the page says so.
      const saved = await editDraft(ctx, principal, draft.id, form);
      return reply.send({ saved: true, updatedAt: saved.updatedAt });
    }
    return act(request, reply, principal, id, 'Not saved', async () => {
      await editDraft(ctx, principal, draft.id, form);
      return 'saved';
    });
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
      const result = await approveAndSend(ctx, principal, draft.id);
      return seeOther(reply, `/messages/${id}?done=${result.status === 'sent' ? 'sent' : 'scheduled'}`);
    } catch (error) {
      const known = toPublicError(error);
      if (!known) request.log.error(loggableError(error), 'sending a draft failed');
      const text = `The reply was not sent: ${known?.message ?? 'the mail server could not be reached. Try again.'}`;
      return show(reply, principal, id, { kind: 'error', text }, known?.status ?? 502);
    }
  });

  app.post('/messages/:id/undo', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    const draft = await draftOf(principal, id);
    return act(request, reply, principal, id, 'Not undone', async () => {
      await undoApproval(ctx, principal, draft.id);
      return 'undone';
    });
  });

  app.post('/messages/:id/regenerate', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const form = parseInput(regenerateForm, request.body, 'form');
    const draft = await ctx.repos.drafts.byMessage(principal.workspaceId, id);
    // Replacing a person's edits is asked about first (the script asks in a dialog and adds
    // confirm=yes; without the script this page asks). The edit stays in the version history.
    if (draft && form?.confirm !== 'yes' && (await hasEdits(ctx, principal, draft.id))) {
      const [detail, user] = await Promise.all([loadMessage(ctx, principal.workspaceId, id), ctx.shell(principal)]);
      return sendHtml(reply, regenerateConfirmPage(user, detail));
    }
    return act(request, reply, principal, id, 'Not regenerated', async () => {
      await regenerateDraft(ctx, principal, id);
      return 'regenerated';
    });
  });

  app.post('/messages/:id/versions/:versionId/restore', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id, versionId } = parseInput(versionParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    const draft = await draftOf(principal, id);
    return act(request, reply, principal, id, 'Not restored', async () => {
      await restoreVersion(ctx, principal, draft.id, versionId);
      return 'restored';
    });
  });

  app.post('/messages/:id/discard', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    const draft = await draftOf(principal, id);
    return act(request, reply, principal, id, 'Not discarded', async () => {
      await discardDraft(ctx, principal, draft.id);
      return 'discarded';
    });
  });

  app.post('/messages/:id/done', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    await ctx.repos.messages.get(principal.workspaceId, id);
    return act(request, reply, principal, id, 'Not marked done', async () => {
      await markDone(ctx, principal, [id]);
      return 'done';
    });
  });

  app.post('/messages/:id/reopen', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    return act(request, reply, principal, id, 'Not reopened', async () => {
      await reopenMessage(ctx, principal, id);
      return 'reopened';
    });
  });

  app.post('/messages/:id/assign', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const form = parseInput(assignForm, request.body, 'form');
    return act(request, reply, principal, id, 'Not assigned', async () => {
      const target = form.to_me ? 'me' : form.assignee === undefined || form.assignee === 'none' ? null : form.assignee;
      await assignConversation(ctx, principal, id, target);
      return 'assigned';
    });
  });

  app.post('/messages/:id/notes', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const form = parseInput(noteForm, request.body, 'note');
    return act(request, reply, principal, id, 'Note not added', async () => {
      await addConversationNote(ctx, principal, id, form.body);
      return 'noted';
    });
  });

  /** Needs attention → Retry: drafting again when processing failed, sending again when the send did. */
  app.post('/messages/:id/retry', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    const message = await ctx.repos.messages.get(principal.workspaceId, id);
    const draft = await ctx.repos.drafts.byMessage(principal.workspaceId, id);
    return act(request, reply, principal, id, 'Not retried', async () => {
      if (draft?.status === 'failed') {
        const result = await approveAndSend(ctx, principal, draft.id);
        return result.status === 'sent' ? 'sent' : 'scheduled';
      }
      if (message.state !== 'failed' && draft) return 'unchanged';
      await regenerateDraft(ctx, principal, id);
      return 'regenerated';
    });
  });
}
