/**
 * Read-only by construction: (1) every public operation, run against the simulator, sends only
 * GET; (2) no non-test source file in src/bigcommerce can express another HTTP method.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, parseStoreData, startSimulator, type Simulator } from '../../simulator/index.js';
import * as api from './index.js';
import { FIXTURE_HASH, fixtureStore } from './testing/fixture.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));

describe('GET only, at run time', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ stores: [{ data: parseStoreData(fixtureStore()) }], rateLimit: null });
  });
  afterAll(() => sim.close());

  it('every public method sends GET and nothing else', async () => {
    const options = { storeHash: FIXTURE_HASH, accessToken: DEFAULT_TOKEN, apiUrl: sim.url };
    const store = api.createBigCommerceStore(options);
    const called = new Set<string>();
    const calls: Record<keyof typeof store, () => Promise<unknown>> = {
      storeHash: async () => store.storeHash,
      getStoreInfo: () => store.getStoreInfo(),
      findCustomersByEmail: () => store.findCustomersByEmail('Jane.Doe@example.com'),
      listOrders: () => store.listOrders({ customerId: 1, email: 'jane.doe@example.com', limit: 10 }),
      getOrder: () => store.getOrder(102),
      listOrderProducts: () => store.listOrderProducts(102),
      listOrderShipments: () => store.listOrderShipments(102),
      listOrderShippingAddresses: () => store.listOrderShippingAddresses(102),
      getProductsByIds: () => store.getProductsByIds([80, 81, 82]),
      listOrderStatuses: () => store.listOrderStatuses(),
      searchProducts: async () => store.searchProducts?.('terrarium'),
      getCustomerById: async () => store.getCustomerById?.(1),
      searchCustomers: async () => {
        for (const by of ['email', 'name', 'order'] as const) {
          await store.searchCustomers?.({
            by,
            q: { email: 'jane.doe@example.com', name: 'Jane Doe', order: '102' }[by],
          });
        }
      },
    };
    // Every key of the store is covered: adding a method without adding it here fails the type check and this.
    expect(Object.keys(store).sort()).toEqual(Object.keys(calls).sort());
    for (const [name, call] of Object.entries(calls)) {
      await call();
      called.add(name);
    }
    await api.testConnection(options);
    await api.createBigCommerceClient(options).get('/v2/orders', { limit: 1 });

    expect(called.size).toBe(Object.keys(calls).length);
    expect(sim.requests.length).toBeGreaterThanOrEqual(12);
    expect(new Set(sim.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(sim.writeAttempts).toEqual([]);
  });

  it('the low-level client offers nothing but get', () => {
    const client = api.createBigCommerceClient({
      storeHash: FIXTURE_HASH,
      accessToken: DEFAULT_TOKEN,
      apiUrl: sim.url,
    });
    const functions = Object.entries(client)
      .filter(([, value]) => typeof value === 'function')
      .map(([key]) => key);
    expect(functions).toEqual(['get']);
    expect(() => Object.assign(client, { post: () => undefined })).toThrow(TypeError);
    expect(client.get.length).toBeLessThanOrEqual(3);
  });
});

describe('GET only, in the source', () => {
  function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
    });
  }
  const files = sourceFiles(HERE);
  /** Comments may mention methods ("POST/PUT are refused"); code may not. */
  const code = (path: string) =>
    readFileSync(path, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/(^|[^:])\/\/.*$/gm, '$1');

  it('finds the client sources', () => {
    expect(files.map((f) => relative(HERE, f))).toEqual(expect.arrayContaining(['client.ts', 'index.ts', 'store.ts']));
  });

  it('names no HTTP method but GET', () => {
    // Upper-case method names anywhere in code, or any-case method names as string literals.
    const word = /\b(POST|PUT|PATCH|DELETE|HEAD|OPTIONS|CONNECT|TRACE)\b/;
    const literal = /['"`](post|put|patch|delete|head|options|connect|trace)['"`]/i;
    for (const file of files) {
      const offending = code(file)
        .split('\n')
        .filter((line) => word.test(line) || literal.test(line));
      expect({ file: relative(HERE, file), offending }).toEqual({ file: relative(HERE, file), offending: [] });
    }
  });

  it('sets `method` only to the literal GET', () => {
    const assignments = files.flatMap((file) =>
      [...code(file).matchAll(/\bmethod\s*[:=]\s*([^,;}\n]+)/g)].map((m) => ({
        file: relative(HERE, file),
        value: m[1]?.trim(),
      })),
    );
    expect(assignments.filter((a) => a.file === 'client.ts')).not.toEqual([]);
    expect(assignments.filter((a) => a.value !== "'GET'")).toEqual([]);
  });

  it('sends requests only through fetch in client.ts, with no other HTTP stack', () => {
    for (const file of files) {
      const text = code(file);
      const name = relative(HERE, file);
      if (name !== 'client.ts')
        expect({ name, fetch: /\bfetch(Impl)?\s*\(/.test(text) }).toEqual({ name, fetch: false });
      expect({
        name,
        imports: /from\s+'(node:)?(http|https|http2|net|tls)'|from\s+'(undici|axios|got|node-fetch)'/.test(text),
      }).toEqual({
        name,
        imports: false,
      });
    }
  });
});
