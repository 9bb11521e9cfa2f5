import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.js';
import type { Order } from '../shared/store-data.js';
import { buildCustomerContext } from './build.js';
import { address, customer, order, orderProduct, shipment, shippingAddress } from './testing/fixtures.js';
import { FakeStore, runInRounds } from './testing/fake-store.js';
import type { ContextOptions } from './types.js';

const NOW = () => new Date('2026-02-01T12:00:00Z');

/**
 * Jane (customer 1) has five registered orders (102–106) and one guest order (101) from before
 * she signed up. Bob (customer 2) has order 201. Orders 102–106 have a line and a shipment each.
 */
function janeAndBob(): FakeStore {
  const store = new FakeStore();
  store.customers = [
    customer({ id: 1, email: 'jane@example.com', company: 'Jane Co' }),
    customer({ id: 2, email: 'bob@example.com', firstName: 'Bob', lastName: 'Stone', phone: '555-000-9999' }),
  ];
  store.orders = [
    order({ id: 101, customerId: 0, dateCreated: '2025-06-01T10:00:00Z', statusId: 10, status: 'Completed' }),
    ...[102, 103, 104, 105, 106].map((id, index) =>
      order({ id, customerId: 1, dateCreated: `2026-01-0${index + 1}T10:00:00Z` }),
    ),
    order({
      id: 201,
      customerId: 2,
      dateCreated: '2026-01-20T10:00:00Z',
      billingAddress: address({
        firstName: 'Bob',
        lastName: 'Stone',
        email: 'bob@example.com',
        street1: '7 Secret St',
      }),
    }),
  ];
  for (const id of [101, 102, 103, 104, 105, 106, 201]) {
    store.products.push(orderProduct({ id: id * 10, orderId: id, name: `Item of ${id}`, sku: `SKU-${id}` }));
    store.shipments.push(
      shipment({ id: id * 100, orderId: id, items: [{ orderProductId: id * 10, productId: 77, quantity: 2 }] }),
    );
    store.shippingAddresses.push(shippingAddress({ id: 1, orderId: id }));
  }
  return store;
}

function build(store: FakeStore, senderEmail: string, mentioned: number[] = [], options?: ContextOptions) {
  return buildCustomerContext({
    store,
    senderEmail,
    mentionedOrderNumbers: mentioned,
    now: NOW,
    ...(options ? { options } : {}),
  });
}

describe('buildCustomerContext: who the sender is', () => {
  it('builds a registered customer with registered and guest orders merged, newest first', async () => {
    const store = janeAndBob();
    const context = await build(store, 'jane@example.com');

    expect(context.senderEmail).toBe('jane@example.com');
    expect(context.customer).toEqual({
      id: 1,
      email: 'jane@example.com',
      firstName: 'Jane',
      lastName: 'Doe',
      phone: null,
      company: 'Jane Co',
      customerGroupId: null,
      dateCreated: '2025-01-02T03:04:05Z',
      // Saved addresses stay out unless the workspace allows addresses.
      address: null,
    });
    expect(context.senderName).toEqual({ firstName: 'Jane', lastName: 'Doe' });
    expect(context.orders.map((o) => o.id)).toEqual([106, 105, 104, 103, 102]);
    expect(context.focusOrder?.id).toBe(106);
    expect(context.focusReason).toBe('latest');
    expect(context.store).toEqual({
      hash: 'abc123',
      name: 'Acme Outfitters',
      currency: 'USD',
      timezone: 'America/Chicago',
    });
    expect(context.notices).toEqual([]);
    expect(context.fetchedAt).toBe('2026-02-01T12:00:00.000Z');
  });

  it('fetches details only for the focus order and the few recent ones', async () => {
    const store = janeAndBob();
    const context = await build(store, 'jane@example.com');

    const detailed = context.orders.filter((o) => o.items !== null).map((o) => o.id);
    expect(detailed).toEqual([106, 105, 104]);
    expect(context.orders.find((o) => o.id === 103)).toMatchObject({ items: null, shipments: null, shipTo: null });
    expect(store.callsTo('listOrderProducts').map((c) => c.arg)).toEqual(expect.arrayContaining([106, 105, 104]));
    expect(store.callsTo('listOrderProducts')).toHaveLength(3);
    expect(store.callsTo('listOrderShipments')).toHaveLength(3);
    // Where an order went is read only for the order the email is about.
    expect(store.callsTo('listOrderShippingAddresses').map((c) => c.arg)).toEqual([106]);
    expect(context.orders.find((o) => o.id === 105)).toMatchObject({ shipTo: null });
    expect(context.orders.find((o) => o.id === 105)?.shipments).toHaveLength(1);

    const focus = context.focusOrder;
    expect(focus?.items).toEqual([
      {
        lineId: 1060,
        productId: 77,
        name: 'Item of 106',
        sku: 'SKU-106',
        quantity: 2,
        quantityShipped: 0,
        quantityRefunded: 0,
        price: { amount: '45.00', currency: 'USD' },
        total: { amount: '90.00', currency: 'USD' },
        options: [{ name: 'Colour', value: 'Beige' }],
      },
    ]);
    expect(focus?.shipments).toEqual([
      {
        id: 10600,
        dateCreated: '2026-01-12T09:00:00Z',
        carrier: 'UPS',
        trackingNumber: '1Z999',
        trackingLink: 'https://track.example/1Z999',
        shippingMethod: 'Ground',
        items: [{ lineId: 1060, name: 'Item of 106', sku: 'SKU-106', quantity: 2 }],
      },
    ]);
    expect(focus?.shipTo).toEqual({
      city: 'Round Rock',
      country: 'United States',
      countryIso2: 'US',
      street: null,
      zip: null,
    });
    expect(focus?.status).toEqual({
      id: 11,
      name: 'Awaiting Fulfillment',
      label: 'Awaiting Fulfillment',
      explanation: 'Payment was received and the order is being prepared.',
    });
  });

  it('honours recentOrders and detailedOrders', async () => {
    const store = janeAndBob();
    const context = await build(store, 'jane@example.com', [], { recentOrders: 10, detailedOrders: 1 });
    expect(context.orders.map((o) => o.id)).toEqual([106, 105, 104, 103, 102, 101]);
    expect(context.orders.filter((o) => o.items).map((o) => o.id)).toEqual([106]);
    expect(store.callsTo('listOrders').map((c) => c.arg)).toEqual(
      expect.arrayContaining([
        { email: 'jane@example.com', limit: 10 },
        { customerId: 1, limit: 10 },
      ]),
    );
  });

  it('builds a guest-only sender from orders by billing email', async () => {
    const store = janeAndBob();
    store.orders.push(
      order({
        id: 301,
        customerId: 0,
        dateCreated: '2026-01-15T10:00:00Z',
        billingAddress: address({ firstName: 'Gus', lastName: 'Guest', email: 'gus@example.com' }),
      }),
    );
    const context = await build(store, 'gus@example.com');

    expect(context.customer).toBeNull();
    expect(context.senderName).toEqual({ firstName: 'Gus', lastName: 'Guest' });
    expect(context.orders.map((o) => [o.id, o.isGuest])).toEqual([[301, true]]);
    expect(context.focusOrder?.id).toBe(301);
    expect(store.callsTo('listOrders').map((c) => c.arg)).toEqual([{ email: 'gus@example.com', limit: 5 }]);
  });

  it('matches the sender case-insensitively and ignores spaces', async () => {
    const store = janeAndBob();
    store.customers[0] = customer({ id: 1, email: 'Jane@Example.com' });
    const context = await build(store, '  JANE@example.COM ');
    expect(context.senderEmail).toBe('jane@example.com');
    // Asked as written, so a case-sensitive source can still try both spellings.
    expect(store.callsTo('findCustomersByEmail').map((c) => c.arg)).toEqual(['JANE@example.COM']);
    expect(context.customer?.id).toBe(1);
    expect(context.orders).toHaveLength(5);
  });

  it('returns an empty context for an unknown sender, without asking by customer id', async () => {
    const store = janeAndBob();
    const context = await build(store, 'stranger@example.com', [106]);
    expect(context).toMatchObject({
      customer: null,
      senderName: null,
      orders: [],
      focusOrder: null,
      focusReason: null,
      unmatchedOrderNumbers: [106],
      notices: [],
    });
    expect(store.callsTo('listOrders').map((c) => c.arg)).toEqual([{ email: 'stranger@example.com', limit: 5 }]);
    expect(JSON.stringify(context)).not.toContain('Jane');
  });

  it('never asks "by email" with something that is not an address', async () => {
    const store = janeAndBob();
    for (const sender of ['', '   ', 'not-an-address']) {
      const context = await build(store, sender);
      expect(context.orders).toEqual([]);
    }
    expect(store.callsTo('findCustomersByEmail')).toEqual([]);
    expect(store.callsTo('listOrders')).toEqual([]);
  });
});

describe('buildCustomerContext: mentioned orders and ownership', () => {
  it('focuses a mentioned order of the sender even when it is older than the recent ones', async () => {
    const store = janeAndBob();
    const context = await build(store, 'jane@example.com', [101]);
    expect(context.focusOrder?.id).toBe(101);
    expect(context.focusReason).toBe('mentioned');
    expect(context.orders.map((o) => o.id)).toEqual([106, 105, 104, 103, 102, 101]);
    expect(context.focusOrder?.items?.[0]?.name).toBe('Item of 101');
    expect(context.unmatchedOrderNumbers).toEqual([]);
  });

  it('says nothing about a mentioned order that belongs to someone else, exactly as if it did not exist', async () => {
    const someoneElses = await build(janeAndBob(), 'jane@example.com', [201]);
    const missing = await build(janeAndBob(), 'jane@example.com', [999]);

    expect(someoneElses.unmatchedOrderNumbers).toEqual([201]);
    expect(someoneElses.focusOrder?.id).toBe(106);
    expect(someoneElses.focusReason).toBe('latest');
    const text = JSON.stringify(someoneElses);
    for (const secret of ['Bob', 'Stone', 'bob@example.com', '7 Secret St', 'Item of 201', '20100']) {
      expect(text).not.toContain(secret);
    }
    // Same shape and content as for an order that does not exist, but for the number itself.
    expect(JSON.parse(text.replaceAll('201', '999'))).toEqual(missing);
  });

  it('never fetches details of an order that is not the sender’s', async () => {
    const store = janeAndBob();
    await build(store, 'jane@example.com', [201]);
    for (const method of ['listOrderProducts', 'listOrderShipments', 'listOrderShippingAddresses'] as const) {
      expect(store.callsTo(method).map((c) => c.arg)).not.toContain(201);
    }
  });

  it('accepts a mentioned order by billing email when the customer id differs', async () => {
    const store = janeAndBob();
    store.orders.push(order({ id: 401, customerId: 0, dateCreated: '2024-01-01T00:00:00Z' }));
    const context = await build(store, 'jane@example.com', [401]);
    expect(context.focusOrder?.id).toBe(401);
  });

  it('picks the first mentioned order that is the sender’s, and keeps every owned mention', async () => {
    const context = await build(janeAndBob(), 'jane@example.com', [201, 999, 102, 101], { maxMentionedOrders: 4 });
    expect(context.focusOrder?.id).toBe(102);
    expect(context.unmatchedOrderNumbers).toEqual([201, 999]);
    expect(context.orders.map((o) => o.id)).toContain(101);
    expect(context.orders.find((o) => o.id === 101)?.items).not.toBeNull();
  });

  it('looks up at most maxMentionedOrders numbers', async () => {
    const store = janeAndBob();
    await build(store, 'jane@example.com', [1001, 1002, 1003, 1004, 1005]);
    expect(store.callsTo('getOrder').map((c) => c.arg)).toEqual([1001, 1002, 1003]);
    const wider = janeAndBob();
    await build(wider, 'jane@example.com', [1001, 1002, 1003, 1004, 1005], { maxMentionedOrders: 5 });
    expect(wider.callsTo('getOrder')).toHaveLength(5);
  });

  it('keeps out orders a loose API filter let through', async () => {
    const store = janeAndBob();
    const listOrders = store.listOrders.bind(store);
    // A server whose email filter matches too much: it answers with everything.
    store.listOrders = (query, options) => listOrders({ limit: query.limit }, options);
    const context = await build(store, 'jane@example.com', [], { recentOrders: 10 });
    expect(context.orders.map((o) => o.id)).not.toContain(201);
    expect(JSON.stringify(context)).not.toContain('Bob');
  });

  it('treats archived orders as absent', async () => {
    const store = janeAndBob();
    const archived = store.orders.find((o) => o.id === 106) as Order;
    archived.isDeleted = true;
    const context = await build(store, 'jane@example.com', [106]);
    expect(context.orders.map((o) => o.id)).not.toContain(106);
    expect(context.unmatchedOrderNumbers).toEqual([106]);
  });

  it('prefers a real order over a newer abandoned checkout as the latest', async () => {
    const store = janeAndBob();
    store.orders.push(
      order({ id: 107, customerId: 1, dateCreated: '2026-01-30T00:00:00Z', statusId: 0, status: 'Incomplete' }),
    );
    const context = await build(store, 'jane@example.com');
    expect(context.orders[0]?.id).toBe(107);
    expect(context.focusOrder?.id).toBe(106);
  });
});

describe('buildCustomerContext: only what a reply may use', () => {
  it('includes the phone only when allowed', async () => {
    const allowed = await build(janeAndBob(), 'jane@example.com', [], { allowPhone: true });
    expect(allowed.customer?.phone).toBe('555-123-4567');
    const denied = await build(janeAndBob(), 'jane@example.com');
    expect(denied.customer?.phone).toBeNull();
    expect(JSON.stringify(denied)).not.toContain('555-123-4567');
  });

  it('includes street and postcode only when addresses are allowed, and never the billing street', async () => {
    const allowed = await build(janeAndBob(), 'jane@example.com', [], { allowAddress: true });
    expect(allowed.focusOrder?.shipTo).toMatchObject({ street: '99 Delivery Road', zip: '73301' });
    expect(JSON.stringify(allowed)).not.toContain('12 Billing Lane');

    const denied = await build(janeAndBob(), 'jane@example.com');
    const text = JSON.stringify(denied);
    for (const secret of ['99 Delivery Road', '73301', '12 Billing Lane', '78701']) expect(text).not.toContain(secret);
  });

  it('copies only known fields: no staff notes, customer notes or extra data a source sent', async () => {
    const store = janeAndBob();
    const target = store.orders.find((o) => o.id === 106) as Order & Record<string, unknown>;
    target.staffNotes = 'VIP, fraud check pending';
    target.customerMessage = 'Leave at the back door, key under mat';
    (store.customers[0] as unknown as Record<string, unknown>).notes = 'internal note';
    const text = JSON.stringify(await build(store, 'jane@example.com'));
    for (const secret of ['VIP', 'back door', 'internal note']) expect(text).not.toContain(secret);
  });

  it('drops card digits from payment method names', async () => {
    const store = janeAndBob();
    (store.orders.find((o) => o.id === 106) as Order).paymentMethod = 'Visa 4111 1111 1111 1111';
    const context = await build(store, 'jane@example.com');
    expect(context.focusOrder?.paymentMethod).toBe('Visa');
  });
});

describe('buildCustomerContext: odd data never crashes', () => {
  it('handles unknown status ids and custom labels', async () => {
    const store = janeAndBob();
    Object.assign(store.orders.find((o) => o.id === 106) as Order, {
      statusId: 42,
      status: '',
      customStatus: 'On the boat',
    });
    Object.assign(store.orders.find((o) => o.id === 105) as Order, {
      statusId: 2,
      status: 'Shipped',
      customStatus: 'Sent!',
    });
    const context = await build(store, 'jane@example.com');
    expect(context.orders[0]?.status).toEqual({
      id: 42,
      name: 'Unknown',
      label: 'On the boat',
      explanation: 'The order is in a status the team will check and explain.',
    });
    expect(context.orders[1]?.status).toMatchObject({
      name: 'Shipped',
      label: 'Sent!',
      explanation: 'The order has shipped.',
    });
  });

  it('handles orders without shipments, deleted products and missing optional fields', async () => {
    const store = janeAndBob();
    store.shipments = store.shipments.filter((s) => s.orderId !== 106);
    store.shippingAddresses = store.shippingAddresses.filter((a) => a.orderId !== 106);
    store.products = store.products.map((line) =>
      line.orderId === 106 ? { ...line, productId: 0, sku: null, options: [] } : line,
    );
    Object.assign(store.orders.find((o) => o.id === 106) as Order, {
      dateModified: null,
      dateShipped: null,
      paymentMethod: null,
      paymentStatus: '',
    });
    store.shipments.push(
      shipment({
        id: 1,
        orderId: 105,
        carrierName: null,
        shippingProvider: '',
        trackingNumber: null,
        trackingLink: '',
        dateCreated: null,
        items: [{ orderProductId: 9999, productId: 0, quantity: 1 }],
      }),
    );
    const context = await build(store, 'jane@example.com');
    const undated = context.orders.find((o) => o.id === 106);
    expect(undated).toMatchObject({ shipments: [], shipTo: null, paymentMethod: null, paymentStatus: null });
    expect(undated?.items?.[0]).toMatchObject({ productId: 0, sku: null, options: [] });
    const odd = context.orders.find((o) => o.id === 105)?.shipments?.find((s) => s.id === 1);
    expect(odd).toEqual({
      id: 1,
      dateCreated: null,
      carrier: null,
      trackingNumber: null,
      trackingLink: null,
      shippingMethod: 'Ground',
      items: [{ lineId: 9999, name: '', sku: null, quantity: 1 }],
    });
  });

  it('asks nothing about shipping for digital orders', async () => {
    const store = janeAndBob();
    (store.orders.find((o) => o.id === 106) as Order).orderIsDigital = true;
    const context = await build(store, 'jane@example.com', [], { detailedOrders: 1 });
    expect(context.focusOrder).toMatchObject({ shipments: [], shipTo: null });
    expect(store.callsTo('listOrderShipments')).toEqual([]);
    expect(store.callsTo('listOrderShippingAddresses')).toEqual([]);
  });
});

describe('buildCustomerContext: failures become notices', () => {
  it('returns a partial context when shipments lack the scope, with one notice', async () => {
    const store = janeAndBob();
    store.fail(
      'listOrderShipments',
      Object.assign(new AppError('missing_scope', 'no scope'), { scope: 'store_v2_orders_read_only' }),
    );
    const context = await build(store, 'jane@example.com');
    expect(context.focusOrder?.shipments).toBeNull();
    expect(context.focusOrder?.items).toHaveLength(1);
    expect(context.customer?.id).toBe(1);
    expect(context.notices).toEqual([
      {
        code: 'missing_scope',
        resource: 'shipments',
        scope: 'store_v2_orders_read_only',
        message: 'Shipments could not be read: the token lacks the Orders read scope.',
      },
    ]);
  });

  it('keeps guest orders when the customer lookup fails', async () => {
    const store = janeAndBob();
    store.fail('findCustomersByEmail', new AppError('unavailable', '503', { retryable: true }));
    const context = await build(store, 'jane@example.com');
    expect(context.customer).toBeNull();
    // Only what the billing-email lookup can find; the customer-id lookup never ran.
    expect(context.orders.map((o) => o.id)).toEqual([106, 105, 104, 103, 102]);
    expect(store.callsTo('listOrders').map((c) => c.arg)).toEqual([{ email: 'jane@example.com', limit: 5 }]);
    expect(context.notices).toEqual([
      {
        code: 'unavailable',
        resource: 'customer',
        message: 'The customer record could not be read: BigCommerce was unavailable after retries.',
      },
    ]);
  });

  it('still returns a context when both the customer and the orders lookups fail', async () => {
    const store = janeAndBob();
    store.fail('findCustomersByEmail', new AppError('timeout', 'slow'));
    store.fail('listOrders', new AppError('rate_limited', '429'));
    store.fail('getStoreInfo', new Error('boom'));
    (store.orders.find((o) => o.id === 106) as Order).billingAddress.email = 'jane.work@example.com';
    const context = await build(store, 'jane@example.com', [106]);
    expect(context).toMatchObject({ customer: null, orders: [], focusOrder: null, store: null });
    // 106 exists but ownership cannot be proven without the customer: treated as not found.
    expect(context.unmatchedOrderNumbers).toEqual([106]);
    expect(context.notices.map((n) => [n.resource, n.code])).toEqual([
      ['store', 'unexpected'],
      ['customer', 'timeout'],
      ['orders', 'rate_limited'],
    ]);
  });

  it('reports a failed lookup of a mentioned order without calling it unmatched', async () => {
    const store = janeAndBob();
    store.fail('getOrder', new AppError('unavailable', '502'));
    const context = await build(store, 'jane@example.com', [999, 105]);
    expect(context.unmatchedOrderNumbers).toEqual([]);
    // 105 came in through the order list, so its failed lookup is moot and not reported.
    expect(context.focusOrder?.id).toBe(105);
    expect(context.notices).toEqual([
      {
        code: 'unavailable',
        resource: 'order',
        orderId: 999,
        message: 'Order #999 could not be read: BigCommerce was unavailable after retries.',
      },
    ]);
  });

  it('treats a not_found error for a mentioned order like null', async () => {
    const store = janeAndBob();
    store.fail('getOrder', new AppError('not_found', '404'));
    const context = await build(store, 'jane@example.com', [999]);
    expect(context.unmatchedOrderNumbers).toEqual([999]);
    expect(context.notices).toEqual([]);
  });

  it('reports transient detail failures per order', async () => {
    const store = janeAndBob();
    store.fail('listOrderProducts', new AppError('unavailable', '500'), { when: (id) => id === 105 });
    const context = await build(store, 'jane@example.com');
    expect(context.orders.find((o) => o.id === 105)?.items).toBeNull();
    expect(context.orders.find((o) => o.id === 106)?.items).toHaveLength(1);
    // Shipments still name their items' lines, just without the names that could not be read.
    expect(context.orders.find((o) => o.id === 105)?.shipments?.[0]?.items[0]).toMatchObject({
      lineId: 1050,
      name: '',
    });
    expect(context.notices).toEqual([
      {
        code: 'unavailable',
        resource: 'order_products',
        orderId: 105,
        message: 'Items of order #105 could not be read: BigCommerce was unavailable after retries.',
      },
    ]);
  });

  it.each(['invalid_token', 'invalid_store_hash'])('rethrows %s: the integration itself is broken', async (code) => {
    const store = janeAndBob();
    store.fail('listOrders', new AppError(code, 'broken'));
    await expect(build(store, 'jane@example.com')).rejects.toMatchObject({ code });
  });

  it('stops when the caller aborts', async () => {
    const store = janeAndBob();
    store.delayMs = 20;
    const controller = new AbortController();
    const building = buildCustomerContext({
      store,
      senderEmail: 'jane@example.com',
      mentionedOrderNumbers: [],
      signal: controller.signal,
    });
    controller.abort();
    await expect(building).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('buildCustomerContext: round trips', () => {
  it('without speculation, needs three rounds for a registered customer, with independent lookups side by side', async () => {
    const store = janeAndBob();
    const { result, rounds } = await runInRounds(store, () =>
      build(store, 'jane@example.com', [101, 201], { speculativeDetails: false }),
    );
    expect(rounds).toBe(3);
    expect(result.focusOrder?.id).toBe(101);

    const round = (method: string, arg?: unknown) =>
      store.calls
        .filter((c) => c.method === method && (arg === undefined || JSON.stringify(c.arg) === JSON.stringify(arg)))
        .map((c) => c.round);
    expect(round('getStoreInfo')).toEqual([0]);
    expect(round('findCustomersByEmail')).toEqual([0]);
    expect(round('listOrders', { email: 'jane@example.com', limit: 5 })).toEqual([0]);
    expect(round('getOrder')).toEqual([0, 0]);
    expect(round('listOrders', { customerId: 1, limit: 5 })).toEqual([1]);
    // The mentioned guest order is provably Jane's after round 1, so its details start in round 2.
    expect(round('listOrderProducts', 101)).toEqual([1]);
    expect(round('listOrderProducts', 106)).toEqual([2]);
    expect(round('listOrderShipments', 105)).toEqual([2]);
    expect(round('listOrderShippingAddresses', 101)).toEqual([1]);
    expect(round('listOrderShippingAddresses', 105)).toEqual([]);
  });

  it('needs two rounds for a guest, whatever the number of orders', async () => {
    const store = janeAndBob();
    for (let id = 500; id < 520; id += 1) {
      store.orders.push(
        order({
          id,
          customerId: 0,
          dateCreated: `2025-0${(id % 9) + 1}-01T00:00:00Z`,
          billingAddress: address({ email: 'gus@example.com' }),
        }),
      );
    }
    const { result, rounds } = await runInRounds(store, () => build(store, 'gus@example.com'));
    expect(rounds).toBe(2);
    expect(result.orders).toHaveLength(5);
  });

  it('by default (speculativeDetails), needs two rounds when the newest orders were paid from the sender’s address', async () => {
    const plain = await build(janeAndBob(), 'jane@example.com', [], { speculativeDetails: false });
    const store = janeAndBob();
    const { result, rounds } = await runInRounds(store, () => build(store, 'jane@example.com'));
    expect(rounds).toBe(2);
    expect(result).toEqual(plain);
    expect(store.callsTo('listOrderProducts').map((c) => [c.arg, c.round])).toEqual([
      [106, 1],
      [105, 1],
      [104, 1],
    ]);
  });

  it('with speculativeDetails, still gets it right when round 2 brings newer orders paid from elsewhere', async () => {
    const setUp = () => {
      const store = janeAndBob();
      store.orders.push(
        order({
          id: 107,
          customerId: 1,
          dateCreated: '2026-01-25T00:00:00Z',
          billingAddress: address({ email: 'jane.work@example.com' }),
        }),
      );
      return store;
    };
    const plain = await build(setUp(), 'jane@example.com', [], { speculativeDetails: false });
    const store = setUp();
    const { result, rounds } = await runInRounds(store, () => build(store, 'jane@example.com'));
    expect(rounds).toBe(3);
    expect(result).toEqual(plain);
    expect(result.focusOrder?.id).toBe(107);
    // The guess (106, 105, 104) cost one wasted order's details: 104 fell out of the three newest.
    expect(store.callsTo('listOrderProducts').map((c) => c.arg)).toEqual([106, 105, 104, 107]);
  });
});

describe('buildCustomerContext: only what the intent needs', () => {
  it('reads no shipments or ship-to for an intent that uses neither, and keeps the order list whole', async () => {
    const full = await build(janeAndBob(), 'jane@example.com');
    const store = janeAndBob();
    const context = await build(store, 'jane@example.com', [], {
      needs: { items: true, shipments: false, shipTo: false },
    });
    expect(store.callsTo('listOrderShipments')).toEqual([]);
    expect(store.callsTo('listOrderShippingAddresses')).toEqual([]);
    expect(store.callsTo('listOrderProducts').map((c) => c.arg)).toEqual([106, 105, 104]);
    expect(context.orders.map((o) => o.id)).toEqual(full.orders.map((o) => o.id));
    expect(context.focusOrder?.items).toEqual(full.focusOrder?.items);
    // Unknown, not "nothing shipped": a reply must not read an absent list as a fact.
    expect(context.focusOrder?.shipments).toBeNull();
  });

  it('reads no order details at all when none is needed, and still checks ownership of a mentioned order', async () => {
    const store = janeAndBob();
    const context = await build(store, 'jane@example.com', [201], {
      needs: { items: false, shipments: false, shipTo: false },
    });
    for (const method of ['listOrderProducts', 'listOrderShipments', 'listOrderShippingAddresses'] as const)
      expect(store.callsTo(method)).toEqual([]);
    expect(context.unmatchedOrderNumbers).toEqual([201]);
    expect(JSON.stringify(context)).not.toContain('7 Secret St');
  });
});
