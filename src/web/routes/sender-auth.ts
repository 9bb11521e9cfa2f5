/**
 * Whose Authentication-Results an inbox trusts (sender authentication for IMAP and API mail):
 * `GET|PUT /api/inboxes/:id/sender-auth` with `{"trustedAuthservId": "google" | "microsoft" |
 * "<authserv-id>" | null}`, and the Inboxes page's form (`POST /inboxes/:id/sender-auth`).
 * Presets are data (shared/authserv-presets.ts); null trusts nothing, so no such mail is ever
 * answered automatically. Changes are audited.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUTHSERV_PRESETS, isValidTrustedAuthserv } from '../../shared/authserv-presets.js';
import { auditVia, requirePrincipal } from '../auth/principal.js';
import { seeOther, type RouteContext } from '../context.js';
import type { Principal } from '../auth/principal.js';
import { idParams } from '../schemas.js';
import { parseInput } from '../validation.js';

const authservId = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .refine(isValidTrustedAuthserv, 'must be google, microsoft or a host name such as mx.example.com');

const senderAuthBody = z.strictObject({ trustedAuthservId: authservId.nullable() });

/** The page's form: a preset, nothing, or a custom authserv-id typed in. */
const senderAuthForm = z
  .strictObject({ trust: z.enum(['none', 'google', 'microsoft', 'custom']), custom: z.string().max(253).optional() })
  .transform(({ trust, custom }) => (trust === 'none' ? null : trust === 'custom' ? (custom ?? '') : trust))
  .pipe(authservId.nullable());

async function setTrusted(ctx: RouteContext, principal: Principal, inboxId: number, value: string | null) {
  await ctx.repos.transaction(async (tx) => {
    await tx.senderAuth.setTrustedAuthserv(principal.workspaceId, inboxId, value);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'inbox.updated',
      target: `inbox:${inboxId}`,
      detail: { trustedAuthservId: value, ...auditVia(principal) },
    });
  });
}

export function registerSenderAuthRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const presets = Object.entries(AUTHSERV_PRESETS).map(([name, p]) => ({ name, ...p }));

  app.get('/api/inboxes/:id/sender-auth', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const trustedAuthservId = await ctx.repos.senderAuth.trustedAuthserv(principal.workspaceId, id);
    return { inboxId: id, trustedAuthservId, presets };
  });

  app.put('/api/inboxes/:id/sender-auth', async (request) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const { trustedAuthservId } = parseInput(senderAuthBody, request.body, 'body');
    await setTrusted(ctx, principal, id, trustedAuthservId);
    return { inboxId: id, trustedAuthservId, presets };
  });

  app.post('/inboxes/:id/sender-auth', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    await setTrusted(ctx, principal, id, parseInput(senderAuthForm, request.body, 'form'));
    return seeOther(reply, '/inboxes');
  });
}
