import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStoreData } from './store-data.js';
import { startSimulator } from './server.js';
import { FIXTURE, call } from './test-support.js';
import type { Simulator } from './types.js';

const ORDERS_ONLY = 'ordersonlytoken0000000000000001';
let sim: Simulator;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({
    stores: [{ data: parseStoreData(FIXTURE), tokens: [{ token: ORDERS_ONLY, scopes: [] }] }],
    rateLimit: null,
  });
  base = `${sim.url}/stores/abc123`;
});
afterAll(() => sim.close());

async function send(method: string, path: string, body?: unknown, token: string | null = ORDERS_ONLY) {
  const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
  if (token) headers['X-Auth-Token'] = token;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: () => JSON.parse(text) as { data: Record<string, unknown> } };
}

describe('/v3/hooks', () => {
  const hook = {
    scope: 'store/order/*',
    destination: 'https://app.example.com/webhooks',
    is_active: true,
    headers: { 'X-Secret': 'abc' },
  };

  it('creates, lists, updates and deletes hooks with any valid token, recorded apart from write attempts', async () => {
    const created = await send('POST', '/v3/hooks', hook);
    expect(created.status).toBe(200);
    const id = created.json().data.id as number;
    expect(created.json().data).toMatchObject(hook);
    expect((await send('POST', '/v3/hooks', hook)).status).toBe(422);
    const listed = await call(base, '/v3/hooks', { token: ORDERS_ONLY });
    expect((listed.json() as { data: unknown[] }).data).toHaveLength(1);
    const updated = await send('PUT', `/v3/hooks/${id}`, { headers: { 'X-Secret': 'def' } });
    expect(updated.json().data.headers).toEqual({ 'X-Secret': 'def' });
    expect(sim.hooks('abc123')).toHaveLength(1);
    expect((await send('DELETE', `/v3/hooks/${id}`)).status).toBe(200);
    expect(sim.hooks('abc123')).toEqual([]);
    expect(sim.writeAttempts).toEqual([]);
    expect(sim.hookRequests.map((r) => r.method)).toEqual(['POST', 'POST', 'PUT', 'DELETE']);
  });

  it('refuses a destination that is not HTTPS on 443, and a missing token', async () => {
    expect((await send('POST', '/v3/hooks', { ...hook, destination: 'http://app.example.com/x' })).status).toBe(422);
    expect((await send('POST', '/v3/hooks', { ...hook, destination: 'https://app.example.com:8443/x' })).status).toBe(
      422,
    );
    expect((await send('POST', '/v3/hooks', hook, null)).status).toBe(401);
    expect(sim.hooks('abc123')).toEqual([]);
  });

  it('other writes are still refused and recorded as write attempts', async () => {
    sim.resetLog();
    expect((await send('PUT', '/v2/orders/100', { status_id: 5 })).status).toBe(403);
    expect(sim.writeAttempts).toHaveLength(1);
    expect(sim.hookRequests).toEqual([]);
  });
});
