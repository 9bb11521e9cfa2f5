/** Errors, retries, timeouts and rate limits against the simulator's injected faults. */
import { createServer } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, parseStoreData, startSimulator, type Simulator } from '../../simulator/index.js';
import {
  BigCommerceError,
  createBigCommerceClient,
  createBigCommerceStore,
  parseStoreHash,
  testConnection,
  type BigCommerceClientOptions,
  type BigCommerceErrorCode,
} from './index.js';
import { FIXTURE_HASH, fixtureStore } from './testing/fixture.js';

let sim: Simulator;
/** A local port with nothing listening: connections are refused at once. */
let closedUrl = '';
const ORDERS_ONLY_TOKEN = 'ordersonly0token0for0tests00001';

beforeAll(async () => {
  sim = await startSimulator({
    stores: [
      {
        data: parseStoreData(fixtureStore()),
        tokens: [
          {
            token: DEFAULT_TOKEN,
            scopes: [
              'store_v2_customers_read_only',
              'store_v2_orders_read_only',
              'store_v2_products_read_only',
              'store_v2_information_read_only',
            ],
          },
          { token: ORDERS_ONLY_TOKEN, scopes: ['store_v2_orders_read_only'] },
        ],
      },
    ],
    rateLimit: null,
  });
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  closedUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await new Promise((resolve) => server.close(resolve));
});
afterAll(() => sim.close());
afterEach(() => {
  sim.clearFaults();
  sim.resetLog();
});

function options(extra: Partial<BigCommerceClientOptions> = {}): BigCommerceClientOptions {
  return { storeHash: FIXTURE_HASH, accessToken: DEFAULT_TOKEN, apiUrl: sim.url, retryBaseDelayMs: 1, ...extra };
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

describe('retries', () => {
  it('retries a 5xx and then succeeds', async () => {
    sim.addFault({ pathPattern: '/v2/store', status: 503, times: 2 });
    const info = await createBigCommerceStore(options()).getStoreInfo();
    expect(info.name).toBe('Snoooz Test Supplies');
    expect(sim.requests.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('gives up with unavailable after the retries, on an HTML 500 page', async () => {
    sim.addFault({ pathPattern: '/v2/store', kind: 'html', status: 500 });
    const error = await failure(createBigCommerceStore(options({ maxRetries: 2 })).getStoreInfo());
    expect(error).toMatchObject({ code: 'unavailable', status: 500, attempts: 3, retryable: true });
    expect(error.message).not.toMatch(/<|html/i);
    expect(sim.requests).toHaveLength(3);
  });

  it('retries a reset connection', async () => {
    sim.addFault({ pathPattern: '/v2/order_statuses', kind: 'reset', times: 1 });
    const statuses = await createBigCommerceStore(options()).listOrderStatuses();
    expect(statuses).toHaveLength(15);
    expect(sim.requests).toHaveLength(2);
  });

  it('reports unavailable when the network is down', async () => {
    const store = createBigCommerceStore(options({ apiUrl: closedUrl, maxRetries: 1 }));
    const error = await failure(store.getStoreInfo());
    expect(error.code).toBe('unavailable');
    expect(error.status).toBeNull();
    expect((error.cause as { code?: string } | undefined)?.code).toBe('ECONNREFUSED');
  });

  it('times out a hanging request, retries, then reports timeout', async () => {
    sim.addFault({ pathPattern: '/v3/customers', kind: 'timeout' });
    const store = createBigCommerceStore(options({ timeoutMs: 100, maxRetries: 1 }));
    const started = Date.now();
    const error = await failure(store.findCustomersByEmail('jane.doe@example.com'));
    expect(error).toMatchObject({ code: 'timeout', retryable: true, attempts: 2 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('recovers after one timeout', async () => {
    sim.addFault({ pathPattern: '/v3/customers', kind: 'timeout', times: 1 });
    const store = createBigCommerceStore(options({ timeoutMs: 100 }));
    expect((await store.findCustomersByEmail('jane.doe@example.com')).map((c) => c.id)).toEqual([1]);
  });
});

describe('rate limits', () => {
  it('on 429 waits for the reset, then succeeds', async () => {
    sim.addFault({ pathPattern: '/v2/orders', status: 429, retryAfterMs: 300, times: 1 });
    const started = Date.now();
    const orders = await createBigCommerceStore(options()).listOrders({ customerId: 1, limit: 5 });
    expect(orders.map((o) => o.id)).toEqual([101, 100]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(sim.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('reports rate_limited when 429s outlast the retries', async () => {
    sim.addFault({ pathPattern: '/v2/orders', status: 429, retryAfterMs: 10 });
    const error = await failure(createBigCommerceStore(options({ maxRetries: 2 })).getOrder(100));
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, retryable: true });
    expect(sim.requests).toHaveLength(3);
  });

  it('self-throttles so a sequential burst never meets a 429', async () => {
    const limited = await startSimulator({
      stores: [{ data: parseStoreData(fixtureStore()) }],
      rateLimit: { quota: 5, windowMs: 600 },
    });
    try {
      const store = createBigCommerceStore(options({ apiUrl: limited.url }));
      for (let i = 0; i < 12; i++) await store.getOrder(100);
      expect(limited.requests).toHaveLength(12);
      expect(limited.requests.filter((r) => r.status === 429)).toHaveLength(0);
    } finally {
      await limited.close();
    }
  });

  it('gets through a concurrent burst above the quota', async () => {
    const limited = await startSimulator({
      stores: [{ data: parseStoreData(fixtureStore()) }],
      rateLimit: { quota: 4, windowMs: 400 },
    });
    try {
      const store = createBigCommerceStore(options({ apiUrl: limited.url, maxRetries: 5 }));
      const orders = await Promise.all(Array.from({ length: 10 }, () => store.getOrder(101)));
      expect(orders.every((o) => o?.id === 101)).toBe(true);
      expect(limited.writeAttempts).toHaveLength(0);
    } finally {
      await limited.close();
    }
  });
});

describe('error codes', () => {
  it('invalid_token on 401', async () => {
    const error = await failure(
      createBigCommerceStore(options({ accessToken: 'wrong0token0000000000000000000' })).getStoreInfo(),
    );
    expect(error).toMatchObject({ code: 'invalid_token', status: 401, retryable: false });
    expect(sim.requests).toHaveLength(1); // never retried
  });

  it('missing_scope on 403, naming the scope', async () => {
    const store = createBigCommerceStore(options({ accessToken: ORDERS_ONLY_TOKEN }));
    const customers = await failure(store.findCustomersByEmail('jane.doe@example.com'));
    expect(customers).toMatchObject({ code: 'missing_scope', scope: 'customers', status: 403 });
    expect(customers.message).toContain('Customers');
    expect((await failure(store.getStoreInfo())).scope).toBe('information');
    // Orders scope is there: orders work, products lines too (they need only Orders).
    expect((await store.listOrderProducts(100)).length).toBe(1);
  });

  it('catalog prices are left out, not guessed, without the Information scope', async () => {
    const readsProducts = 'products0only0token0for0tests01';
    const sim2 = await startSimulator({
      stores: [
        {
          data: parseStoreData(fixtureStore()),
          tokens: [{ token: readsProducts, scopes: ['store_v2_products_read_only'] }],
        },
      ],
      rateLimit: null,
    });
    try {
      const store = createBigCommerceStore(options({ apiUrl: sim2.url, accessToken: readsProducts }));
      const [product] = await store.getProductsByIds([80]);
      expect(product).toMatchObject({ id: 80, price: null });
    } finally {
      await sim2.close();
    }
  });

  it('not_found on 404 from the low-level client', async () => {
    const client = createBigCommerceClient(options());
    const error = await failure(client.get('/v2/orders/424242'));
    expect(error).toMatchObject({ code: 'not_found', status: 404, path: '/v2/orders/424242' });
  });

  it('bad_request on 422 (an unknown filter), with the title', async () => {
    const client = createBigCommerceClient(options());
    const error = await failure(client.get('/v3/customers', { 'shoe_size:in': [42] }));
    expect(error).toMatchObject({ code: 'bad_request', status: 422 });
    expect(error.message).toContain('shoe_size:in');
  });

  it('invalid_store_hash before any request', async () => {
    for (const storeHash of ['abc/../x', 'ABC', 'evil.com', 'https://api.bigcommerce.com/v3/customers']) {
      expect(() => createBigCommerceStore(options({ storeHash }))).toThrow(
        expect.objectContaining({ code: 'invalid_store_hash' }),
      );
    }
    expect(parseStoreHash(`${sim.url}/stores/${FIXTURE_HASH}/v3/customers`)).toBe(FIXTURE_HASH);
    const store = createBigCommerceStore(
      options({ storeHash: `https://api.bigcommerce.com/stores/${FIXTURE_HASH}/v3/` }),
    );
    expect((await store.getStoreInfo()).hash).toBe(FIXTURE_HASH);
    expect(sim.requests.map((r) => r.storeHash)).toEqual([FIXTURE_HASH]);
  });
});

describe('the token never leaks', () => {
  const TOKEN = DEFAULT_TOKEN;

  async function errorsOfEveryCode(): Promise<Map<BigCommerceErrorCode, BigCommerceError>> {
    const found = new Map<BigCommerceErrorCode, BigCommerceError>();
    const collect = async (promise: Promise<unknown>) => {
      const error = await failure(promise);
      found.set(error.code, error);
    };
    const make = (extra: Partial<BigCommerceClientOptions> = {}) => createBigCommerceStore(options(extra));
    const client = createBigCommerceClient(options());

    try {
      make({ storeHash: `../${TOKEN}` });
    } catch (error) {
      found.set((error as BigCommerceError).code, error as BigCommerceError);
    }
    await collect(make({ accessToken: `${TOKEN}x` }).getStoreInfo()); // invalid_token
    await collect(make({ accessToken: ORDERS_ONLY_TOKEN }).getStoreInfo()); // missing_scope
    await collect(client.get('/v2/orders/424242')); // not_found
    await collect(client.get('/v3/customers', { [`${TOKEN}:in`]: TOKEN })); // bad_request, echoing the token
    sim.addFault({ pathPattern: '/v2/time', status: 429, retryAfterMs: 5 });
    await collect(createBigCommerceClient(options({ maxRetries: 0 })).get('/v2/time')); // rate_limited
    sim.addFault({ pathPattern: '/v2/store', kind: 'html', status: 502 });
    await collect(make({ maxRetries: 0 }).getStoreInfo()); // unavailable
    await collect(make({ apiUrl: closedUrl, maxRetries: 0 }).getStoreInfo()); // unavailable + cause
    sim.addFault({ pathPattern: '/v3/customers', kind: 'timeout' });
    await collect(make({ timeoutMs: 50, maxRetries: 0 }).findCustomersByEmail('a@b.c')); // timeout
    sim.clearFaults();
    // invalid_response: a 200 HTML page, as when the API URL points at a website.
    const html = async () => new Response('<html>hi</html>', { status: 200, headers: { 'content-type': 'text/html' } });
    await collect(make({ fetch: html as typeof fetch }).getStoreInfo());
    return found;
  }

  it('appears in no error of any code (message, cause, stack, JSON, inspect)', async () => {
    const errors = await errorsOfEveryCode();
    expect([...errors.keys()].sort()).toEqual(
      [
        'bad_request',
        'invalid_response',
        'invalid_store_hash',
        'invalid_token',
        'missing_scope',
        'not_found',
        'rate_limited',
        'timeout',
        'unavailable',
      ].sort(),
    );
    // The 422 title echoed our bogus filter name, token included: it was redacted, not dropped.
    expect(errors.get('bad_request')?.message).toContain('[redacted]:in');
    for (const error of errors.values()) {
      const views = [
        error.message,
        String(error.stack),
        JSON.stringify(error),
        JSON.stringify({ ...error, cause: error.cause }),
        inspect(error, { depth: Infinity, showHidden: true }),
        String((error.cause as Error | undefined)?.stack ?? ''),
      ];
      for (const view of views) expect(view).not.toContain(TOKEN);
      expect(error.message).not.toContain('\n');
    }
  });

  it('appears in no log line; emails are masked', async () => {
    const lines: string[] = [];
    const logger = {
      debug: (obj: object, msg?: string) => lines.push(JSON.stringify({ ...obj, msg })),
      warn: (obj: object, msg?: string) => lines.push(JSON.stringify({ ...obj, msg })),
    };
    sim.addFault({ pathPattern: '/v3/customers', status: 500, times: 1 });
    const store = createBigCommerceStore(options({ logger }));
    await store.findCustomersByEmail('Jane.Doe@Example.com');
    await store.listOrders({ email: 'jane.doe@example.com', limit: 3 });
    await store.getStoreInfo();
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const all = lines.join('\n');
    expect(all).not.toContain(TOKEN);
    expect(all.toLowerCase()).not.toContain('jane.doe@example.com');
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ method: 'GET', path: '/v3/customers', status: 500, store: FIXTURE_HASH });
    expect(typeof first.durationMs).toBe('number');
  });

  it('works with a real pino logger', async () => {
    const { pino } = await import('pino');
    const chunks: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => chunks.push(line) });
    await createBigCommerceStore(options({ logger })).getStoreInfo();
    expect(chunks.join('')).toContain('"path":"/v2/store"');
    expect(chunks.join('')).not.toContain(TOKEN);
  });
});

describe('connection test error paths', () => {
  it('reports the first non-scope failure instead of guessing', async () => {
    sim.addFault({ pathPattern: '/v3/catalog/products', status: 503 });
    const error = await failure(testConnection(options({ maxRetries: 0 })));
    expect(error.code).toBe('unavailable');
  });
});
