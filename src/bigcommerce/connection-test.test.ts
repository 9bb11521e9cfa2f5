import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ALL_READ_SCOPES,
  DEFAULT_TOKEN,
  parseStoreData,
  startSimulator,
  type Simulator,
} from '../../simulator/index.js';
import { BigCommerceError, testConnection, type ConnectionTestOptions } from './index.js';
import { FIXTURE_HASH, OTHER_HASH, fixtureStore, otherStore } from './testing/fixture.js';

const scope = (family: string) => `store_v2_${family}_read_only`;
const TOKENS = {
  all: DEFAULT_TOKEN,
  required: 'required0only0token000000000001',
  noOrders: 'no0orders0token0000000000000001',
  noCustomersNoOrders: 'info0and0products0only000000001',
  none: 'no0scopes0at0all000000000000001',
};

let sim: Simulator;
let html: Server;
let htmlUrl = '';

beforeAll(async () => {
  sim = await startSimulator({
    stores: [
      {
        data: parseStoreData(fixtureStore()),
        tokens: [
          { token: TOKENS.all, scopes: ALL_READ_SCOPES },
          { token: TOKENS.required, scopes: [scope('customers'), scope('orders')] },
          { token: TOKENS.noOrders, scopes: [scope('customers'), scope('products'), scope('information')] },
          { token: TOKENS.noCustomersNoOrders, scopes: [scope('products'), scope('information')] },
          { token: TOKENS.none, scopes: [] },
        ],
      },
      // A store with no orders at all (204), reachable with its own token.
      {
        data: parseStoreData(otherStore()),
        tokens: [{ token: 'other0store0token00000000000001', scopes: ALL_READ_SCOPES }],
      },
    ],
    rateLimit: null,
  });
  // A website where the API should be: 200 with HTML.
  html = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>Welcome</body></html>');
  });
  await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
  htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => html.close(resolve));
});
afterEach(() => {
  sim.clearFaults();
  sim.resetLog();
});

function run(extra: Partial<ConnectionTestOptions> = {}) {
  return testConnection({
    storeHash: FIXTURE_HASH,
    accessToken: TOKENS.all,
    apiUrl: sim.url,
    retryBaseDelayMs: 1,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<BigCommerceError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BigCommerceError);
    return error as BigCommerceError;
  }
  throw new Error('expected a failure');
}

describe('testConnection', () => {
  it('succeeds with every scope and returns the store', async () => {
    const report = await run();
    expect(report).toEqual({
      store: expect.objectContaining({ hash: FIXTURE_HASH, name: 'Snoooz Test Supplies', currency: 'USD' }),
      scopes: { customers: true, orders: true, products: true, information: true, shipments: true },
      warnings: [],
    });
    // One probe per scope, in parallel, GET only.
    expect(sim.requests.map((r) => r.path).sort()).toEqual([
      '/v2/orders',
      '/v2/store',
      '/v3/catalog/products',
      '/v3/customers',
    ]);
    expect(sim.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('accepts a pasted API path as the store hash', async () => {
    const report = await run({ storeHash: ` https://api.bigcommerce.com/stores/${FIXTURE_HASH}/v3/customers ` });
    expect(report.store?.hash).toBe(FIXTURE_HASH);
  });

  it('treats a store without orders (204) as working', async () => {
    const report = await run({ storeHash: OTHER_HASH, accessToken: 'other0store0token00000000000001' });
    expect(report.scopes.orders).toBe(true);
    expect(sim.requests.find((r) => r.path === '/v2/orders')?.status).toBe(204);
  });

  it('succeeds with warnings when only products and information are missing', async () => {
    const report = await run({ accessToken: TOKENS.required });
    expect(report.store).toBeNull();
    expect(report.scopes).toEqual({
      customers: true,
      orders: true,
      products: false,
      information: false,
      shipments: true,
    });
    expect(report.warnings).toHaveLength(2);
    expect(report.warnings.join(' ')).toMatch(/Products.*store_v2_products_read_only/);
    expect(report.warnings.join(' ')).toMatch(/Information & Settings/);
  });

  it('fails with missing_scope when orders are missing (shipments need them too)', async () => {
    const error = await failure(run({ accessToken: TOKENS.noOrders }));
    expect(error).toMatchObject({ code: 'missing_scope', scope: 'orders', missingScopes: ['orders'] });
    expect(error.message).toContain('Orders');
  });

  it('names both required scopes when both are missing', async () => {
    const error = await failure(run({ accessToken: TOKENS.noCustomersNoOrders }));
    expect(error).toMatchObject({ code: 'missing_scope', missingScopes: ['customers', 'orders'] });
    expect(error.message).toMatch(/Customers.*Orders/);
  });

  it('reports invalid_store_hash when every probe is refused', async () => {
    expect((await failure(run({ accessToken: TOKENS.none }))).code).toBe('invalid_store_hash');
    // A token of one store used with another store's hash.
    const error = await failure(run({ storeHash: OTHER_HASH }));
    expect(error.code).toBe('invalid_store_hash');
    expect(error.message).toContain('does not match this token');
    // A hash no store has.
    expect((await failure(run({ storeHash: 'zzz999' }))).code).toBe('invalid_store_hash');
  });

  it('reports invalid_store_hash on a 404', async () => {
    sim.addFault({ pathPattern: '/v2/store', status: 404 });
    expect((await failure(run())).code).toBe('invalid_store_hash');
  });

  it('reports invalid_token on a 401 anywhere', async () => {
    expect((await failure(run({ accessToken: 'not0a0real0token000000000000001' }))).code).toBe('invalid_token');
    sim.addFault({ pathPattern: '/v3/catalog/products', status: 401 });
    expect((await failure(run())).code).toBe('invalid_token');
  });

  it('rejects malformed hashes and tokens without a request', async () => {
    expect((await failure(run({ storeHash: 'store/../x' }))).code).toBe('invalid_store_hash');
    expect((await failure(run({ accessToken: '' }))).code).toBe('invalid_token');
    expect(sim.requests).toHaveLength(0);
  });

  it('reports invalid_response when the API URL is a website', async () => {
    expect((await failure(run({ apiUrl: htmlUrl }))).code).toBe('invalid_response');
  });

  it('passes through outages and timeouts', async () => {
    sim.addFault({ pathPattern: '/v3/customers', kind: 'timeout' });
    expect((await failure(run({ timeoutMs: 80, maxRetries: 0 }))).code).toBe('timeout');
  });
});
