/**
 * The context module over real HTTP: the BigCommerce client against the simulator. These tests
 * check what the unit tests cannot: the wire (paging, case, 403 and 5xx handling, retries) and
 * the number of requests that actually leave the process.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN,
  parseStoreData,
  startSimulator,
  type Simulator,
  type StoreDataInput,
} from '../../simulator/index.js';
import { createBigCommerceStore } from '../bigcommerce/index.js';
import type { StoreDataSource } from '../shared/store-data.js';
import { buildCustomerContext } from './build.js';
import { createCachedStore } from './cache.js';
import type { ContextOptions } from './types.js';

const HASH = 'ctx123';

/** Maya has more orders than fit on one page; all are placed a day apart, id 1000 newest. */
const MAYA_ORDERS = 300;

function fixture(): StoreDataInput {
  const line = (name: string, sku: string, price = '25.00') => ({
    product_id: 1,
    name,
    sku,
    quantity: 1,
    price,
  });
  const jane = { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com', city: 'Austin' };
  return {
    hash: HASH,
    name: 'Context Test Outfitters',
    currency: 'USD',
    timezone: 'America/Chicago',
    order_statuses: { '11': 'Preparing your order' },
    customers: [
      {
        id: 1,
        email: 'jane.doe@example.com',
        first_name: 'Jane',
        last_name: 'Doe',
        phone: '512-555-0101',
        company: 'Doe & Co',
        customer_group_id: 2,
        notes: 'VIP customer, staff only',
      },
      { id: 2, email: 'bob@example.com', first_name: 'Bob', last_name: 'Stone', phone: '512-555-0199' },
      { id: 9, email: 'maya@example.com', first_name: 'Maya', last_name: 'Lee' },
    ],
    products: [{ id: 1, name: 'Orbit Terrarium', sku: 'ORB-1', price: 25 }],
    orders: [
      {
        // Jane's guest order before she registered, typed with capitals at checkout.
        id: 100,
        customer_id: 0,
        status_id: 10,
        date_created: '2026-03-01T10:00:00Z',
        billing_address: { ...jane, email: 'Jane.Doe@Example.com', street_1: '1 Billing Way' },
        products: [line('Gift Card Holder', 'GCH-1')],
      },
      {
        id: 101,
        customer_id: 1,
        status_id: 2,
        date_created: '2026-05-01T10:00:00Z',
        billing_address: { ...jane, street_1: '1 Billing Way' },
        payment_method: 'Credit Card',
        payment_status: 'captured',
        products: [
          line('Orbit Terrarium', 'ORB-1'),
          { ...line('Moss Kit', 'MOSS-2', '9.50'), quantity: 2, options: [{ name: 'Size', value: 'Large' }] },
        ],
        shipments: [
          {
            tracking_number: '1Z999AA10123456784',
            shipping_provider: 'ups',
            date_created: '2026-05-02T09:00:00Z',
            items: [{ order_product_id: 10101, quantity: 1 }],
          },
        ],
        shipping_addresses: [
          {
            first_name: 'Jane',
            last_name: 'Doe',
            street_1: '9 Porch Lane',
            city: 'Round Rock',
            zip: '78664',
            country: 'United States',
            country_iso2: 'US',
          },
        ],
        staff_notes: 'Customer was rude on the phone',
      },
      {
        id: 102,
        customer_id: 1,
        status_id: 11,
        date_created: '2026-05-10T10:00:00Z',
        billing_address: { ...jane, email: 'jane.work@example.com' },
        products: [line('Cactus Pot', 'CAC-3')],
      },
      {
        id: 103,
        customer_id: 1,
        status_id: 3,
        custom_status: 'Half way there',
        date_created: '2026-05-20T10:00:00Z',
        billing_address: jane,
        products: [line('Fern', 'FERN-1'), line('Ivy', 'IVY-1')],
        shipments: [
          {
            tracking_number: '9400111899223197428490',
            shipping_provider: 'usps',
            date_created: '2026-05-21T09:00:00Z',
            items: [{ order_product_id: 10301, quantity: 1 }],
          },
        ],
      },
      {
        id: 200,
        customer_id: 2,
        status_id: 2,
        date_created: '2026-05-15T10:00:00Z',
        billing_address: {
          first_name: 'Bob',
          last_name: 'Stone',
          email: 'bob@example.com',
          street_1: '7 Secret Street',
          city: 'Dallas',
        },
        products: [line('Bonsai Tree', 'BONSAI-9')],
        staff_notes: 'Bob owes us money',
      },
      {
        id: 300,
        customer_id: 0,
        status_id: 9,
        date_created: '2026-05-18T10:00:00Z',
        billing_address: {
          first_name: 'Gus',
          last_name: 'Guest',
          email: 'gus@example.com',
          city: 'Leeds',
          country: 'United Kingdom',
          country_iso2: 'GB',
        },
        products: [line('Watering Can', 'CAN-1')],
      },
      ...Array.from({ length: MAYA_ORDERS }, (_, i) => ({
        id: 1000 - i,
        customer_id: 9,
        status_id: 10,
        date_created: new Date(Date.UTC(2026, 4, 30) - i * 86_400_000).toISOString(),
        billing_address: { first_name: 'Maya', last_name: 'Lee', email: 'maya@example.com' },
        products: [line(`Seed pack ${1000 - i}`, `SEED-${1000 - i}`)],
      })),
    ],
  };
}

let sim: Simulator;
let strictSim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ stores: [{ data: parseStoreData(fixture()) }], rateLimit: null });
  strictSim = await startSimulator({
    stores: [{ data: parseStoreData(fixture()) }],
    rateLimit: null,
    emailMatch: 'case-sensitive',
  });
});
afterAll(async () => {
  await sim.close();
  await strictSim.close();
});
afterEach(() => {
  sim.clearFaults();
  sim.resetLog();
});

function client(on: Simulator = sim, accessToken = DEFAULT_TOKEN): StoreDataSource {
  return createBigCommerceStore({ storeHash: HASH, accessToken, apiUrl: on.url, retryBaseDelayMs: 1, maxRetries: 2 });
}

function build(store: StoreDataSource, senderEmail: string, mentioned: number[] = [], options?: ContextOptions) {
  return buildCustomerContext({
    store,
    senderEmail,
    mentionedOrderNumbers: mentioned,
    ...(options ? { options } : {}),
  });
}

/** Paths (with query) the simulator saw, e.g. "/v2/orders/101/shipments". */
function requested(on: Simulator = sim): string[] {
  return on.requests.map((r) => (r.query ? `${r.path}?${decodeURIComponent(r.query)}` : r.path));
}

describe('context over HTTP', () => {
  it('builds a registered customer: account, registered and guest orders, details of the recent ones', async () => {
    const context = await build(client(), 'jane.doe@example.com', [], { allowPhone: true });

    expect(context.customer).toEqual({
      id: 1,
      email: 'jane.doe@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      phone: '512-555-0101',
      company: 'Doe & Co',
      customerGroupId: 2,
      dateCreated: expect.any(String),
      address: null,
    });
    expect(context.store).toMatchObject({ hash: HASH, name: 'Context Test Outfitters', currency: 'USD' });
    // 102 was paid from Jane's work address: it is hers by customer id. 100 is hers by billing email.
    expect(context.orders.map((o) => [o.id, o.isGuest])).toEqual([
      [103, false],
      [102, false],
      [101, false],
      [100, true],
    ]);
    expect(context.focusOrder?.id).toBe(103);
    expect(context.focusReason).toBe('latest');
    expect(context.focusOrder?.status).toEqual({
      id: 3,
      name: 'Partially Shipped',
      label: 'Half way there',
      explanation: 'Part of the order has shipped; the rest is still to ship.',
    });
    expect(context.focusOrder?.items?.map((i) => [i.name, i.sku, i.quantity])).toEqual([
      ['Fern', 'FERN-1', 1],
      ['Ivy', 'IVY-1', 1],
    ]);
    expect(context.focusOrder?.shipments).toEqual([
      expect.objectContaining({
        carrier: 'USPS',
        trackingNumber: '9400111899223197428490',
        trackingLink: expect.stringContaining('9400111899223197428490'),
        items: [{ lineId: 10301, name: 'Fern', sku: 'FERN-1', quantity: 1 }],
      }),
    ]);
    expect(context.focusOrder?.shipTo).toMatchObject({ city: 'Austin', street: null, zip: null });

    const shipped = context.orders.find((o) => o.id === 101);
    expect(shipped?.status.label).toBe('Shipped');
    expect(shipped?.paymentMethod).toBe('Credit Card');
    expect(shipped?.paymentStatus).toBe('captured');
    expect(shipped?.items?.[1]).toMatchObject({
      name: 'Moss Kit',
      quantity: 2,
      options: [{ name: 'Size', value: 'Large' }],
    });
    expect(shipped?.shipments?.[0]).toMatchObject({
      carrier: 'UPS',
      items: [{ lineId: 10101, name: 'Orbit Terrarium' }],
    });
    expect(context.orders.find((o) => o.id === 102)?.status).toMatchObject({ label: 'Preparing your order' });
    // Only the three newest get details.
    expect(context.orders.find((o) => o.id === 100)?.items).toBeNull();
    expect(context.notices).toEqual([]);

    const text = JSON.stringify(context);
    for (const secret of ['rude', 'VIP', '1 Billing Way', '9 Porch Lane', 'Bob', 'BONSAI'])
      expect(text).not.toContain(secret);
  });

  it('without speculation, takes three round trips, none of them for orders it will not use', async () => {
    sim.setLatency(60);
    try {
      await build(client(), 'jane.doe@example.com', [], { speculativeDetails: false });
    } finally {
      sim.setLatency(0);
    }
    // Requests that arrive together form one round trip: a gap of half the latency separates rounds.
    const arrivals = sim.requests.map((r) => r.at).sort((a, b) => a - b);
    const rounds = arrivals.filter((at, i) => i === 0 || at - (arrivals[i - 1] ?? at) > 30).length;
    expect(rounds).toBe(3);

    const paths = requested().map((p) => p.split('?')[0]);
    expect(paths.filter((p) => p?.startsWith('/v3/customers'))).toHaveLength(1);
    expect(paths.filter((p) => /\/v2\/orders\/\d+\/products/.test(p ?? '')).sort()).toEqual([
      '/v2/orders/101/products',
      '/v2/orders/102/products',
      '/v2/orders/103/products',
    ]);
    expect(paths.filter((p) => p?.includes('shipping_addresses'))).toEqual(['/v2/orders/103/shipping_addresses']);
    expect(paths.some((p) => p?.includes('/v2/orders/100/'))).toBe(false);
    expect(sim.writeAttempts).toEqual([]);
  });

  it('takes two round trips (speculativeDetails, the default) when the orders were paid from the sender’s address', async () => {
    const plain = await build(client(), 'maya@example.com', [], { speculativeDetails: false });
    sim.resetLog();
    sim.setLatency(60);
    let context;
    try {
      context = await build(client(), 'maya@example.com');
    } finally {
      sim.setLatency(0);
    }
    const arrivals = sim.requests.map((r) => r.at).sort((a, b) => a - b);
    expect(arrivals.filter((at, i) => i === 0 || at - (arrivals[i - 1] ?? at) > 30).length).toBe(2);
    expect({ ...context, fetchedAt: '' }).toEqual({ ...plain, fetchedAt: '' });
  });

  it('builds a guest-only sender from orders by billing email', async () => {
    const context = await build(client(), 'gus@example.com');
    expect(context.customer).toBeNull();
    expect(context.senderName).toEqual({ firstName: 'Gus', lastName: 'Guest' });
    expect(context.orders.map((o) => [o.id, o.isGuest])).toEqual([[300, true]]);
    expect(context.focusOrder).toMatchObject({
      id: 300,
      status: { name: 'Awaiting Shipment', explanation: 'The order is packed and waiting for the carrier.' },
      shipments: [],
      shipTo: { city: 'Leeds', country: 'United Kingdom', countryIso2: 'GB' },
    });
    // No customer → no orders-by-customer-id request.
    expect(requested().filter((p) => p.includes('customer_id'))).toEqual([]);
  });

  it('matches a sender whose address differs in case and spacing', async () => {
    const context = await build(client(), '  JANE.DOE@Example.COM ');
    expect(context.senderEmail).toBe('jane.doe@example.com');
    expect(context.customer?.id).toBe(1);
    expect(context.orders.map((o) => o.id)).toEqual([103, 102, 101, 100]);
  });

  it('still finds the account on a server whose email filters are case-sensitive', async () => {
    const context = await build(client(strictSim), 'JANE.DOE@EXAMPLE.COM');
    expect(context.customer?.id).toBe(1);
    expect(context.orders.map((o) => o.id)).toEqual(expect.arrayContaining([103, 102, 101]));
  });

  it('returns an empty context for an unknown sender', async () => {
    const context = await build(client(), 'nobody@example.com', [101]);
    expect(context).toMatchObject({
      customer: null,
      senderName: null,
      orders: [],
      focusOrder: null,
      unmatchedOrderNumbers: [101],
      notices: [],
    });
    expect(JSON.stringify(context)).not.toContain('Jane');
  });

  it('lists the newest of many orders with one request per filter, and finds an old one by number', async () => {
    const context = await build(client(), 'maya@example.com', [1000 - MAYA_ORDERS + 1]);
    expect(context.focusOrder?.id).toBe(701);
    expect(context.focusReason).toBe('mentioned');
    expect(context.orders.map((o) => o.id)).toEqual([1000, 999, 998, 997, 996, 701]);
    expect(context.focusOrder?.items?.[0]?.name).toBe('Seed pack 701');
    // Newest first from the server: no walking through 300 orders.
    expect(requested().filter((p) => p.startsWith('/v2/orders?'))).toHaveLength(2);

    const wide = await build(client(), 'maya@example.com', [], { recentOrders: 250, detailedOrders: 0 });
    expect(wide.orders).toHaveLength(250);
    expect(wide.orders[0]?.id).toBe(1000);
    expect(wide.orders.at(-1)?.id).toBe(751);
    expect(new Set(wide.orders.map((o) => o.id)).size).toBe(250);
  });

  it('focuses a mentioned order that is the sender’s', async () => {
    const context = await build(client(), 'jane.doe@example.com', [100]);
    expect(context.focusOrder).toMatchObject({
      id: 100,
      isGuest: true,
      items: [expect.objectContaining({ name: 'Gift Card Holder' })],
    });
    expect(context.focusReason).toBe('mentioned');
    expect(context.unmatchedOrderNumbers).toEqual([]);
  });

  it('discloses nothing about a mentioned order that is someone else’s', async () => {
    const someoneElses = await build(client(), 'jane.doe@example.com', [200]);
    const afterOther = requested();
    sim.resetLog();
    const missing = await build(client(), 'jane.doe@example.com', [999_999]);

    expect(someoneElses.unmatchedOrderNumbers).toEqual([200]);
    expect(someoneElses.focusOrder?.id).toBe(103);
    const text = JSON.stringify(someoneElses);
    for (const secret of ['Bob', 'Stone', 'bob@example.com', 'Secret Street', 'Dallas', 'Bonsai', 'owes']) {
      expect(text).not.toContain(secret);
    }
    // Indistinguishable from an order that does not exist (fetchedAt aside).
    const comparable = (value: object) => ({ ...value, fetchedAt: '' });
    expect(comparable(JSON.parse(text.replaceAll('[200]', '[999999]')))).toEqual(comparable(missing));
    // Its details were never even requested.
    expect(afterOther.filter((p) => p.startsWith('/v2/orders/200/'))).toEqual([]);
  });

  it('returns a partial context with a notice when shipments answer 403', async () => {
    sim.addFault({ pathPattern: /\/shipments$/, status: 403 });
    const context = await build(client(), 'jane.doe@example.com');
    expect(context.customer?.id).toBe(1);
    expect(context.focusOrder?.items).toHaveLength(2);
    expect(context.focusOrder?.shipments).toBeNull();
    expect(context.notices).toEqual([
      {
        code: 'missing_scope',
        resource: 'shipments',
        scope: 'orders',
        message: 'Shipments could not be read: the token lacks the Orders read scope.',
      },
    ]);
  });

  it('works without the Customers scope, from guest orders alone', async () => {
    const scoped = await startSimulator({
      stores: [
        {
          data: parseStoreData(fixture()),
          tokens: [{ token: DEFAULT_TOKEN, scopes: ['store_v2_orders_read_only', 'store_v2_information_read_only'] }],
        },
      ],
      rateLimit: null,
    });
    try {
      const context = await build(client(scoped), 'jane.doe@example.com');
      expect(context.customer).toBeNull();
      expect(context.orders.map((o) => o.id)).toEqual([103, 101, 100]);
      expect(context.notices).toEqual([
        expect.objectContaining({ code: 'missing_scope', resource: 'customer', scope: 'customers' }),
      ]);
    } finally {
      await scoped.close();
    }
  });

  it('recovers from a 5xx by retrying, with nothing to report', async () => {
    sim.addFault({ pathPattern: '/v3/customers', status: 503, times: 1 });
    sim.addFault({ pathPattern: /\/v2\/orders\/103\/products$/, status: 500, times: 1 });
    const context = await build(client(), 'jane.doe@example.com');
    expect(context.customer?.id).toBe(1);
    expect(context.focusOrder?.items).toHaveLength(2);
    expect(context.notices).toEqual([]);
    expect(requested().filter((p) => p.startsWith('/v3/customers'))).toHaveLength(2);
  });

  it('reports a 5xx that does not recover as a notice and keeps the rest', async () => {
    sim.addFault({ pathPattern: /\/v2\/orders\/103\/products$/, status: 502 });
    const context = await build(client(), 'jane.doe@example.com');
    expect(context.focusOrder?.items).toBeNull();
    expect(context.focusOrder?.shipments).toHaveLength(1);
    expect(context.notices).toEqual([
      expect.objectContaining({ code: 'unavailable', resource: 'order_products', orderId: 103 }),
    ]);
  });

  it('fails as a whole when the token is rejected: the integration is broken', async () => {
    await expect(build(client(sim, 'wrongtoken0000000000000000000000'), 'jane.doe@example.com')).rejects.toMatchObject({
      code: 'invalid_token',
    });
  });

  it('fails as a whole when the store refuses both customers and orders (hash not this token’s)', async () => {
    // A hash the token does not belong to: BigCommerce answers 403 on every endpoint.
    const wrongHash = createBigCommerceStore({
      storeHash: 'otherstore1',
      accessToken: DEFAULT_TOKEN,
      apiUrl: sim.url,
      retryBaseDelayMs: 1,
      maxRetries: 0,
    });
    await expect(build(wrongHash, 'jane.doe@example.com')).rejects.toMatchObject({ code: 'store_access_denied' });
  });

  it('coalesces two concurrent emails from one sender into one set of requests', async () => {
    await build(client(), 'jane.doe@example.com', [101]);
    const single = sim.requests.length;
    sim.resetLog();

    sim.setLatency(20);
    try {
      const cached = createCachedStore(client());
      const [first, second] = await Promise.all([
        build(cached, 'jane.doe@example.com', [101]),
        build(cached, 'Jane.Doe@example.com', [101]),
      ]);
      expect(sim.requests.length).toBe(single);
      expect(second.orders).toEqual(first.orders);
    } finally {
      sim.setLatency(0);
    }
  });

  it('serves from the cache until the TTL passes, then asks again', async () => {
    let now = 0;
    const cached = createCachedStore(client(), { ttlMs: 60_000, now: () => now });
    await build(cached, 'gus@example.com');
    const cold = sim.requests.length;
    expect(cold).toBeGreaterThan(0);

    now += 59_000;
    const warm = await build(cached, 'gus@example.com');
    expect(sim.requests.length).toBe(cold);
    expect(warm.focusOrder?.id).toBe(300);

    now += 2_000;
    await build(cached, 'gus@example.com');
    expect(sim.requests.length).toBe(2 * cold);
  });
});
