/** The guarded fetch against real HTTP listeners on loopback: refused unless allowed, and no redirects. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRICT_EGRESS, egressPolicy } from './egress.js';
import { guardedFetch } from './egress-fetch.js';

interface Listener {
  port: number;
  hits: string[];
  server: Server;
}

async function listen(handler: (path: string) => { status: number; location?: string }): Promise<Listener> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const answer = handler(req.url ?? '');
    res.writeHead(answer.status, answer.location ? { location: answer.location } : {});
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, hits, server };
}

let target: Listener;
let redirector: Listener;
beforeAll(async () => {
  target = await listen(() => ({ status: 200 }));
  redirector = await listen(() => ({ status: 302, location: `http://127.0.0.1:${target.port}/v1/chat/completions` }));
});
afterAll(async () => {
  await Promise.all([target, redirector].map((l) => new Promise((resolve) => l.server.close(resolve))));
});

describe('guarded fetch', () => {
  it('refuses loopback by address and by name, and the metadata address, before any request', async () => {
    const fetch = guardedFetch(STRICT_EGRESS);
    for (const url of [
      `http://127.0.0.1:${target.port}/v1`,
      `http://localhost:${target.port}/v1`,
      `http://[::ffff:127.0.0.1]:${target.port}/v1`,
      'http://169.254.169.254/latest/meta-data/',
    ]) {
      const error = await fetch(url).catch((e: unknown) => e);
      // A name is refused inside the socket's lookup, which fetch reports as its cause.
      const refused = (error as { code?: string }).code === 'egress_refused' ? error : (error as Error).cause;
      expect(refused, url).toMatchObject({ code: 'egress_refused' });
    }
    expect(target.hits).toEqual([]);
  });

  it('reaches a private host the operator allowed by name', async () => {
    const response = await guardedFetch(egressPolicy(['localhost']))(`http://localhost:${target.port}/v1/models`);
    expect(response.status).toBe(200);
    expect(target.hits).toEqual(['/v1/models']);
    target.hits.length = 0;
  });

  it('does not follow a redirect from an allowed host to one that is not allowed', async () => {
    // The redirector is allowed by name; the place it points to (127.0.0.1) is not.
    const fetch = guardedFetch(egressPolicy(['localhost']));
    const error = await fetch(`http://localhost:${redirector.port}/v1/chat/completions`, { method: 'POST' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'egress_refused' });
    expect(redirector.hits).toEqual(['/v1/chat/completions']);
    expect(target.hits).toEqual([]);
  });
});
