/** The audit page and GET /api/audit: owners only (see auth/route-rules.ts); agents are refused. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUDIT_ACTOR } from '../../../db/index.js';
import { AUDIT_KIND_VALUES, loadAudit, type AuditFilter } from '../../actions/audit.js';
import { requireOwner } from '../../auth/principal.js';
import { sendHtml, type RouteContext } from '../../context.js';
import { idString } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { auditPage, sentence } from '../../views/audit.js';

/** The filter form sends "" for "Everyone" and "Every kind". */
const blankable = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal('').transform(() => undefined), schema]).optional();

const query = z.strictObject({
  who: blankable(z.string().regex(AUDIT_ACTOR, 'must be a member, system or cli')),
  kind: blankable(z.enum(AUDIT_KIND_VALUES)),
  before: idString.optional(),
  after: idString.optional(),
});
const apiQuery = query.extend({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a number from 1 to 200')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 200, 'must be a number from 1 to 200')
    .optional(),
});

function filterOf(q: z.infer<typeof query>): AuditFilter {
  return { who: q.who, kind: q.kind, before: q.before, after: q.before === undefined ? q.after : undefined };
}

export function registerAuditPages(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/audit', async (request, reply) => {
    const principal = requireOwner(request);
    const q = parseInput(query, request.query, 'query');
    const filter = filterOf(q);
    const [view, user] = await Promise.all([loadAudit(ctx, principal.workspaceId, filter), ctx.shell(principal)]);
    return sendHtml(reply, auditPage(user, view, { who: filter.who, kind: filter.kind }));
  });

  app.get('/api/audit', async (request) => {
    const principal = requireOwner(request);
    const q = parseInput(apiQuery, request.query, 'query');
    const view = await loadAudit(ctx, principal.workspaceId, filterOf(q), q.limit);
    return {
      entries: view.rows.map((row) => ({ ...row, summary: sentence(row) })),
      older: view.older,
      newer: view.newer,
    };
  });
}
