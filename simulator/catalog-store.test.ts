import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStoreData } from './store-data.js';
import { startSimulator } from './server.js';
import { FIXTURE, call } from './test-support.js';
import type { Simulator } from './types.js';

type Body = { data: Record<string, unknown>[]; meta: { pagination: Record<string, unknown> } };

let sim: Simulator;
let base: string;
beforeAll(async () => {
  sim = await startSimulator({ stores: [{ data: parseStoreData(FIXTURE) }], rateLimit: null });
  base = `${sim.url}/stores/abc123`;
});
afterAll(() => sim.close());

describe('GET /v3/catalog/products', () => {
  it('returns numbers for money and links + too_many in pagination', async () => {
    const body = (await call(base, '/v3/catalog/products?limit=2')).json() as Body;
    expect(body.data.map((p) => p.id)).toEqual([80, 81]);
    expect(body.data[0]).toMatchObject({
      name: 'Orbit Terrarium - Large',
      sku: 'OTL',
      price: 109,
      calculated_price: 109,
      inventory_level: 12,
      is_visible: true,
      availability: 'available',
      custom_url: { url: '/orbit-terrarium-large/', is_customized: false },
    });
    expect(body.data[1]!.price).toBe(24.5);
    expect(body.data[0]!.date_created).toMatch(/\+00:00$/);
    expect(body.meta.pagination).toEqual({
      total: 3,
      count: 2,
      per_page: 2,
      current_page: 1,
      total_pages: 2,
      links: { current: '?limit=2&page=1', next: '?limit=2&page=2' },
      too_many: false,
    });
  });

  it('filters by id:in and trims fields with include_fields', async () => {
    const body = (await call(base, '/v3/catalog/products?id:in=82,80&include_fields=name,price')).json() as Body;
    expect(body.data).toEqual([
      { id: 80, name: 'Orbit Terrarium - Large', price: 109 },
      { id: 82, name: 'Enamel Camp Mug', price: 16 },
    ]);
    const none = (await call(base, '/v3/catalog/products?id:in=1')).json() as Body;
    expect(none.data).toEqual([]);
  });

  it('serves a single product with an empty meta, and a v3 404', async () => {
    expect((await call(base, '/v3/catalog/products/81')).json()).toMatchObject({ data: { id: 81 }, meta: {} });
    const missing = await call(base, '/v3/catalog/products/5');
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ status: 404, errors: {} });
  });

  it('caps limit at 250', async () => {
    const body = (await call(base, '/v3/catalog/products?limit=1000')).json() as Body;
    expect(body.meta.pagination.per_page).toBe(250);
  });
});

describe('store information', () => {
  it('serves /v2/store as a plain object', async () => {
    const store = (await call(base, '/v2/store')).json() as Record<string, unknown>;
    expect(store).toMatchObject({
      id: 'abc123',
      name: 'Fixture Outfitters',
      currency: 'USD',
      language: 'en',
      logo: [],
      control_panel_base_url: 'https://store-abc123.mybigcommerce.com',
    });
    expect((store.timezone as Record<string, unknown>).name).toBe('America/Chicago');
  });

  it('serves /v2/time in unix seconds', async () => {
    const { time } = (await call(base, '/v2/time')).json() as { time: number };
    expect(Math.abs(time - Date.now() / 1000)).toBeLessThan(5);
  });
});
