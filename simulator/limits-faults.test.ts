import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStoreData } from './store-data.js';
import { startSimulator } from './server.js';
import { FIXTURE, call } from './test-support.js';
import type { Simulator, SimulatorOptions } from './types.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options: Partial<SimulatorOptions> = {}): Promise<string> {
  sim = await startSimulator({ stores: [{ data: parseStoreData(FIXTURE) }], ...options });
  return `${sim.url}/stores/abc123`;
}

describe('headers', () => {
  it('sends lower-case rate-limit headers, a request id, and v2 legacy headers', async () => {
    const base = await start();
    const v2 = await call(base, '/v2/orders');
    expect(v2.headers.get('content-type')).toBe('application/json');
    expect(v2.headers.get('x-rate-limit-requests-quota')).toBe('150');
    expect(v2.headers.get('x-rate-limit-time-window-ms')).toBe('30000');
    expect(v2.headers.get('x-rate-limit-requests-left')).toBe('149');
    expect(Number(v2.headers.get('x-rate-limit-time-reset-ms'))).toBeGreaterThan(0);
    expect(v2.headers.get('x-request-id')).toBeTruthy();
    expect(v2.headers.get('x-bc-apilimit-remaining')).toBeTruthy();
    const v3 = await call(base, '/v3/customers');
    expect(v3.headers.get('x-bc-apilimit-remaining')).toBeNull();
    expect(v3.headers.get('x-rate-limit-requests-left')).toBe('148');
  });

  it('gzips when asked', async () => {
    const base = await start();
    const { hostname, port, pathname } = new URL(`${base}/v2/orders`);
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      const req = request(
        {
          hostname,
          port,
          path: pathname,
          headers: { 'x-auth-token': 'snooozsim0demo0token0readonly01', 'accept-encoding': 'gzip' },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(raw.encoding).toBe('gzip');
    expect(JSON.parse(gunzipSync(raw.body).toString('utf8'))).toHaveLength(3);
  });

  it('adds configured latency', async () => {
    const base = await start({ latencyMs: 60 });
    const started = Date.now();
    await call(base, '/v2/time');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('rate limit', () => {
  it('answers 429 with reset headers once the window quota is spent', async () => {
    const base = await start({ rateLimit: { quota: 3, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await call(base, '/v2/time')).status).toBe(200);
    const limited = await call(base, '/v2/orders');
    expect(limited.status).toBe(429);
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too many requests' });
    expect(limited.headers.get('x-rate-limit-requests-left')).toBe('0');
    expect(Number(limited.headers.get('x-rate-limit-time-reset-ms'))).toBeGreaterThan(50_000);
    expect(limited.headers.get('x-retry-after')).toBe('60');
  });

  it('refreshes the quota when the window passes', async () => {
    const base = await start({ rateLimit: { quota: 1, windowMs: 80 } });
    expect((await call(base, '/v2/time')).status).toBe(200);
    expect((await call(base, '/v2/time')).status).toBe(429);
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(base, '/v2/time')).status).toBe(200);
  });
});

describe('faults', () => {
  it('injects a status a limited number of times, matched on the path after the hash', async () => {
    const base = await start();
    sim!.addFault({ pathPattern: /\/v2\/orders\/\d+\/shipments/, status: 502, times: 1 });
    const failed = await call(base, '/v2/orders/100/shipments');
    expect(failed.status).toBe(502);
    expect(Array.isArray(failed.json())).toBe(true);
    expect((await call(base, '/v2/orders/100/shipments')).status).toBe(200);
    expect((await call(base, '/v2/orders/100')).status).toBe(200);
  });

  it('serves HTML 5xx pages', async () => {
    const base = await start();
    sim!.addFault({ pathPattern: '/v3/customers', kind: 'html', status: 500 });
    const res = await call(base, '/v3/customers');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.text).toContain('<html>');
    sim!.clearFaults();
    expect((await call(base, '/v3/customers')).status).toBe(200);
  });

  it('injects 429 with a chosen reset time', async () => {
    const base = await start();
    sim!.addFault({ pathPattern: '/v2/orders', status: 429, retryAfterMs: 2500, times: 1 });
    const res = await call(base, '/v2/orders');
    expect(res.status).toBe(429);
    expect(res.headers.get('x-rate-limit-time-reset-ms')).toBe('2500');
    expect(res.headers.get('x-retry-after')).toBe('3');
  });

  it('hangs until the client aborts (timeout) and can reset the socket', async () => {
    const base = await start();
    sim!.addFault({ pathPattern: '/v2/store', kind: 'timeout' });
    await expect(call(base, '/v2/store', { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(sim!.requests.at(-1)).toMatchObject({ path: '/v2/store', status: 0 });
    sim!.addFault({ pathPattern: '/v2/time', kind: 'reset' });
    await expect(call(base, '/v2/time')).rejects.toThrow();
  });
});
