/** JSON API for store integrations. Tokens are accepted, never returned (only `accessTokenMasked`). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { connectBigCommerce, disconnectIntegration, retestIntegration } from '../../actions/integrations.js';
import { requirePrincipal } from '../../auth/principal.js';
import type { RouteContext } from '../../context.js';
import { idParams } from '../../schemas.js';
import { parseInput } from '../../validation.js';

export const connectBody = z.strictObject({
  storeHash: z.string().trim().min(1, 'enter the store hash').max(2_000),
  accessToken: z.string().trim().min(1, 'enter the access token').max(4_096),
});

const noBody = z.union([z.undefined(), z.null(), z.strictObject({})]);

export function registerIntegrationsApi(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/integrations', async (request) => {
    const principal = requirePrincipal(request);
    const [enabled, integrations] = await Promise.all([
      ctx.repos.workspaces.isIntegrationEnabled(principal.workspaceId, 'bigcommerce'),
      ctx.repos.integrations.list(principal.workspaceId),
    ]);
    return { available: { bigcommerce: enabled }, integrations };
  });

  app.post('/api/integrations/bigcommerce', async (request, reply) => {
    const principal = requirePrincipal(request);
    const body = parseInput(connectBody, request.body, 'connection');
    const outcome = await connectBigCommerce(ctx, principal, body);
    if (!outcome.ok) {
      const { code, message, ...rest } = outcome.problem;
      return reply.code(422).send({ error: { code, message, ...rest } });
    }
    return reply.code(201).send({ integration: outcome.integration, warnings: outcome.warnings });
  });

  app.post('/api/integrations/:id/test', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    parseInput(noBody, request.body, 'body');
    return retestIntegration(ctx, principal, id);
  });

  app.delete('/api/integrations/:id', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    await disconnectIntegration(ctx, principal, id);
    return reply.code(204).send();
  });
}
