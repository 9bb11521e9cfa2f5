/** The Integrations page: connect (tested before saving), re-test and disconnect BigCommerce. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  NOT_ENABLED_MESSAGE,
  connectBigCommerce,
  disconnectIntegration,
  retestIntegration,
  type ConnectProblem,
} from '../../actions/integrations.js';
import { requirePrincipal, type Principal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { idParams, idString } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { connectedNotice, integrationsPage, type IntegrationsView } from '../../views/integrations.js';

const pageQuery = z.strictObject({
  connected: idString.optional(),
  done: z.enum(['disconnected']).optional(),
});
// Empty fields are answered inline by the form, like any other connection problem.
const connectForm = z.strictObject({
  storeHash: z.string().max(2_000),
  accessToken: z.string().max(4_096),
});
const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);

/*
 * Form results (a failed connection, an empty field) are rendered as ordinary 200 pages with the
 * problem inline: the page is the answer, and browsers log any 4xx document as a console error.
 * The JSON API answers the same problems with 4xx statuses.
 */
export function registerIntegrationPages(app: FastifyInstance, ctx: RouteContext): void {
  async function render(reply: FastifyReply, principal: Principal, view: Partial<IntegrationsView>, status = 200) {
    const [enabled, integrations, user] = await Promise.all([
      ctx.repos.workspaces.isIntegrationEnabled(principal.workspaceId, 'bigcommerce'),
      ctx.repos.integrations.list(principal.workspaceId),
      ctx.shell(principal),
    ]);
    const full: IntegrationsView = {
      enabled,
      integrations,
      connectForm: enabled ? (view.connectForm ?? null) : null,
      notice: view.notice ?? null,
    };
    return sendHtml(reply, integrationsPage(user, full), status);
  }

  app.get('/integrations', async (request, reply) => {
    const principal = requirePrincipal(request);
    const query = parseInput(pageQuery, request.query, 'query');
    let notice: IntegrationsView['notice'] = null;
    if (query.connected) {
      const found = await ctx.repos.integrations.get(principal.workspaceId, query.connected).catch(() => null);
      if (found) notice = { kind: 'ok', text: connectedNotice(found) };
    } else if (query.done === 'disconnected') {
      notice = { kind: 'ok', text: 'BigCommerce was disconnected and its access token deleted.' };
    }
    return render(reply, principal, { notice });
  });

  app.get('/integrations/bigcommerce/connect', async (request, reply) => {
    const principal = requirePrincipal(request);
    return render(reply, principal, { connectForm: { storeHash: '', problem: null } });
  });

  app.post('/integrations/bigcommerce/connect', async (request, reply) => {
    const principal = requirePrincipal(request);
    const form = parseInput(connectForm, request.body, 'connection form');
    if (!(await ctx.repos.workspaces.isIntegrationEnabled(principal.workspaceId, 'bigcommerce'))) {
      return render(reply, principal, { notice: { kind: 'error', text: NOT_ENABLED_MESSAGE } });
    }
    const missing = !form.storeHash.trim() ? 'storeHash' : !form.accessToken.trim() ? 'accessToken' : null;
    if (missing) {
      const problem: ConnectProblem = {
        code: 'invalid_input',
        title: missing === 'storeHash' ? 'Store hash missing' : 'Access token missing',
        message: `Enter the ${missing === 'storeHash' ? 'store hash' : 'access token'}.`,
        field: missing,
        missingScopes: [],
        checks: ['Both fields are filled in.'],
      };
      return render(reply, principal, { connectForm: { storeHash: form.storeHash, problem } });
    }
    const outcome = await connectBigCommerce(ctx, principal, form);
    if (!outcome.ok) {
      return render(reply, principal, { connectForm: { storeHash: form.storeHash, problem: outcome.problem } });
    }
    return seeOther(reply, `/integrations?connected=${outcome.integration.id}`);
  });

  app.post('/integrations/:id/test', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    const { integration, problem } = await retestIntegration(ctx, principal, id);
    const notice = problem
      ? {
          kind: 'error' as const,
          text: `Re-test failed — ${problem.title}: ${problem.message} Check: ${problem.checks.join(' ')}`,
        }
      : { kind: 'ok' as const, text: connectedNotice(integration) };
    return render(reply, principal, { notice });
  });

  app.post('/integrations/:id/disconnect', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(emptyForm, request.body, 'form');
    await disconnectIntegration(ctx, principal, id);
    return seeOther(reply, '/integrations?done=disconnected');
  });
}
