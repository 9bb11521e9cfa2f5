import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStoreData } from './store-data.js';
import { startSimulator } from './server.js';
import { FIXTURE, call } from './test-support.js';
import type { Simulator } from './types.js';

let sim: Simulator;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({ stores: [{ data: parseStoreData(FIXTURE) }], rateLimit: null });
  base = `${sim.url}/stores/abc123`;
});
afterAll(() => sim.close());

type Row = Record<string, unknown>;

describe('GET /v2/orders', () => {
  it('returns a bare array of full orders, id ascending, hiding Incomplete orders', async () => {
    const res = await call(base, '/v2/orders');
    expect(res.status).toBe(200);
    const orders = res.json() as Row[];
    expect(orders.map((o) => o.id)).toEqual([100, 101, 102]);
    const first = orders[0]!;
    expect(first).toMatchObject({
      customer_id: 1,
      status_id: 2,
      status: 'Shipped',
      custom_status: 'Shipped',
      date_created: 'Fri, 01 May 2026 10:00:00 +0000',
      date_shipped: 'Sat, 02 May 2026 09:00:00 +0000',
      subtotal_ex_tax: '109.0000',
      shipping_cost_inc_tax: '10.0000',
      total_inc_tax: '119.0000',
      currency_exchange_rate: '1.0000000000',
      items_total: 1,
      items_shipped: 1,
      payment_status: 'captured',
    });
    expect(first.products).toEqual({ url: `${base}/v2/orders/100/products`, resource: '/orders/100/products' });
    expect((first.shipping_addresses as Row).resource).toBe('/orders/100/shipping_addresses');
    expect(Object.keys(first.billing_address as Row)).toHaveLength(13);
    expect(orders[1]).toMatchObject({ status: 'Awaiting Fulfillment', custom_status: 'Preparing your order' });
  });

  it('filters by customer_id, billing email (any case) and status_id; 204 with no body when nothing matches', async () => {
    expect((await call(base, '/v2/orders?customer_id=1')).json()).toHaveLength(2);
    const guest = (await call(base, '/v2/orders?email=gus.guest%40example.com')).json() as Row[];
    expect(guest.map((o) => o.id)).toEqual([102]);
    expect(guest[0]).toMatchObject({ customer_id: 0, currency_code: 'GBP', items_total: 4, items_shipped: 2 });
    expect((await call(base, '/v2/orders?status_id=0')).json()).toHaveLength(1);
    const none = await call(base, '/v2/orders?customer_id=3');
    expect(none.status).toBe(204);
    expect(none.text).toBe('');
    expect(none.headers.get('content-type')).toBeNull();
  });

  it('pages with page/limit and sorts by date_created:desc', async () => {
    const page2 = (await call(base, '/v2/orders?limit=2&page=2')).json() as Row[];
    expect(page2.map((o) => o.id)).toEqual([102]);
    expect((await call(base, '/v2/orders?limit=2&page=3')).status).toBe(204);
    const sorted = (await call(base, '/v2/orders?sort=date_created:desc')).json() as Row[];
    expect(sorted.map((o) => o.id)).toEqual([101, 102, 100]);
    expect((await call(base, '/v2/orders?min_id=101&max_id=101')).json()).toHaveLength(1);
    expect((await call(base, '/v2/orders?sort=bogus')).status).toBe(400);
  });

  it('counts by status', async () => {
    const body = (await call(base, '/v2/orders/count')).json() as { count: number; statuses: Row[] };
    expect(body.count).toBe(3);
    expect(body.statuses).toHaveLength(15);
    expect(body.statuses.find((s) => s.id === 11)).toMatchObject({ count: 1, custom_label: 'Preparing your order' });
  });

  it('serves a single order and a v2 404 array for an unknown one', async () => {
    expect(((await call(base, '/v2/orders/101')).json() as Row).id).toBe(101);
    const missing = await call(base, '/v2/orders/999');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual([{ status: 404, message: 'The requested resource was not found.' }]);
  });

  it('shows live mutations made through store()', async () => {
    const order = sim.store('abc123').orders.find((o) => o.id === 101)!;
    order.status_id = 9;
    expect((await call(base, '/v2/orders/101')).json()).toMatchObject({ status_id: 9, status: 'Awaiting Shipment' });
    order.status_id = 11;
  });
});

describe('order sub-resources', () => {
  it('lists order products with options and default line ids', async () => {
    const lines = (await call(base, '/v2/orders/101/products')).json() as Row[];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      id: 10101,
      order_id: 101,
      product_id: 81,
      quantity: 2,
      price_inc_tax: '24.5000',
      total_inc_tax: '49.0000',
      quantity_shipped: 0,
    });
    const options = lines[0]!.product_options as Row[];
    expect(options.map((o) => [o.display_name, o.display_value])).toEqual([
      ['Size', 'M'],
      ['Colour', 'Navy'],
    ]);
    expect(typeof options[0]!.value).toBe('string');
  });

  it('answers 204 for an order without shipments, and renders split shipments', async () => {
    expect((await call(base, '/v2/orders/101/shipments')).status).toBe(204);
    const shipments = (await call(base, '/v2/orders/102/shipments')).json() as Row[];
    expect(shipments.map((s) => s.id)).toEqual([900, 901]);
    expect(shipments[0]).toMatchObject({
      shipping_provider: 'carrier_1',
      shipping_provider_display_name: 'Speedy Couriers',
      tracking_link: 'https://track.speedycouriers.example/t/SC0012345678',
      generated_tracking_link: '',
      items: [{ order_product_id: 5001, product_id: 80, quantity: 1 }],
    });
    expect(shipments[1]).toMatchObject({ shipping_provider_display_name: 'Royal Mail', tracking_link: '' });
    expect(String(shipments[1]!.generated_tracking_link)).toContain('AB123456789GB');
    const usps = (await call(base, '/v2/orders/100/shipments')).json() as Row[];
    expect(usps[0]).toMatchObject({ date_created: 'Sat, 02 May 2026 09:00:00 +0000', items: [{ quantity: 1 }] });
    expect((await call(base, '/v2/orders/102/shipments/count')).json()).toEqual({ count: 2 });
    const lines = (await call(base, '/v2/orders/102/products')).json() as Row[];
    expect(lines.map((l) => l.quantity_shipped)).toEqual([1, 1]);
  });

  it('lists shipping addresses with paging and 404s unknown orders', async () => {
    const addresses = (await call(base, '/v2/orders/100/shipping_addresses')).json() as Row[];
    expect(addresses).toHaveLength(1);
    expect(addresses[0]).toMatchObject({
      id: 1001,
      order_id: 100,
      city: 'Austin',
      base_cost: '10.0000',
      items_total: 1,
    });
    expect((await call(base, '/v2/orders/100/shipping_addresses?page=2')).status).toBe(204);
    expect((await call(base, '/v2/orders/999/shipments')).status).toBe(404);
  });

  it('lists order statuses with custom labels', async () => {
    const statuses = (await call(base, '/v2/order_statuses')).json() as Row[];
    expect(statuses).toHaveLength(15);
    expect(statuses[11]).toEqual(
      expect.objectContaining({ id: 11, name: 'Awaiting Fulfillment', custom_label: 'Preparing your order', order: 3 }),
    );
  });
});
