import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStoreData } from './store-data.js';
import { startSimulator } from './server.js';
import { FIXTURE, call } from './test-support.js';
import type { Simulator } from './types.js';

type Body = { data: Record<string, unknown>[]; meta: Record<string, Record<string, unknown>> };

describe('GET /v3/customers', () => {
  let sim: Simulator;
  let base: string;
  beforeAll(async () => {
    sim = await startSimulator({ stores: [{ data: parseStoreData(FIXTURE) }], rateLimit: null });
    base = `${sim.url}/stores/abc123`;
  });
  afterAll(() => sim.close());

  it('wraps results in the v3 envelope with cursor_pagination on page 1', async () => {
    const res = await call(base, '/v3/customers?email:in=jane.doe@example.com');
    expect(res.status).toBe(200);
    const body = res.json() as Body;
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      id: 1,
      email: 'jane.doe@example.com',
      phone: '555-123-4567',
      customer_group_id: 0,
      channel_ids: null,
      authentication: { force_password_reset: false },
    });
    expect(body.data[0]!.date_created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body.meta.pagination).toEqual({ total: 1, count: 1, per_page: 50, current_page: 1, total_pages: 1 });
    expect(body.meta.cursor_pagination).toMatchObject({ count: 1, start_cursor: 'eyJpZCI6MX0', links: {} });
  });

  it('answers 200 with empty data when nothing matches', async () => {
    const body = (await call(base, '/v3/customers?email:in=nobody@example.com')).json() as Body;
    expect(body.data).toEqual([]);
    expect(body.meta.pagination).toMatchObject({ total: 0, count: 0, total_pages: 1 });
  });

  it('matches emails case-insensitively by default, several at once', async () => {
    const body = (await call(base, '/v3/customers?email:in=BOB.SMITH@example.com,Jane.Doe@Example.com')).json() as Body;
    expect(body.data.map((c) => c.id).sort()).toEqual([1, 2]);
  });

  it('looks customers up by id:in, newest first by default, and pages', async () => {
    const all = (await call(base, '/v3/customers?id:in=1,2,3')).json() as Body;
    expect(all.data.map((c) => c.id)).toEqual([3, 2, 1]);
    const page2 = (await call(base, '/v3/customers?limit=2&page=2')).json() as Body;
    expect(page2.data.map((c) => c.id)).toEqual([1]);
    expect(page2.meta.pagination).toMatchObject({ total: 3, count: 1, per_page: 2, current_page: 2, total_pages: 2 });
    expect(page2.meta.cursor_pagination).toBeUndefined();
    const sorted = (await call(base, '/v3/customers?sort=last_name:asc')).json() as Body;
    expect(sorted.data.map((c) => c.last_name)).toEqual(['Doe', 'Jones', 'Smith']);
  });

  it('follows cursors', async () => {
    const first = (await call(base, '/v3/customers?limit=2')).json() as Body;
    const next = String((first.meta.cursor_pagination!.links as Record<string, string>).next);
    const second = (await call(base, `/v3/customers${next}`)).json() as Body;
    expect(second.data.map((c) => c.id)).toEqual([1]);
    expect(second.meta.pagination).toBeUndefined();
  });

  it('includes addresses only when asked', async () => {
    const plain = (await call(base, '/v3/customers?id:in=1')).json() as Body;
    expect(plain.data[0]).not.toHaveProperty('addresses');
    const withAddresses = (await call(base, '/v3/customers?id:in=1&include=addresses')).json() as Body;
    expect(withAddresses.data[0]!.addresses).toEqual([]);
  });

  it('rejects an unknown filter with 422', async () => {
    const res = await call(base, '/v3/customers?customer_id=1');
    expect(res.status).toBe(422);
    expect(res.json()).toMatchObject({
      status: 422,
      title: 'The filter(s): customer_id are not valid filter parameter(s).',
      errors: {},
    });
  });
});

describe('case-sensitive email matching', () => {
  it('applies to v3 email:in and v2 email', async () => {
    const sim = await startSimulator({
      stores: [{ data: parseStoreData(FIXTURE) }],
      emailMatch: 'case-sensitive',
      rateLimit: null,
    });
    const base = `${sim.url}/stores/abc123`;
    try {
      expect(((await call(base, '/v3/customers?email:in=bob.smith@example.com')).json() as Body).data).toEqual([]);
      expect(((await call(base, '/v3/customers?email:in=Bob.Smith@Example.com')).json() as Body).data).toHaveLength(1);
      expect((await call(base, '/v2/orders?email=gus.guest@example.com')).status).toBe(204);
      expect((await call(base, '/v2/orders?email=Gus.Guest@Example.com')).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
