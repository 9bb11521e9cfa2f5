/**
 * The webhook module against the simulator (register idempotently, list, update the secret,
 * remove) and, by scanning its sources, proof that every request it can build is under /v3/hooks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, parseStoreData, startSimulator, type Simulator } from '../../simulator/index.js';
import { FIXTURE_HASH, fixtureStore } from '../bigcommerce/testing/fixture.js';
import { createBigCommerceStore } from '../bigcommerce/index.js';
import {
  SNOOOZ_WEBHOOK_SCOPES,
  WEBHOOK_SECRET_HEADER,
  isWebhookError,
  listWebhooks,
  registerWebhooks,
  removeWebhooks,
} from './index.js';
import { HOOKS_COLLECTION, hooksPath } from './paths.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DESTINATION = 'https://snoooz.example/webhooks/bigcommerce/abcdefghijklmnopqrstuvwx';
const SECRET = 'secret-0123456789-abcdefghijkl';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ stores: [{ data: parseStoreData(fixtureStore()) }], rateLimit: null });
});
afterAll(() => sim.close());

describe('registerWebhooks / listWebhooks / removeWebhooks against the simulator', () => {
  const conn = () => ({ storeHash: FIXTURE_HASH, accessToken: DEFAULT_TOKEN, apiUrl: sim.url });

  it('creates one hook per scope with the secret header, and is idempotent', async () => {
    sim.resetLog();
    const first = await registerWebhooks({ ...conn(), destination: DESTINATION, secret: SECRET });
    expect(first.created.map((h) => h.scope)).toEqual([...SNOOOZ_WEBHOOK_SCOPES]);
    expect(first.updated).toEqual([]);
    const stored = sim.hooks(FIXTURE_HASH);
    expect(stored).toHaveLength(2);
    expect(stored.every((h) => h.headers?.[WEBHOOK_SECRET_HEADER] === SECRET && h.is_active)).toBe(true);

    const again = await registerWebhooks({ ...conn(), destination: DESTINATION, secret: SECRET });
    expect(again.created).toEqual([]);
    expect(again.updated).toEqual([]);
    expect(again.unchanged).toHaveLength(2);
    expect(sim.hooks(FIXTURE_HASH)).toHaveLength(2);

    const listed = await listWebhooks(conn(), { secret: SECRET });
    expect(listed.map((h) => [h.scope, h.destination, h.isActive, h.secretMatches])).toEqual(
      SNOOOZ_WEBHOOK_SCOPES.map((s) => [s, DESTINATION, true, true]),
    );
  });

  it('updates the hooks of our destination when the secret changed', async () => {
    const rotated = `${SECRET}-rotated`;
    const result = await registerWebhooks({ ...conn(), destination: DESTINATION, secret: rotated });
    expect(result.updated).toHaveLength(2);
    expect(result.created).toEqual([]);
    expect(sim.hooks(FIXTURE_HASH).map((h) => h.headers?.[WEBHOOK_SECRET_HEADER])).toEqual([rotated, rotated]);
  });

  it('removes our hooks and leaves the store data untouched', async () => {
    const removed = await removeWebhooks(conn(), { destination: DESTINATION });
    expect(removed).toHaveLength(2);
    expect(sim.hooks(FIXTURE_HASH)).toEqual([]);
    expect(await listWebhooks(conn())).toEqual([]);
    // Every non-GET went to /v3/hooks and is recorded as a hook registration, not a write attempt.
    expect(sim.writeAttempts).toEqual([]);
    expect(sim.hookRequests.length).toBeGreaterThanOrEqual(6);
    expect(
      sim.hookRequests.every((r) => r.path === HOOKS_COLLECTION || r.path.startsWith(`${HOOKS_COLLECTION}/`)),
    ).toBe(true);
    expect(sim.requests.every((r) => r.path.startsWith(HOOKS_COLLECTION))).toBe(true);
  });

  it('the store-data client still sends only GET', async () => {
    sim.resetLog();
    const store = createBigCommerceStore(conn());
    await store.findCustomersByEmail('jane.doe@example.com');
    await store.getOrder(102);
    expect(new Set(sim.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(sim.writeAttempts).toEqual([]);
    expect(sim.hookRequests).toEqual([]);
  });

  it('refuses a destination BigCommerce would never call, before any request', async () => {
    sim.resetLog();
    for (const destination of ['http://snoooz.example/x', 'https://snoooz.example:8443/x', 'not a url']) {
      const error = await registerWebhooks({ ...conn(), destination, secret: SECRET }).catch((e: unknown) => e);
      expect(isWebhookError(error, 'invalid_destination')).toBe(true);
    }
    const weak = await registerWebhooks({ ...conn(), destination: DESTINATION, secret: 'short' }).catch((e) => e);
    expect(isWebhookError(weak, 'invalid_secret')).toBe(true);
    expect(sim.requests).toEqual([]);
  });

  it('a bad token is a typed error that never contains the token or the secret', async () => {
    const token = 'wrongtoken000000000000000000001';
    const error = await registerWebhooks({
      ...conn(),
      accessToken: token,
      destination: DESTINATION,
      secret: SECRET,
    }).catch((e: unknown) => e);
    expect(isWebhookError(error, 'invalid_token')).toBe(true);
    const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack ?? ''}`;
    expect(text).not.toContain(token);
    expect(text).not.toContain(SECRET);
  });

  it('network failures are typed and redacted', async () => {
    const error = await listWebhooks({ ...conn(), apiUrl: 'http://127.0.0.1:1' }).catch((e: unknown) => e);
    expect(isWebhookError(error, 'unavailable')).toBe(true);
    expect(String(error)).not.toContain(DEFAULT_TOKEN);
  });
});

describe('every request path is under /v3/hooks, in the source', () => {
  const files = readdirSync(HERE)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(HERE, name));
  const code = (path: string) =>
    readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:])\/\/.*$/gm, '$1');

  it('hooksPath builds only the collection and one hook by id', () => {
    expect(hooksPath()).toBe('/v3/hooks');
    expect(hooksPath(7)).toBe('/v3/hooks/7');
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => hooksPath(bad)).toThrow(RangeError);
  });

  it('only paths.ts names an API path, and only /v3/hooks', () => {
    for (const file of files) {
      const name = relative(HERE, file);
      const apiPaths = [...code(file).matchAll(/['"`](\/v\d[^'"`]*)['"`]/g)].map((m) => m[1]);
      if (name === 'paths.ts') expect(apiPaths).toEqual(['/v3/hooks']);
      else expect({ name, apiPaths }).toEqual({ name, apiPaths: [] });
    }
  });

  it('every request goes through send() with a path from hooksPath()', () => {
    const hooks = code(join(HERE, 'hooks.ts'));
    // One fetch, whose URL is the store base plus the `path` argument.
    expect([...hooks.matchAll(/\bdoFetch\(/g)]).toHaveLength(1);
    expect(hooks).toMatch(/doFetch\(`\$\{apiUrl\}\/stores\/\$\{storeHash\}\$\{path\}`/);
    const calls = [...hooks.matchAll(/\bsend\(\s*\w+,\s*'(GET|POST|PUT|DELETE)',\s*([^,]+),/g)];
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const call of calls) expect(call[2]).toMatch(/^hooksPath\((hook\.id)?\)$/);
    for (const file of files) {
      const name = relative(HERE, file);
      if (name !== 'hooks.ts') expect({ name, fetch: /\bfetch\s*\(/.test(code(file)) }).toEqual({ name, fetch: false });
    }
  });
});
