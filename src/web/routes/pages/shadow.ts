/**
 * Shadow mode pages: start a run over past mail (a folder, or a date range of INBOX), list the
 * workspace's runs, and a run's per-intent summary with each draft next to the team's reply.
 * A run reads the mailbox (EXAMINE, BODY.PEEK) and the store (GET only); it sends nothing.
 * Runs of another workspace are a 404 (every query is scoped by the principal's workspace).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { isDbError } from '../../../db/index.js';
import { isAppError } from '../../../shared/errors.js';
import { startWorkspaceShadow } from '../../../shadow/index.js';
import { requirePrincipal } from '../../auth/principal.js';
import { seeOther, sendHtml, type RouteContext } from '../../context.js';
import { HttpError } from '../../errors.js';
import { idParams, idString } from '../../schemas.js';
import { parseInput } from '../../validation.js';
import { shadowListPage, shadowRunPage, storedProgress } from '../../views/shadow.js';

const day = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)')]);
const startForm = z.strictObject({
  inboxId: idString,
  folder: z.string().trim().max(500).default(''),
  since: day.default(''),
  until: day.default(''),
});
const pageQuery = z.strictObject({});

/** Runs started from the web finish in the background; tests (and shutdown) can wait for them. */
const running = new Set<Promise<unknown>>();
export async function settleShadowRuns(): Promise<void> {
  while (running.size > 0) await Promise.all([...running]);
}

export function registerShadowPages(app: FastifyInstance, ctx: RouteContext): void {
  async function list(principalWorkspace: number) {
    const [inboxes, runs] = await Promise.all([
      ctx.repos.inboxes.list(principalWorkspace),
      ctx.repos.shadow.listRuns(principalWorkspace),
    ]);
    return { inboxes, runs };
  }

  app.get('/shadow', async (request, reply) => {
    const principal = requirePrincipal(request);
    parseInput(pageQuery, request.query, 'query');
    const [data, user] = await Promise.all([list(principal.workspaceId), ctx.shell(principal)]);
    return sendHtml(reply, shadowListPage(user, { ...data, notice: null }));
  });

  app.post('/shadow', async (request, reply) => {
    const principal = requirePrincipal(request);
    try {
      const form = parseInput(startForm, request.body, 'shadow run');
      const started = await startWorkspaceShadow(
        {
          repos: ctx.repos,
          apiUrl: ctx.services.config.apiUrl,
          ...(ctx.services.config.egress ? { egress: ctx.services.config.egress } : {}),
          ...(ctx.services.mailOAuth ? { accessToken: ctx.services.mailOAuth.accessToken } : {}),
          ...ctx.services.shadowRunOverrides,
          onProgress: (event) => ctx.services.shadowProgress.report(event),
        },
        principal.workspaceId,
        { inboxId: form.inboxId, folder: form.folder, since: form.since, until: form.until },
        principal.auditActor,
      );
      const done = started
        .execute()
        .then((run) =>
          ctx.logger.info(
            { workspaceId: principal.workspaceId, runId: run.id, status: run.status },
            'shadow run finished',
          ),
        )
        .catch((error: unknown) => ctx.logger.warn({ err: String(error) }, 'shadow run could not be recorded'))
        .finally(() => running.delete(done));
      running.add(done);
      return seeOther(reply, `/shadow/runs/${started.run.id}`);
    } catch (error) {
      const message =
        error instanceof HttpError && error.status === 400
          ? error.message
          : isAppError(error) && error.code === 'invalid_option'
            ? error.message
            : isDbError(error, 'invalid_input')
              ? error.message
              : null;
      if (message === null) throw error;
      const [data, user] = await Promise.all([list(principal.workspaceId), ctx.shell(principal)]);
      return sendHtml(
        reply,
        shadowListPage(user, { ...data, notice: { kind: 'error', text: `Not started: ${message}` } }),
        400,
      );
    }
  });

  app.get('/shadow/runs/:id', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    const run = await ctx.repos.shadow.getRun(principal.workspaceId, id);
    const [items, user] = await Promise.all([ctx.repos.shadow.items(principal.workspaceId, id), ctx.shell(principal)]);
    // This process's live counts; a run started by another process shows what is stored so far.
    const progress =
      run.status === 'running'
        ? (ctx.services.shadowProgress.latest(principal.workspaceId, id)?.progress ?? storedProgress(items))
        : null;
    return sendHtml(reply, shadowRunPage(user, run, items, progress));
  });
}
