import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createBigCommerceClient, scopeForPath, type BigCommerceClientOptions } from './client.js';
import { DEFAULT_API_URL, resolveApiUrl } from './config.js';
import { BigCommerceError } from './errors.js';
import { InMemoryRateLimitState } from './rate-limit.js';
import { fakeFetch, TEST_HASH, TEST_TOKEN, type Reply } from './testing/fake-fetch.js';

function clientWith(
  script: Reply[] | ((call: never, index: number) => Reply),
  extra: Partial<BigCommerceClientOptions> = {},
) {
  const fake = fakeFetch(script as Reply[]);
  const client = createBigCommerceClient({
    storeHash: TEST_HASH,
    accessToken: TEST_TOKEN,
    apiUrl: 'https://bc.test',
    fetch: fake.fetch,
    retryBaseDelayMs: 1,
    ...extra,
  });
  return { client, fake };
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

describe('requests', () => {
  it('sends a GET with the token, JSON Accept and a user agent to /stores/{hash}/...', async () => {
    const { client, fake } = clientWith([{ status: 200, body: { ok: true } }]);
    const response = await client.get('/v2/store');
    expect(response).toMatchObject({ status: 200, body: { ok: true } });
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls;
    expect(call?.url).toBe('https://bc.test/stores/abc123def/v2/store');
    expect(call?.method).toBe('GET');
    expect(call?.headers['x-auth-token']).toBe(TEST_TOKEN);
    expect(call?.headers.accept).toBe('application/json');
    expect(call?.headers['user-agent']).toMatch(/snoooz/);
    expect(call?.redirect).toBe('manual');
  });

  it('keeps list filters readable and percent-encodes values (+ in emails)', async () => {
    const { client, fake } = clientWith([{ status: 200, body: { data: [] } }]);
    await client.get('/v3/customers', { 'email:in': ['Jane+shop@Example.com', 'jane+shop@example.com'], limit: 5 });
    expect(fake.calls[0]?.url).toBe(
      'https://bc.test/stores/abc123def/v3/customers?email:in=Jane%2Bshop%40Example.com,jane%2Bshop%40example.com&limit=5',
    );
  });

  it('accepts a pasted API URL as the store hash', () => {
    const { client } = clientWith([{ status: 204 }], {
      storeHash: ' https://api.bigcommerce.com/stores/abc123def/v3/customers ',
    });
    expect(client.storeHash).toBe('abc123def');
  });

  it('rejects paths outside /v2 and /v3 before sending anything', async () => {
    const { client, fake } = clientWith([{ status: 200, body: {} }]);
    for (const path of ['/v2/../v3', '//evil.com/v2', 'v2/store', '/v4/store', '/v2/orders?x=1', '/v2/a b']) {
      await expect(client.get(path)).rejects.toBeInstanceOf(BigCommerceError);
    }
    expect(fake.calls).toHaveLength(0);
  });

  it('maps 204 and empty bodies to null', async () => {
    const { client } = clientWith([{ status: 204 }, { status: 200, text: '' }]);
    expect((await client.get('/v2/orders')).body).toBeNull();
    expect((await client.get('/v2/orders')).body).toBeNull();
  });

  it('is frozen and has no way to send another method', () => {
    const { client } = clientWith([{ status: 204 }]);
    expect(Object.isFrozen(client)).toBe(true);
    expect(Object.keys(client).sort()).toEqual(['apiUrl', 'get', 'storeHash']);
  });

  it('asks for gzip (fetch does) and reads gzipped bodies', async () => {
    let acceptEncoding = '';
    const server = createServer((req, res) => {
      acceptEncoding = String(req.headers['accept-encoding']);
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ id: 'abc123def', zipped: true })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = createBigCommerceClient({
        storeHash: TEST_HASH,
        accessToken: TEST_TOKEN,
        apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      });
      expect((await client.get('/v2/store')).body).toEqual({ id: 'abc123def', zipped: true });
      expect(acceptEncoding).toMatch(/gzip/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('limits concurrency', async () => {
    const fake = fakeFetch([{ status: 204 }], 10);
    const client = createBigCommerceClient({
      storeHash: TEST_HASH,
      accessToken: TEST_TOKEN,
      apiUrl: 'https://bc.test',
      fetch: fake.fetch,
      concurrency: 2,
    });
    await Promise.all(Array.from({ length: 8 }, () => client.get('/v2/orders')));
    expect(fake.calls).toHaveLength(8);
    expect(fake.maxInFlight).toBe(2);
  });
});

describe('retries', () => {
  it('retries 5xx and then succeeds', async () => {
    const { client, fake } = clientWith([{ status: 500, text: 'oops' }, { status: 503 }, { status: 200, body: [1] }]);
    expect((await client.get('/v2/orders')).body).toEqual([1]);
    expect(fake.calls).toHaveLength(3);
  });

  it('gives up after maxRetries with unavailable, never echoing an HTML page', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>';
    const { client, fake } = clientWith([{ status: 502, text: html, headers: { 'content-type': 'text/html' } }], {
      maxRetries: 2,
    });
    const error = await failure(client.get('/v2/orders'));
    expect(error.code).toBe('unavailable');
    expect(error.status).toBe(502);
    expect(error.attempts).toBe(3);
    expect(error.retryable).toBe(true);
    expect(error.message).not.toMatch(/html|nginx/i);
    expect(error.message).not.toContain('\n');
    expect(fake.calls).toHaveLength(3);
  });

  it('treats HTML with a 200 as invalid_response', async () => {
    const { client } = clientWith([{ status: 200, text: '<html></html>', headers: { 'content-type': 'text/html' } }]);
    expect((await failure(client.get('/v2/store'))).code).toBe('invalid_response');
  });

  it('treats non-JSON 200 bodies as invalid_response without retrying', async () => {
    const { client, fake } = clientWith([{ status: 200, text: '{"data": [' }]);
    expect((await failure(client.get('/v2/store'))).code).toBe('invalid_response');
    expect(fake.calls).toHaveLength(1);
  });

  it('retries network errors, then reports unavailable with a clean cause', async () => {
    const cause = Object.assign(new Error(`connect ECONNREFUSED (token ${TEST_TOKEN})`), { code: 'ECONNREFUSED' });
    const networkError = new TypeError('fetch failed', { cause });
    const { client, fake } = clientWith([{ networkError }], { maxRetries: 1 });
    const error = await failure(client.get('/v2/store'));
    expect(error.code).toBe('unavailable');
    expect(fake.calls).toHaveLength(2);
    expect((error.cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(String((error.cause as Error).message)).not.toContain(TEST_TOKEN);
    expect(error.cause).not.toBe(networkError);
  });

  it('times out each attempt and reports timeout', async () => {
    const { client, fake } = clientWith([{ hang: true }], { timeoutMs: 30, maxRetries: 1 });
    const error = await failure(client.get('/v2/store'));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('30 ms');
    expect(fake.calls).toHaveLength(2);
  });

  it('recovers when a timed-out attempt is followed by an answer', async () => {
    const { client } = clientWith([{ hang: true }, { status: 200, body: { id: 1 } }], { timeoutMs: 30 });
    expect((await client.get('/v2/store')).body).toEqual({ id: 1 });
  });

  it('passes a caller abort through without retrying', async () => {
    const { client, fake } = clientWith([{ hang: true }], { timeoutMs: 5_000 });
    const controller = new AbortController();
    const pending = client.get('/v2/store', {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.calls).toHaveLength(1);
  });

  it('on 429 waits for X-Rate-Limit-Time-Reset-Ms, then retries', async () => {
    const { client, fake } = clientWith([
      {
        status: 429,
        body: { status: 429, title: 'Too many requests' },
        headers: { 'x-rate-limit-time-reset-ms': '120' },
      },
      { status: 200, body: { ok: 1 } },
    ]);
    const started = Date.now();
    expect((await client.get('/v2/store')).body).toEqual({ ok: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect(fake.calls).toHaveLength(2);
  });

  it('on 429 falls back to X-Retry-After seconds', async () => {
    const { client } = clientWith([
      { status: 429, headers: { 'x-retry-after': '0.1' } },
      { status: 200, body: {} },
    ]);
    const started = Date.now();
    await client.get('/v2/store');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('backs off on a 429 without rate-limit headers (platform load) without blocking the store', async () => {
    const state = new InMemoryRateLimitState();
    const { client, fake } = clientWith([{ status: 429 }, { status: 200, body: {} }], { rateLimitState: state });
    await client.get('/v2/store');
    expect(fake.calls).toHaveLength(2);
    expect(await state.reserve(TEST_HASH)).toBe(0);
  });

  it('reports rate_limited when 429s outlast the retries', async () => {
    const { client, fake } = clientWith([{ status: 429, headers: { 'x-rate-limit-time-reset-ms': '5' } }], {
      maxRetries: 2,
    });
    const error = await failure(client.get('/v2/store'));
    expect(error.code).toBe('rate_limited');
    expect(fake.calls).toHaveLength(3);
  });
});

describe('status mapping', () => {
  it.each<[number, string, unknown]>([
    [401, 'invalid_token', { status: 401, title: 'Unauthorized' }],
    [403, 'missing_scope', { status: 403, title: "You don't have a required scope to access the endpoint" }],
    [404, 'not_found', [{ status: 404, message: 'The requested resource was not found.' }]],
    [400, 'bad_request', [{ status: 400, message: 'Bad request' }]],
    [422, 'bad_request', { status: 422, title: 'The filter(s): foo are not valid filter parameter(s).' }],
    [405, 'bad_request', {}],
  ])('%i → %s, not retried', async (status, code, body) => {
    const { client, fake } = clientWith([{ status, body }]);
    const error = await failure(client.get('/v2/orders'));
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(fake.calls).toHaveLength(1);
  });

  it('names the scope of a 403 from the path', async () => {
    const { client } = clientWith([{ status: 403, body: {} }]);
    expect((await failure(client.get('/v3/customers'))).scope).toBe('customers');
    expect((await failure(client.get('/v2/orders/1/shipments'))).scope).toBe('orders');
    expect((await failure(client.get('/v3/catalog/products'))).scope).toBe('products');
    expect((await failure(client.get('/v2/store'))).scope).toBe('information');
    expect(scopeForPath('/v2/order_statuses')).toBe('orders');
  });

  it('shows the 422 title without emails', async () => {
    const { client } = clientWith([{ status: 422, body: { title: 'Invalid value jane@example.com for email:in' } }]);
    const error = await failure(client.get('/v3/customers'));
    expect(error.message).toContain('Invalid value [email] for email:in');
    expect(error.message).not.toContain('jane@example.com');
  });

  it('refuses to follow redirects (they would carry the token elsewhere)', async () => {
    const { client } = clientWith([{ status: 302, headers: { location: 'https://elsewhere.test/' } }]);
    expect((await failure(client.get('/v2/store'))).code).toBe('invalid_response');
  });
});

describe('rate-limit state', () => {
  it('records headers and throttles when few requests are left', async () => {
    let now = 1_000;
    const state = new InMemoryRateLimitState({ now: () => now });
    await state.record('s', { left: 100, quota: 150, windowMs: 30_000, resetMs: 10_000 });
    expect(await state.reserve('s')).toBe(0);
    await state.record('s', { left: 5, quota: 150, windowMs: 30_000, resetMs: 10_000 });
    // Low: five left over ten seconds → two seconds apart.
    expect(await state.reserve('s')).toBe(0);
    expect(await state.reserve('s')).toBe(2_000);
    expect(await state.reserve('s')).toBe(4_000);
    now += 10_000;
    expect(await state.reserve('s')).toBe(0); // window refilled
  });

  it('a stale count from a response in flight never raises what is left in the same window', async () => {
    let now = 0;
    const state = new InMemoryRateLimitState({ now: () => now });
    await state.record('s', { left: 20, quota: 150, windowMs: 30_000, resetMs: 10_000 });
    // 15 (10% of 150) is the low watermark: five reservations take us there, the sixth takes
    // the first spaced slot (now), the seventh waits.
    for (let i = 0; i < 6; i++) expect(await state.reserve('s')).toBe(0);
    expect(await state.reserve('s')).toBeGreaterThan(0);
    // A response sent before those reservations says 18 left, in the same window (its reset is
    // 40 ms later only by its transfer time): still throttled.
    now += 100;
    await state.record('s', { left: 18, quota: 150, windowMs: 30_000, resetMs: 9_940 });
    expect(await state.reserve('s')).toBeGreaterThan(0);
    // Fewer left than we thought (another app spends the quota too) lowers it.
    await state.record('s', { left: 0, quota: 150, windowMs: 30_000, resetMs: 9_900 });
    expect(await state.reserve('s')).toBeGreaterThanOrEqual(9_900);
    // The next window replaces the estimate.
    now += 10_000;
    await state.record('s', { left: 149, quota: 150, windowMs: 30_000, resetMs: 29_950 });
    expect(await state.reserve('s')).toBe(0);
  });

  it('waits for the reset when nothing is left, then releases at the average rate', async () => {
    const state = new InMemoryRateLimitState({ now: () => 0 });
    await state.record('s', { left: 0, quota: 10, windowMs: 1_000, resetMs: 500 });
    expect(await state.reserve('s')).toBe(500);
    expect(await state.reserve('s')).toBe(600);
    expect(await state.reserve('other')).toBe(0); // per store
  });

  it('slows the client down before the quota hits zero', async () => {
    const headers = {
      'x-rate-limit-requests-left': '1',
      'x-rate-limit-requests-quota': '10',
      'x-rate-limit-time-window-ms': '1000',
      'x-rate-limit-time-reset-ms': '150',
    };
    const { client } = clientWith([{ status: 200, body: {}, headers }]);
    await client.get('/v2/store');
    const started = Date.now();
    await client.get('/v2/store'); // 1 left: its slot is now
    await client.get('/v2/store'); // 0 left: wait for the reset
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('shares one state across clients of the same store', async () => {
    const state = new InMemoryRateLimitState();
    const headers = { 'x-rate-limit-requests-left': '0', 'x-rate-limit-time-reset-ms': '120' };
    const a = clientWith([{ status: 200, body: {}, headers }], { rateLimitState: state });
    const b = clientWith([{ status: 200, body: {} }], { rateLimitState: state });
    await a.client.get('/v2/store');
    const started = Date.now();
    await b.client.get('/v2/store');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });
});

describe('configuration', () => {
  it('resolves the API URL: option, then BIGCOMMERCE_API_URL, then the default', () => {
    expect(resolveApiUrl('http://127.0.0.1:4010/', { BIGCOMMERCE_API_URL: 'https://x.test' })).toBe(
      'http://127.0.0.1:4010',
    );
    expect(resolveApiUrl(undefined, { BIGCOMMERCE_API_URL: ' https://x.test/base/ ' })).toBe('https://x.test/base');
    expect(resolveApiUrl(undefined, {})).toBe(DEFAULT_API_URL);
    expect(resolveApiUrl('', {})).toBe(DEFAULT_API_URL);
  });

  it.each(['ftp://x.test', 'https://user:pw@x.test', 'https://x.test/?a=1', 'not a url'])(
    'rejects API URL %j',
    (apiUrl) => {
      expect(() => resolveApiUrl(apiUrl, {})).toThrow(BigCommerceError);
    },
  );

  it('rejects unusable tokens without sending anything', () => {
    const fake = fakeFetch([{ status: 200, body: {} }]);
    for (const accessToken of ['', '   ', 'abc\ndef', 'tökén']) {
      let error: unknown;
      try {
        createBigCommerceClient({ storeHash: TEST_HASH, accessToken, fetch: fake.fetch });
      } catch (caught) {
        error = caught;
      }
      expect(error).toMatchObject({ code: 'invalid_token' });
      expect(String((error as Error).message)).not.toContain(accessToken.trim() || '\u0000');
    }
    expect(fake.calls).toHaveLength(0);
  });
});
