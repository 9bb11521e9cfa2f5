import { describe, expect, it } from 'vitest';
import { generateStore } from './generator/index.js';
import { parseStoreData } from './store-data.js';
import { startSimulator } from './server.js';
import { call } from './test-support.js';

describe('generateStore', () => {
  const store = generateStore({ customers: 300, seed: 42 });

  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateStore({ customers: 300, seed: 42 })).toEqual(store);
    expect(generateStore({ customers: 300, seed: 43 }).customers[0]).not.toEqual(store.customers[0]);
  });

  it('produces data that passes the store file schema', () => {
    expect(() => parseStoreData(JSON.parse(JSON.stringify(store)))).not.toThrow();
  });

  it('covers every status, carrier, currency and shipment shape', () => {
    const statuses = new Set(store.orders.map((o) => o.status_id));
    expect([...statuses].sort((a, b) => a - b)).toEqual([...Array(15).keys()]);
    const providers = new Set(store.orders.flatMap((o) => (o.shipments ?? []).map((s) => s.shipping_provider)));
    for (const carrier of ['ups', 'usps', 'fedex', 'royalmail', 'auspost', 'carrier_1'])
      expect(providers).toContain(carrier);
    const currencies = new Set(store.orders.map((o) => o.currency_code));
    expect(currencies).toEqual(new Set(['USD', 'EUR', 'GBP']));
    const shipmentCounts = new Set(store.orders.map((o) => o.shipments?.length ?? 0));
    expect(shipmentCounts).toEqual(new Set([0, 1, 2]));
    expect(store.orders.some((o) => o.products.some((l) => (l.options?.length ?? 0) > 0))).toBe(true);
    expect(store.orders.some((o) => o.products.length > 1)).toBe(true);
    expect(Object.keys(store.order_statuses ?? {}).length).toBeGreaterThan(0);
  });

  it('has guests (some typing their email in another case), heavy buyers, phones and companies', () => {
    const guests = store.orders.filter((o) => o.customer_id === 0);
    expect(guests.length).toBeGreaterThan(10);
    expect(guests.some((o) => o.billing_address.email !== o.billing_address.email.toLowerCase())).toBe(true);
    const perCustomer = new Map<number, number>();
    for (const o of store.orders) perCustomer.set(o.customer_id ?? 0, (perCustomer.get(o.customer_id ?? 0) ?? 0) + 1);
    expect(Math.max(...[...perCustomer].filter(([id]) => id > 0).map(([, n]) => n))).toBeGreaterThanOrEqual(60);
    expect(store.customers.filter((c) => !perCustomer.has(c.id)).length).toBeGreaterThan(0);
    expect(store.customers.some((c) => c.phone) && store.customers.some((c) => !c.phone)).toBe(true);
    expect(store.customers.some((c) => c.company)).toBe(true);
    expect(new Set(store.customers.map((c) => c.email.toLowerCase())).size).toBe(store.customers.length);
  });

  it('keeps partially shipped orders partial and dates within the year before the base date', () => {
    for (const order of store.orders.filter((o) => o.status_id === 3)) {
      const shipped = (order.shipments ?? []).flatMap((s) => s.items ?? []).reduce((n, i) => n + i.quantity, 0);
      const total = order.products.filter((l) => l.type !== 'digital').reduce((n, l) => n + l.quantity, 0);
      expect(shipped).toBeGreaterThan(0);
      expect(shipped).toBeLessThan(total);
    }
    const times = store.orders.map((o) => Date.parse(o.date_created));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.UTC(2026, 4, 31, 12));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.UTC(2025, 4, 30));
  });

  it('handles tiny stores', () => {
    const tiny = generateStore({ customers: 0, seed: 1, hash: 'tiny1' });
    expect(tiny.customers).toEqual([]);
    expect(tiny.orders.length).toBeGreaterThan(0);
    expect(tiny.orders.every((o) => o.customer_id === 0)).toBe(true);
    expect(() => parseStoreData(JSON.parse(JSON.stringify(generateStore({ customers: 5, seed: 2 }))))).not.toThrow();
  });

  it('generates 10,000 customers quickly and serves them fast', async () => {
    const started = Date.now();
    const big = generateStore({ customers: 10_000, seed: 7, hash: 'big10k' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(big.customers).toHaveLength(10_000);
    const sim = await startSimulator({ stores: [{ data: big }], rateLimit: null });
    try {
      const base = `${sim.url}/stores/big10k`;
      const target = big.customers[9_876]!;
      const t0 = Date.now();
      for (let i = 0; i < 50; i++) {
        const body = (await call(base, `/v3/customers?email:in=${encodeURIComponent(target.email)}`)).json() as {
          data: unknown[];
        };
        expect(body.data).toHaveLength(1);
        await call(base, `/v2/orders?customer_id=${target.id}`);
      }
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      await sim.close();
    }
  });
});
