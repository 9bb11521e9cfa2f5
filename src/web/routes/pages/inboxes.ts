/**
 * The Inboxes page: list, add (the mail servers tested first; password stored encrypted), set an
 * inbox's SMTP (tested first too), test the mail servers, delete.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isDbError, type MailServerSettings } from '../../../db/index.js';
import {
  defaultStoreFor,
  inboxSummaries,
  rotateForwardingAddress,
  setInboxStore,
  setLegacyForwarding,
  summarize,
} from '../../actions/inboxes.js';
import { auditVia, requirePrincipal, type Principal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { HttpError } from '../../errors.js';
import { checkbox, idParams, idString } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import {
  inboxesPage,
  smtpPage,
  type InboxFormState,
  type InboxFormValues,
  type InboxesView,
  type ServerFieldValues,
} from '../../views/inboxes.js';

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
const smtpForm = addForm.pick({ smtpHost: true, smtpPort: true, smtpTls: true, smtpUser: true, password: true });
const storeForm = z.strictObject({ store: z.union([z.literal('all'), idString]) });
const forwardingForm = z.strictObject({ legacy: z.enum(['on', 'off']) });
const pageQuery = z.strictObject({
  done: z
    .enum([
      'added',
      'deleted',
      'store',
      'legacy-on',
      'legacy-off',
      'rotated',
      'smtp-saved',
      'smtp-removed',
      'connected',
      'reconnected',
      'switched',
      'check',
    ])
    .optional(),
});
const DONE_TEXT = {
  added: 'Inbox added.',
  deleted: 'Inbox deleted.',
  store: 'Store saved.',
  'legacy-on': 'The old forwarding address is accepted again.',
  'legacy-off': 'The old forwarding address is no longer accepted.',
  rotated: 'New forwarding address created; the previous one no longer works. Update your forwarding rule.',
  'smtp-saved': 'SMTP saved: the login worked, and replies go out through it.',
  'smtp-removed': 'SMTP removed: this inbox no longer sends replies.',
  connected:
    'Mailbox connected: signing in, reading (IMAP) and sending (SMTP) all worked. New mail is drafted from now on.',
  reconnected:
    'Reconnected: the inbox reads mail again from where it stopped, and replies that waited are on their way.',
  switched: 'The inbox now signs in with its provider instead of a password; both servers were tested.',
  check: 'Test started: now send an email from your own mailbox (see the inbox card below).',
} as const;
const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);

function server(
  host: string,
  portValue: number | '',
  secure: boolean,
  user: string,
  address: string,
  fallbackPort: number,
): MailServerSettings | null {
  return host ? { host, port: portValue === '' ? fallbackPort : portValue, secure, user: user || address } : null;
}

/**
 * The add form as typed, to show it again when it is refused: strings only, cut to the fields'
 * limits, never the password (whether one was typed is all the page learns).
 */
function typedValues(body: unknown): InboxFormValues {
  const b = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const text = (key: string, max: number) => (typeof b[key] === 'string' ? b[key].slice(0, max) : '');
  const fields = (kind: 'imap' | 'smtp'): ServerFieldValues => ({
    host: text(`${kind}Host`, 253),
    port: text(`${kind}Port`, 5),
    tls: b[`${kind}Tls`] !== undefined,
    user: text(`${kind}User`, 320),
  });
  return {
    name: text('name', 200),
    address: text('address', 320),
    imap: fields('imap'),
    smtp: fields('smtp'),
    appendDrafts: b.appendDrafts !== undefined,
    store: text('store', 12) || null,
    passwordTyped: text('password', 1) !== '',
  };
}

/** Validation and storage problems a form answers inline (anything else is a real error). */
function formProblem(error: unknown): string | null {
  if (error instanceof HttpError) return error.status === 400 ? error.message : null;
  return isDbError(error, 'invalid_input') || isDbError(error, 'conflict') ? (error as Error).message : null;
}

/**
 * Logs in to the servers about to be saved (nothing else is read or sent). Null when all given
 * servers work or none was given (a forwarding-only inbox has nothing to test).
 */
async function failedTest(
  ctx: RouteContext,
  input: { imap: MailServerSettings | null; smtp: MailServerSettings | null; password: string | null },
): Promise<InboxFormState['problems']['tested'] | null> {
  if (!input.imap && !input.smtp) return null;
  const result = await ctx.services.testMailbox({
    ...(input.imap ? { imap: input.imap } : {}),
    ...(input.smtp ? { smtp: input.smtp } : {}),
    ...(input.password !== null ? { password: input.password } : {}),
  });
  if (result.imap === null && result.smtp === null) return null;
  return {
    ...(input.imap ? { imap: result.imap } : {}),
    ...(input.smtp ? { smtp: result.smtp } : {}),
  };
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
    const signIn = ctx.services.mailOAuth
      ? { providers: ctx.services.mailOAuth.available(), problems: ctx.services.mailOAuth.problems() }
      : { providers: [], problems: [] };
    const view: InboxesView = { inboxes, stores, showForm: false, test: null, notice: null, signIn, ...extra };
    return sendHtml(reply, inboxesPage(user, view), status);
  }

  async function renderSmtp(
    reply: FastifyReply,
    principal: Principal,
    inboxId: number,
    refused: { values: ServerFieldValues; state: InboxFormState } | null,
  ) {
    const [inbox, user] = await Promise.all([
      ctx.repos.inboxes.get(principal.workspaceId, inboxId),
      ctx.shell(principal),
    ]);
    const summary = await summarize(ctx, principal.workspaceId, inbox);
    const stored: ServerFieldValues = inbox.smtp
      ? { host: inbox.smtp.host, port: String(inbox.smtp.port), tls: inbox.smtp.secure, user: inbox.smtp.user }
      : { host: '', port: '465', tls: true, user: '' };
    return sendHtml(
      reply,
      smtpPage(user, { inbox: summary, values: refused?.values ?? stored, state: refused?.state ?? null }),
    );
  }

  app.get('/inboxes', async (request, reply) => {
    const principal = requirePrincipal(request);
    const done = parseInput(pageQuery, request.query, 'query').done;
    const notice = done ? { kind: 'ok' as const, text: DONE_TEXT[done] } : null;
    return render(reply, principal, { notice, showForm: false });
  });

  app.get('/inboxes/new', async (request, reply) => render(reply, requirePrincipal(request), { showForm: true }));

  // Form results are 200 pages with the reasons inline, like the BigCommerce connect form (a 4xx
  // document is a console error in browsers).
  app.post('/inboxes', async (request, reply) => {
    const principal = requirePrincipal(request);
    const refuse = (problems: InboxFormState['problems']) =>
      render(reply, principal, { showForm: true, form: { values: typedValues(request.body), problems } });
    try {
      const form = parseInput(addForm, request.body, 'inbox');
      const imap = server(form.imapHost, form.imapPort, form.imapTls, form.imapUser, form.address, 993);
      const smtp = server(form.smtpHost, form.smtpPort, form.smtpTls, form.smtpUser, form.address, 465);
      const password = form.password === '' ? null : form.password;
      // Saved only once the servers it was given answer: an inbox that cannot log in would only
      // fail later, in the watcher's log or when a reply is sent.
      const tested = await failedTest(ctx, { imap, smtp, password });
      if (tested) return refuse({ tested, other: null });
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
          imap,
          smtp,
          password,
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
      const problem = formProblem(error);
      if (problem === null) throw error;
      return refuse({ tested: {}, other: problem });
    }
  });

  app.get('/inboxes/:id/smtp', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    return renderSmtp(reply, principal, id, null);
  });

  // Sets, changes or removes an existing inbox's SMTP; saved only when the new settings log in.
  app.post('/inboxes/:id/smtp', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const current = await ctx.repos.inboxes.getWithSecret(principal.workspaceId, id);
    const typed = typedValues(request.body);
    const refuse = (problems: InboxFormState['problems']) =>
      renderSmtp(reply, principal, id, {
        values: typed.smtp,
        state: { values: { ...typed, name: current.name, address: current.address }, problems },
      });
    try {
      const form = parseInput(smtpForm, request.body, 'SMTP');
      const smtp = server(form.smtpHost, form.smtpPort, form.smtpTls, form.smtpUser, current.address, 465);
      const newPassword = form.password === '' ? null : form.password;
      // IMAP logs in with the same password: a new one must work there too before it replaces it.
      const tested = await failedTest(ctx, {
        imap: newPassword !== null ? current.imap : null,
        smtp,
        password: newPassword ?? current.password,
      });
      if (tested) return refuse({ tested, other: null });
      await ctx.repos.transaction(async (tx) => {
        await tx.inboxes.update(principal.workspaceId, id, {
          smtp,
          ...(newPassword !== null ? { password: newPassword } : {}),
        });
        await tx.audit.append(principal.workspaceId, {
          actor: principal.auditActor,
          action: 'inbox.updated',
          target: `inbox:${id}`,
          detail: {
            smtp: smtp ? `${smtp.host}:${smtp.port}` : 'removed',
            ...(newPassword !== null ? { password: 'replaced' } : {}),
            ...auditVia(principal),
          },
        });
      });
      return seeOther(reply, `/inboxes?done=${smtp ? 'smtp-saved' : 'smtp-removed'}`);
    } catch (error) {
      const problem = formProblem(error);
      if (problem === null) throw error;
      return refuse({ tested: {}, other: problem });
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
