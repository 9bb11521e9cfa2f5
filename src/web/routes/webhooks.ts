/**
 * BigCommerce webhooks in the web app:
 * - `POST /webhooks/bigcommerce/:token`: the receiver. No session: the unguessable token picks
 *   the integration and the `X-Snoooz-Webhook-Secret` header proves the sender (401, nothing
 *   done); a bad payload is a one-line 400; otherwise 202 at once, the work runs in the background.
 * - `/integrations/:id/webhooks`: the status and the opt-in "Register webhooks" button (owners only;
 *   CSRF is checked for every session form by the app's preHandler).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WEBHOOK_SECRET_HEADER, type WebhookStatus } from '../../app/webhooks.js';
import { describeError } from '../../shared/errors.js';
import { requireOwner, requirePrincipal } from '../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../context.js';
import { HttpError } from '../errors.js';
import { hideToken } from '../hide-token.js';
import { html } from '../html.js';
import { idParams } from '../schemas.js';
import { parseInput } from '../validation.js';
import { banner, csrfField, formatDate, page, zoneOf } from '../views/layout.js';

const tokenParams = z.strictObject({ token: z.string().max(200) });
const doneQuery = z.strictObject({
  done: z.enum(['registered', 'unregistered']).optional(),
  error: z.string().max(500).optional(),
});
const emptyForm = z.union([z.undefined(), z.null(), z.strictObject({})]);

export function registerWebhookRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/webhooks/bigcommerce/:token', hideToken, async (request, reply) => {
    const service = ctx.services.webhooks;
    if (!service) return reply.code(404).send({ error: 'not_found', message: 'Webhooks are not enabled.' });
    const { token } = parseInput(tokenParams, request.params, 'path');
    const header = request.headers[WEBHOOK_SECRET_HEADER.toLowerCase()];
    const result = await service.receive({
      token,
      secret: typeof header === 'string' ? header : undefined,
      body: request.body,
    });
    if (result.status !== 202) {
      return reply
        .code(result.status)
        .send({ error: result.status === 401 ? 'unauthorized' : 'invalid_input', message: result.message });
    }
    return reply.code(202).send({ ok: true, ...(result.duplicate ? { duplicate: true } : {}) });
  });

  app.get('/integrations/:id/webhooks', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const query = parseInput(doneQuery, request.query, 'query');
    const service = ctx.services.webhooks;
    if (!service) throw new HttpError(404, 'not_found', 'Webhooks are not available in this process.');
    const [status, integration, user] = await Promise.all([
      service.status(principal.workspaceId, id),
      ctx.repos.integrations.get(principal.workspaceId, id),
      ctx.shell(principal),
    ]);
    const notice =
      query.error !== undefined
        ? banner('error', query.error)
        : query.done === 'registered'
          ? banner('ok', 'Webhooks registered: order and shipment changes now refresh drafts at once.')
          : query.done === 'unregistered'
            ? banner('ok', 'Webhooks removed from the store.')
            : '';
    return sendHtml(
      reply,
      webhooksPage(
        user,
        integration.storeName,
        status,
        principal.permissions.has('admin'),
        user?.csrfToken ?? '',
        notice,
      ),
    );
  });

  for (const action of ['register', 'unregister'] as const) {
    app.post(`/integrations/:id/webhooks/${action}`, async (request, reply) => {
      const principal = requireOwner(request);
      const { id } = parseInput(idParams, request.params, 'path');
      parseInput(emptyForm, request.body, 'form');
      const service = ctx.services.webhooks;
      if (!service) throw new HttpError(404, 'not_found', 'Webhooks are not available in this process.');
      try {
        if (action === 'register') await service.register(principal.workspaceId, id);
        else await service.unregister(principal.workspaceId, id);
      } catch (error) {
        const message = describeError(error).slice(0, 400);
        return seeOther(reply, `/integrations/${id}/webhooks?error=${encodeURIComponent(message)}`);
      }
      return seeOther(reply, `/integrations/${id}/webhooks?done=${action}ed`);
    });
  }
}

function webhooksPage(
  user: Awaited<ReturnType<RouteContext['shell']>>,
  storeName: string,
  status: WebhookStatus,
  owner: boolean,
  csrf: string,
  notice: ReturnType<typeof banner> | '',
): string {
  const id = status.integrationId;
  return page({
    title: 'BigCommerce webhooks',
    nav: 'integrations',
    user,
    page: 'integrations',
    body: html`<h1>BigCommerce webhooks</h1>
      <p class="lead">
        Optional. With webhooks, ${storeName} tells Snoooz when an order or shipment changes, so cached store data is
        dropped and drafts still waiting for approval are updated at once. Without them, store data is at most about a
        minute old, and every automatic reply re-reads the store before it is sent.
      </p>
      ${notice}
      <article class="card" id="webhooks-card">
        <dl class="facts">
          <dt>Status</dt>
          <dd id="webhooks-status">${status.registered ? 'Registered' : 'Not registered'}</dd>
          ${
            status.registered
              ? html`<dt>Since</dt>
                <dd>${formatDate(status.registeredAt, zoneOf(user))}</dd>`
              : ''
          }
        </dl>
        <p class="muted">
          This is the one write Snoooz can make to BigCommerce: to its own webhook subscriptions at
          <code>/v3/hooks</code>, never to customers, orders, products or inventory.
        </p>
        ${
          !status.publicUrl
            ? html`<p class="notice" role="status">
              To register webhooks, set <code>SNOOOZ_PUBLIC_URL</code> to the public HTTPS address of Snoooz:
              BigCommerce delivers webhooks only to HTTPS on port 443.
            </p>`
            : ''
        }
        ${
          owner
            ? html`<div class="actions">
              <form method="post" action="/integrations/${id}/webhooks/register">
                ${csrfField(csrf)}<button type="submit" ${status.publicUrl ? '' : html`disabled`}>
                  ${status.registered ? 'Register again' : 'Register webhooks'}
                </button>
              </form>
              ${
                status.registered
                  ? html`<form method="post" action="/integrations/${id}/webhooks/unregister">
                    ${csrfField(csrf)}<button type="submit" class="secondary">Remove webhooks</button>
                  </form>`
                  : ''
              }
            </div>`
            : html`<p class="muted">Only workspace owners can register webhooks.</p>`
        }
        <p><a href="/integrations">Back to Integrations</a></p>
      </article>`,
  });
}
