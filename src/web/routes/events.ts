/**
 * Server-Sent Events for live inbox updates. Each connection hears only its own workspace's
 * events; the payload is just ids (the page fetches what it shows through the scoped routes).
 */
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { requirePrincipal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';
import type { MessageEvent } from '../services.js';

const HEARTBEAT_MS = 25_000;

export function registerEventRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const open = new Set<ServerResponse>();
  // A stream never ends by itself; close them so app.close() does not wait forever.
  app.addHook('preClose', async () => {
    for (const raw of open) raw.end();
  });

  app.get('/events', async (request, reply) => {
    const principal = requirePrincipal(request);
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
    if (request.method === 'HEAD') return void raw.end();
    raw.write('retry: 3000\n\n');
    open.add(raw);

    const listener = (event: MessageEvent) => {
      if (event.workspaceId !== principal.workspaceId) return;
      raw.write(`event: message\ndata: ${JSON.stringify({ messageId: event.messageId })}\n\n`);
    };
    ctx.services.events.on('message', listener);
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      ctx.services.events.off('message', listener);
      open.delete(raw);
    };
    request.raw.on('close', cleanup);
    raw.on('close', cleanup);
  });
}
