/** The Inboxes page: list, add (password stored encrypted), test the mail servers, delete. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isDbError } from '../../../db/index.js';
import {
  defaultStoreFor,
  inboxSummaries,
  rotateForwardingAddress,
  setInboxStore,
  setLegacyForwarding,
} from '../../actions/inboxes.js';
import { auditVia, requirePrincipal, type Principal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { HttpError } from '../../errors.js';
import { checkbox, idParams, idString } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { inboxesPage, type InboxesView } from '../../views/inboxes.js';

const port = z
  .string()
  .regex(/^\d{1,5}$/, 'must be a port number')
  .transform(Number)
  .refine((n) => n >= 1 && n <= 65_535, 'must be a port number');
const addForm = z.strictObject({
  name: z.string().trim().min(1, 'enter a name').max(200),
  address: z.string().trim().min(3, 'enter the address').max(320),
  imapHost: z.string().trim().max(253).default(''),
  imapPort: z.union([port, z.literal('')]).default(''),
  imapTls: checkbox,
  imapUser: z.string().trim().max(320).default(''),
  smtpHost: z.string().trim().max(253).default(''),
  smtpPort: z.union([port, z.literal('')]).default(''),
  smtpTls: checkbox,
  smtpUser: z.string().trim().max(320).default(''),
  password: z.string().max(1_000).default(''),
  appendDrafts: checkbox,
  /** "all" (look up in every connected store) or a store's integration id; absent: the default. */
  store: z.union([z.literal('all'), idString]).optional(),
});
const storeForm = z.strictObject({ store: z.union([z.literal('all'), idString]) });
const forwardingForm = z.strictObject({ legacy: z.enum(['on', 'off']) });
const pageQuery = z.strictObject({
  done: z.enum(['added', 'deleted', 'store', 'legacy-on', 'legacy-off', 'rotated']).optional(),
});
const DONE_TEXT = {
  added: 'Inbox added.',
  deleted: 'Inbox deleted.',
  store: 'Store saved.',
  'legacy-on': 'The old forwarding address is accepted again.',
  'legacy-off': 'The old forwarding address is no longer accepted.',
  rotated: 'New forwarding address created; the previous one no longer works. Update your forwarding rule.',
} as const;
const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);

function server(
  host: string,
  portValue: number | '',
  secure: boolean,
  user: string,
  address: string,
  fallbackPort: number,
) {
  return host ? { host, port: portValue === '' ? fallbackPort : portValue, secure, user: user || address } : null;
}

export function registerInboxesPages(app: FastifyInstance, ctx: RouteContext): void {
  async function render(reply: FastifyReply, principal: Principal, extra: Partial<InboxesView>, status = 200) {
    const [inboxes, integrations, user] = await Promise.all([
      inboxSummaries(ctx, principal.workspaceId),
      ctx.repos.integrations.list(principal.workspaceId),
      ctx.shell(principal),
    ]);
    const stores = integrations
      .filter((i) => i.kind === 'bigcommerce')
      .map(({ id, storeName, storeHash, status }) => ({ id, storeName, storeHash, status }));
    const view: InboxesView = { inboxes, stores, showForm: false, test: null, notice: null, ...extra };
    return sendHtml(reply, inboxesPage(user, view), status);
  }

  app.get('/inboxes', async (request, reply) => {
    const principal = requirePrincipal(request);
    const done = parseInput(pageQuery, request.query, 'query').done;
    const notice = done ? { kind: 'ok' as const, text: DONE_TEXT[done] } : null;
    return render(reply, principal, { notice, showForm: false });
  });

  app.get('/inboxes/new', async (request, reply) => render(reply, requirePrincipal(request), { showForm: true }));

  app.post('/inboxes', async (request, reply) => {
    const principal = requirePrincipal(request);
    try {
      const form = parseInput(addForm, request.body, 'inbox');
      const storeIntegrationId =
        form.store === undefined
          ? await defaultStoreFor(ctx, principal.workspaceId)
          : form.store === 'all'
            ? null
            : form.store;
      const inbox = await ctx.repos.transaction(async (tx) => {
        const created = await tx.inboxes.create(principal.workspaceId, {
          storeIntegrationId,
          name: form.name,
          address: form.address,
          imap: server(form.imapHost, form.imapPort, form.imapTls, form.imapUser, form.address, 993),
          smtp: server(form.smtpHost, form.smtpPort, form.smtpTls, form.smtpUser, form.address, 465),
          password: form.password === '' ? null : form.password,
        });
        await tx.audit.append(principal.workspaceId, {
          actor: principal.auditActor,
          action: 'inbox.created',
          target: `inbox:${created.id}`,
          detail: { address: created.address, ...auditVia(principal) },
        });
        return created;
      });
      await ctx.prefs.setInbox(principal.workspaceId, inbox.id, { appendDraftsToFolder: form.appendDrafts });
      return seeOther(reply, '/inboxes?done=added');
    } catch (error) {
      const known =
        error instanceof HttpError
          ? error.status === 400
          : isDbError(error, 'invalid_input') || isDbError(error, 'conflict');
      if (!known) throw error;
      return render(reply, principal, {
        showForm: true,
        notice: { kind: 'error', text: `Not added: ${(error as Error).message}` },
      });
    }
  });

  // Another workspace's store id is refused by the repository (not_found → 404), like any other id.
  app.post('/inboxes/:id/store', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const { store } = parseInput(storeForm, request.body, 'form');
    await setInboxStore(ctx, principal, id, store);
    return seeOther(reply, '/inboxes?done=store');
  });

  // Whether the old, guessable `inbox-<id>@` address still delivers to this inbox.
  app.post('/inboxes/:id/forwarding', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const { legacy } = parseInput(forwardingForm, request.body, 'form');
    await setLegacyForwarding(ctx, principal, id, legacy === 'on');
    return seeOther(reply, `/inboxes?done=legacy-${legacy}`);
  });

  app.post('/inboxes/:id/forwarding/rotate', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    await rotateForwardingAddress(ctx, principal, id);
    return seeOther(reply, '/inboxes?done=rotated');
  });

  app.post('/inboxes/:id/test', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    const inbox = await ctx.repos.inboxes.getWithSecret(principal.workspaceId, id);
    const result = await ctx.services.testMailbox({
      ...(inbox.imap ? { imap: inbox.imap } : {}),
      ...(inbox.smtp ? { smtp: inbox.smtp } : {}),
      ...(inbox.password ? { password: inbox.password } : {}),
    });
    return render(reply, principal, { test: { inboxId: id, imap: result.imap, smtp: result.smtp } });
  });

  app.post('/inboxes/:id/delete', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    await ctx.repos.transaction(async (tx) => {
      const inbox = await tx.inboxes.get(principal.workspaceId, id);
      await tx.inboxes.remove(principal.workspaceId, id);
      await tx.audit.append(principal.workspaceId, {
        actor: principal.auditActor,
        action: 'inbox.deleted',
        target: `inbox:${id}`,
        detail: { address: inbox.address, ...auditVia(principal) },
      });
    });
    return seeOther(reply, '/inboxes?done=deleted');
  });
}
