/**
 * Server-Sent Events: live inbox updates on /events, and a shadow run's progress on
 * /shadow/runs/:id/events. Each connection hears only its own workspace's events; inbox events
 * are just ids (the page fetches what it shows through the scoped routes), progress events carry
 * counts and the words the page shows.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ShadowProgressEvent } from '../../shadow/index.js';
import { requirePrincipal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';
import { idParams } from '../schemas.js';
import type { MessageEvent } from '../services.js';
import { parseInput } from '../validation.js';
import { progressText } from '../views/shadow.js';

const HEARTBEAT_MS = 25_000;

export function registerEventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const open = new Set<ServerResponse>();
  // A stream never ends by itself; close them so app.close() does not wait forever.
  app.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });

  /**
   * Answers with an event stream and returns its writer, or null for HEAD. `onClose` runs when
   * the client goes away or the stream is ended.
   */
  function openStream(
    request: FastifyRequest,
    reply: FastifyReply,
    onClose: () => void,
  ): { write(text: string): void; end(): void } | null {
    const raw = reply.raw;
    reply.hijack();
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
      'x-accel-buffering': 'no',
    });
    // A HEAD response has no body, so Node would hold its headers back forever: answer it now.
    if (request.method === 'HEAD') {
      raw.end();
      return null;
    }
    raw.write('retry: 3000\n\n');
    open.add(raw);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    let closed = false;
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      open.delete(raw);
      onClose();
    };
    request.raw.on('close', cleanup);
    raw.on('close', cleanup);
    return {
      write(text) {
        if (!closed) raw.write(text);
      },
      end: () => raw.end(),
    };
  }

  app.get('/events', async (request, reply) => {
    const principal = requirePrincipal(request);
    const listener = (event: MessageEvent) => {
      if (event.workspaceId !== principal.workspaceId) return;
      stream?.write(`event: message\ndata: ${JSON.stringify({ messageId: event.messageId })}\n\n`);
    };
    const stream = openStream(request, reply, () => ctx.services.events.off('message', listener));
    if (stream) ctx.services.events.on('message', listener);
  });

  // One run's progress, then `finished` once it ended (the page then fetches the result).
  app.get('/shadow/runs/:id/events', async (request, reply) => {
    const principal = requirePrincipal(request);
    const { id } = parseInput(idParams, request.params, 'path');
    // Another workspace's run is a 404 like a run that does not exist, before anything streams.
    await ctx.repos.shadow.getRun(principal.workspaceId, id);

    const hub = ctx.services.shadowProgress;
    const progress = (event: ShadowProgressEvent) => {
      const data = { runId: id, ...event.progress, ...progressText(event.progress) };
      stream?.write(`event: progress\ndata: ${JSON.stringify(data)}\n\n`);
    };
    const finished = (status: string) => {
      stream?.write(`event: finished\ndata: ${JSON.stringify({ runId: id, status })}\n\n`);
      stream?.end();
    };
    const listener = (event: ShadowProgressEvent) => {
      // Both ids: a run id alone must never let one workspace hear another's progress.
      if (event.workspaceId !== principal.workspaceId || event.runId !== id) return;
      if (event.status === 'running') progress(event);
      else finished(event.status);
    };
    const stream = openStream(request, reply, () => hub.off(listener));
    if (!stream) return;
    hub.on(listener);
    // Listening first, then the current state: a change in between is heard, not lost.
    const latest = hub.latest(principal.workspaceId, id);
    if (latest) return progress(latest);
    try {
      const run = await ctx.repos.shadow.getRun(principal.workspaceId, id);
      if (run.status !== 'running') finished(run.status);
    } catch (error) {
      ctx.logger.warn({ err: String(error), runId: id }, 'shadow progress stream could not read the run');
      stream.end();
    }
  });
}
