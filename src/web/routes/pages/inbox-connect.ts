/**
 * "Connect Google" / "Connect Microsoft" and "Reconnect": start the sign-in (owners, by a form
 * post with the CSRF token), take the provider's answer, test the mailbox with the token it
 * gave (IMAP and SMTP, XOAUTH2), and only then save the inbox. The mailbox address is the one
 * the provider's verified ID token names, never typed. A failure shows one line and saves nothing.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { normalizeInboxAddress } from '../../../db/index.js';
import type { SignInResult } from '../../../app/mail-oauth.js';
import { isAppError } from '../../../shared/errors.js';
import { auditVia, requirePrincipal, type Principal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { HttpError } from '../../errors.js';
import { idString } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { connectFailedPage, connectHelpPage } from '../../views/inbox-connect.js';

const providerParams = z.strictObject({ provider: z.enum(['google', 'microsoft']) });
const startForm = z.strictObject({ _csrf: z.string().optional(), reconnect: idString.optional() });

export function registerInboxConnectPages(app: FastifyInstance, ctx: RouteContext): void {
  function oauth() {
    const service = ctx.services.mailOAuth;
    if (!service) throw new HttpError(404, 'not_found', 'Sign-in with a provider is not available here.');
    return service;
  }

  async function failed(reply: FastifyReply, principal: Principal, text: string, provider: string | null) {
    return sendHtml(reply, connectFailedPage(await ctx.shell(principal), { text, provider }), 400);
  }

  app.post('/inboxes/connect/:provider', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { provider } = parseInput(providerParams, request.params, 'provider');
    const form = parseInput(startForm, request.body ?? {}, 'form');
    if (principal.userId === null || principal.sessionHash === null) {
      throw new HttpError(403, 'forbidden', 'Connecting a mailbox is done by a person signed in.');
    }
    let loginHint: string | undefined;
    if (form.reconnect !== undefined) {
      const inbox = await ctx.repos.inboxes.get(principal.workspaceId, form.reconnect);
      if (inbox.oauthProvider !== provider)
        throw new HttpError(400, 'invalid_input', 'That inbox does not sign in with this provider.');
      loginHint = inbox.address;
    }
    try {
      const url = await oauth().begin({
        provider,
        workspaceId: principal.workspaceId,
        userId: principal.userId,
        sessionHash: principal.sessionHash,
        reconnectInboxId: form.reconnect ?? null,
        ...(loginHint ? { loginHint } : {}),
      });
      return seeOther(reply, url.href);
    } catch (error) {
      if (isAppError(error)) return failed(reply, principal, error.message, provider);
      throw error;
    }
  });

  app.get('/inboxes/connect/callback', async (request, reply) => {
    const principal = requirePrincipal(request);
    if (principal.sessionHash === null)
      throw new HttpError(403, 'forbidden', 'Connecting a mailbox is done by a person signed in.');
    const search = new URL(request.url, 'http://callback.invalid').search;
    let result: SignInResult;
    try {
      result = await oauth().complete({
        workspaceId: principal.workspaceId,
        sessionHash: principal.sessionHash,
        search,
      });
    } catch (error) {
      if (isAppError(error)) return failed(reply, principal, error.message, null);
      throw error;
    }
    const label = result.provider === 'google' ? 'Google' : 'Microsoft';
    const address = normalizeInboxAddress(result.address);

    if (result.reconnectInboxId !== null) {
      const inbox = await ctx.repos.inboxes.get(principal.workspaceId, result.reconnectInboxId);
      if (inbox.address !== address) {
        return failed(
          reply,
          principal,
          `You signed in as ${address}, but this inbox is ${inbox.address}: sign in with that mailbox's account. Nothing was changed.`,
          result.provider,
        );
      }
    }

    const tested = await ctx.services.testSignedInMailbox?.({
      address,
      accessToken: result.accessToken,
      imap: result.imap,
      smtp: result.smtp,
    });
    if (!tested || tested.imap || tested.smtp) {
      const lines = tested
        ? [tested.imap ? `IMAP: ${tested.imap}` : null, tested.smtp ? `SMTP: ${tested.smtp}` : null]
        : ['the mailbox could not be tested here'];
      return failed(
        reply,
        principal,
        `${label} signed you in as ${address}, but ${lines.filter(Boolean).join(' ')} Nothing was saved.`,
        result.provider,
      );
    }

    const { inbox, created } = await ctx.repos.transaction(async (tx) => {
      const saved = await tx.inboxes.connectOAuth(principal.workspaceId, {
        provider: result.provider,
        address,
        name: address,
        imap: { ...result.imap, user: address },
        smtp: { ...result.smtp, user: address },
        refreshToken: result.refreshToken,
      });
      await tx.audit.append(principal.workspaceId, {
        actor: principal.auditActor,
        action: 'inbox.signed_in',
        target: `inbox:${saved.inbox.id}`,
        detail: {
          provider: result.provider,
          address,
          reconnect: result.reconnectInboxId !== null,
          created: saved.created,
          ...auditVia(principal),
        },
      });
      return saved;
    });
    oauth().remember(inbox.id, result);
    const waited = (await ctx.services.inboxSignedIn?.(principal.workspaceId, inbox.id)) ?? 0;
    ctx.logger.info(
      { workspaceId: principal.workspaceId, inboxId: inbox.id, provider: result.provider, created, waited },
      'mailbox signed in',
    );
    const done = created ? 'connected' : result.reconnectInboxId !== null ? 'reconnected' : 'switched';
    return seeOther(reply, `/inboxes?done=${done}#inbox-${inbox.id}`);
  });

  app.get('/inboxes/connect/help', async (request, reply) => {
    const principal = requirePrincipal(request);
    const service = ctx.services.mailOAuth;
    return sendHtml(
      reply,
      connectHelpPage(await ctx.shell(principal), {
        redirectUri: service?.redirectUri() ?? null,
        available: service?.available() ?? [],
        problems: service?.problems() ?? [],
      }),
    );
  });
}
