/**
 * JSON API for inboxes, including the raw-MIME upload (`POST /api/inboxes/:id/messages`), which
 * lives in its own encapsulated plugin so only it accepts bodies up to 25 MB and only as bytes.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requirePrincipal } from '../../auth/principal.js';
import type { RouteContext } from '../../context.js';
import { badRequest } from '../../errors.js';
import { idParams, idString } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import {
  inboxSummaries,
  rotateForwardingAddress,
  setInboxStore,
  setLegacyForwarding,
  summarize,
} from '../../actions/inboxes.js';

/** `"all"` (look the sender up in every connected store) or a store's integration id. */
const storeBody = z.strictObject({
  store: z.union([z.literal('all'), z.number().int().positive().max(2_147_483_647), idString]),
});

/** Whether the old, guessable `inbox-<id>@…` address is still accepted. */
const forwardingBody = z.strictObject({ legacyForwarding: z.boolean() });

export const MAX_MIME_BYTES = 25 * 1024 * 1024;

export async function registerInboxesApi(app: FastifyInstance, ctx: RouteContext): Promise<void> {
  app.get('/api/inboxes', async (request) => {
    const principal = requirePrincipal(request);
    return { inboxes: await inboxSummaries(ctx, principal.workspaceId) };
  });

  app.put('/api/inboxes/:id/store', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const { store } = parseInput(storeBody, request.body, 'body');
    const inbox = await setInboxStore(ctx, principal, id, store);
    return { inbox: await summarize(ctx, principal.workspaceId, inbox) };
  });

  app.put('/api/inboxes/:id/forwarding', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const { legacyForwarding } = parseInput(forwardingBody, request.body, 'body');
    const inbox = await setLegacyForwarding(ctx, principal, id, legacyForwarding);
    return { inbox: await summarize(ctx, principal.workspaceId, inbox) };
  });

  app.post('/api/inboxes/:id/forwarding/rotate', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const inbox = await rotateForwardingAddress(ctx, principal, id);
    return { inbox: await summarize(ctx, principal.workspaceId, inbox) };
  });

  await app.register(async (upload) => {
    upload.removeAllContentTypeParsers();
    upload.addContentTypeParser(
      ['message/rfc822', 'text/plain', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: MAX_MIME_BYTES },
      (_request, body, done) => done(null, body),
    );
    upload.post('/api/inboxes/:id/messages', { bodyLimit: MAX_MIME_BYTES }, async (request, reply) => {
      const principal = requirePrincipal(request);
      const { id } = parseInput(idParams, request.params, 'path');
      const inbox = await ctx.repos.inboxes.get(principal.workspaceId, id);
      const raw = request.body;
      if (!Buffer.isBuffer(raw) || raw.length === 0) {
        throw badRequest('Send the raw email as the body (Content-Type: message/rfc822).');
      }
      const result = await ctx.services.ingestRaw({
        workspaceId: principal.workspaceId,
        inboxId: inbox.id,
        raw,
        source: 'http',
      });
      return reply.code(202).send({ messageId: result.messageId, created: result.created });
    });
  });
}
