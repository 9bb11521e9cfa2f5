/** Every resource against the simulator, in both email-matching modes. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, generateStore, parseStoreData, startSimulator, type Simulator } from '../../simulator/index.js';
import { createBigCommerceStore, type BigCommerceStore } from './index.js';
import { BULK_PRODUCT_IDS, FIXTURE_HASH, MANY_ORDERS, fixtureStore } from './testing/fixture.js';

function requestsTo(sim: Simulator, path: string) {
  return sim.requests.filter((r) => r.path === path);
}

describe.each(['case-insensitive', 'case-sensitive'] as const)('resources (server matches emails %s)', (emailMatch) => {
  let sim: Simulator;
  let store: BigCommerceStore;

  beforeAll(async () => {
    sim = await startSimulator({ stores: [{ data: parseStoreData(fixtureStore()) }], emailMatch, rateLimit: null });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.resetLog();
    store = createBigCommerceStore({ storeHash: FIXTURE_HASH, accessToken: DEFAULT_TOKEN, apiUrl: sim.url });
  });

  it('reads store information', async () => {
    expect(store.storeHash).toBe(FIXTURE_HASH);
    expect(await store.getStoreInfo()).toEqual({
      hash: FIXTURE_HASH,
      name: 'Snoooz Test Supplies',
      domain: 'supplies.example.com',
      secureUrl: 'https://supplies.example.com',
      currency: 'USD',
      language: 'en',
      country: 'United States',
      timezone: 'Europe/London',
      orderEmail: 'orders@supplies.example.com',
    });
  });

  describe('customers by email', () => {
    it('finds a customer whatever the case of the sender address, in one request', async () => {
      const found = await store.findCustomersByEmail('  Jane.Doe@EXAMPLE.com ');
      expect(found).toEqual([
        {
          id: 1,
          email: 'jane.doe@example.com',
          firstName: 'Jane',
          lastName: 'Doe',
          phone: '555-123-4567',
          company: null,
          customerGroupId: null,
          dateCreated: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          addresses: expect.any(Array),
        },
      ]);
      const sent = requestsTo(sim, '/v3/customers');
      expect(sent).toHaveLength(1);
      // Both spellings in one email:in list, and the saved addresses in the same request.
      expect(decodeURIComponent(sent[0]!.query)).toContain('include=addresses');
      expect(decodeURIComponent(sent[0]!.query)).toContain('email:in=Jane.Doe@EXAMPLE.com,jane.doe@example.com');
    });

    it('finds a mixed-case stored address when written the same way', async () => {
      const [bob] = await store.findCustomersByEmail('Bob.Smith@Example.com');
      expect(bob).toMatchObject({
        id: 2,
        company: 'Acme',
        customerGroupId: 2,
        dateCreated: '2025-03-04T05:06:07.000Z',
      });
    });

    it('lower-case lookup of a mixed-case stored address depends on the server', async () => {
      const found = await store.findCustomersByEmail('bob.smith@example.com');
      // A case-sensitive server cannot match; we never invent a match, we just find nothing.
      expect(found.map((c) => c.id)).toEqual(emailMatch === 'case-insensitive' ? [2] : []);
    });

    it('returns [] for unknown or empty addresses', async () => {
      expect(await store.findCustomersByEmail('who@example.com')).toEqual([]);
      expect(await store.findCustomersByEmail('   ')).toEqual([]);
    });
  });

  describe('orders', () => {
    it('lists a customer’s orders newest first, without Incomplete ones', async () => {
      const orders = await store.listOrders({ customerId: 1, limit: 10 });
      expect(orders.map((o) => o.id)).toEqual([101, 100]);
      const sent = requestsTo(sim, '/v2/orders')[0]!;
      expect(sent.query).toContain('customer_id=1');
      expect(sent.query).toContain('sort=date_created:desc');
    });

    it('normalises an order: ISO dates, exact money with currency, nulls for ""', async () => {
      const [order] = await store.listOrders({ customerId: 1, limit: 1 });
      expect(order).toMatchObject({
        id: 101,
        customerId: 1,
        dateCreated: '2026-05-20T08:30:00.000Z',
        dateShipped: null,
        statusId: 11,
        status: 'Awaiting Fulfillment',
        customStatus: 'Being packed',
        subtotal: { amount: '49.00', currency: 'USD' },
        shippingCost: { amount: '0.00', currency: 'USD' },
        tax: { amount: '0.00', currency: 'USD' },
        total: { amount: '49.00', currency: 'USD' },
        refundedAmount: { amount: '0.00', currency: 'USD' },
        itemsTotal: 2,
        itemsShipped: 0,
        paymentStatus: 'captured',
        customerMessage: 'Please gift wrap',
        isDeleted: false,
        billingAddress: expect.objectContaining({ firstName: 'Jane', email: 'jane.doe@example.com', city: 'Austin' }),
      });
    });

    it('finds guest orders by billing email (customer_id 0)', async () => {
      const asWritten = await store.listOrders({ email: 'Gus.Guest@Example.com', limit: 5 });
      expect(asWritten.map((o) => [o.id, o.customerId])).toEqual([[102, 0]]);
      const lower = await store.listOrders({ email: 'gus.guest@example.com', limit: 5 });
      expect(lower.map((o) => o.id)).toEqual(emailMatch === 'case-insensitive' ? [102] : []);
    });

    it('asks for both spellings when the address is not lower-case', async () => {
      const orders = await store.listOrders({ email: ' JANE.DOE@example.com ', limit: 10 });
      // Case-sensitive: neither "JANE.DOE@example.com" nor "jane.doe@example.com" matches order 104's
      // "Jane.Doe@Example.com"; the lower-case spelling still finds 100 and 101.
      expect(orders.map((o) => o.id)).toEqual(emailMatch === 'case-insensitive' ? [104, 101, 100] : [101, 100]);
      const queries = requestsTo(sim, '/v2/orders').map((r) => decodeURIComponent(r.query));
      expect(queries.some((q) => q.includes('email=JANE.DOE@example.com'))).toBe(true);
      expect(queries.some((q) => q.includes('email=jane.doe@example.com'))).toBe(true);
    });

    it('merges customer and guest orders when both are asked for', async () => {
      const orders = await store.listOrders({ customerId: 1, email: 'Jane.Doe@Example.com', limit: 10 });
      expect(orders.map((o) => o.id)).toEqual([104, 101, 100]);
    });

    it('applies the limit and pages past 250 rows', async () => {
      const five = await store.listOrders({ customerId: 3, limit: 5 });
      expect(five.map((o) => o.id)).toEqual([1299, 1298, 1297, 1296, 1295]);
      expect(requestsTo(sim, '/v2/orders').map((r) => r.query)).toEqual([expect.stringContaining('limit=5')]);

      sim.resetLog();
      const many = await store.listOrders({ customerId: 3, limit: 1000 });
      expect(many).toHaveLength(MANY_ORDERS);
      expect(many[0]?.id).toBe(1299);
      expect(many.at(-1)?.id).toBe(1000);
      // 250 + 50 (short page ends it).
      const pages = requestsTo(sim, '/v2/orders').map((r) => new URLSearchParams(r.query));
      expect(pages.map((q) => [q.get('page'), q.get('limit')])).toEqual([
        ['1', '250'],
        ['2', '250'],
      ]);

      sim.resetLog();
      const exactly = await store.listOrders({ customerId: 3, limit: 260 });
      expect(exactly.map((o) => o.id).slice(0, 2)).toEqual([1299, 1298]);
      expect(exactly).toHaveLength(260);
    });

    it('treats 204 as no orders', async () => {
      expect(await store.listOrders({ customerId: 4, limit: 5 })).toEqual([]);
      expect(requestsTo(sim, '/v2/orders')[0]?.status).toBe(204);
      // A page past the end is a 204 too: 250 exactly would need a second request.
      expect(await store.listOrders({ email: 'nobody@example.com', limit: 5 })).toEqual([]);
    });

    it('refuses queries that would list other people’s orders', async () => {
      await expect(store.listOrders({ limit: 5 })).rejects.toMatchObject({ code: 'bad_request' });
      await expect(store.listOrders({ customerId: 0, limit: 5 })).rejects.toMatchObject({ code: 'bad_request' });
      await expect(store.listOrders({ customerId: 1, limit: -1 })).rejects.toMatchObject({ code: 'bad_request' });
      expect(await store.listOrders({ customerId: 1, limit: 0 })).toEqual([]);
      expect(sim.requests).toHaveLength(0);
    });

    it('gets one order; unknown ids are null', async () => {
      const guest = await store.getOrder(102);
      expect(guest).toMatchObject({
        id: 102,
        customerId: 0,
        total: { currency: 'GBP' },
        paymentStatus: null,
        billingAddress: { country: 'United Kingdom', email: 'Gus.Guest@Example.com' },
      });
      expect(await store.getOrder(99_999)).toBeNull();
      expect(await store.getOrder(0)).toBeNull();
      expect(await store.getOrder(1.5)).toBeNull();
      expect(requestsTo(sim, '/v2/orders/99999')[0]?.status).toBe(404);
      expect(sim.requests).toHaveLength(2);
    });

    it('keeps money exact', async () => {
      const order = await store.getOrder(105);
      expect(order).toMatchObject({
        subtotal: { amount: '5.125', currency: 'USD' },
        tax: { amount: '0.41', currency: 'USD' },
        total: { amount: '5.535', currency: 'USD' },
      });
    });
  });

  describe('order details', () => {
    it('lists order products with options and the order’s currency', async () => {
      const lines = await store.listOrderProducts(101);
      expect(lines).toEqual([
        {
          id: 10101,
          orderId: 101,
          productId: 81,
          variantId: expect.toBeOneOf([null, expect.any(Number)]),
          name: 'Classic Crew T-Shirt',
          sku: null,
          type: 'physical',
          quantity: 2,
          quantityShipped: 0,
          quantityRefunded: 0,
          price: { amount: '24.50', currency: 'USD' },
          total: { amount: '49.00', currency: 'USD' },
          options: [
            { name: 'Size', value: 'M' },
            { name: 'Colour', value: 'Navy' },
          ],
          orderAddressId: expect.any(Number),
          parentOrderProductId: null,
        },
      ]);
      const guest = await store.listOrderProducts(102);
      expect(guest.map((l) => [l.id, l.price])).toEqual([
        [5001, { amount: '89.00', currency: 'GBP' }],
        [5002, { amount: '12.50', currency: 'GBP' }],
      ]);
      const custom = await store.listOrderProducts(105);
      expect(custom[0]).toMatchObject({ productId: 0, name: 'Custom engraving', price: { amount: '5.125' } });
    });

    it('reuses the currency of an order it has already read', async () => {
      await store.getOrder(102);
      sim.resetLog();
      await store.listOrderProducts(102);
      expect(sim.requests.map((r) => r.path)).toEqual(['/v2/orders/102/products']);
    });

    it('returns [] for the lines of an unknown order', async () => {
      expect(await store.listOrderProducts(99_999)).toEqual([]);
      await expect(store.listOrderProducts(-3)).rejects.toMatchObject({ code: 'bad_request' });
    });

    it('lists shipments with carrier, tracking number and link', async () => {
      expect(await store.listOrderShipments(100)).toEqual([
        {
          id: 1001,
          orderId: 100,
          orderAddressId: expect.any(Number),
          dateCreated: '2026-05-02T09:00:00.000Z',
          trackingNumber: '9400111899223197428490',
          shippingProvider: 'usps',
          carrierName: 'USPS',
          shippingMethod: 'None',
          trackingLink: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223197428490',
          items: [{ orderProductId: 10001, productId: 80, quantity: 1 }],
        },
      ]);
      const guest = await store.listOrderShipments(102);
      expect(guest.map((s) => [s.id, s.carrierName, s.shippingProvider, s.trackingLink])).toEqual([
        [900, 'Speedy Couriers', 'carrier_1', 'https://track.speedycouriers.example/t/SC0012345678'],
        [901, 'Royal Mail', 'royalmail', expect.stringContaining('royalmail.com')],
      ]);
      expect(guest[0]?.items).toEqual([{ orderProductId: 5001, productId: 80, quantity: 1 }]);
    });

    it('treats 204 as no shipments', async () => {
      expect(await store.listOrderShipments(101)).toEqual([]);
      expect(requestsTo(sim, '/v2/orders/101/shipments')[0]?.status).toBe(204);
      expect(await store.listOrderShipments(99_999)).toEqual([]);
    });

    it('lists shipping addresses', async () => {
      const [address] = await store.listOrderShippingAddresses(100);
      expect(address).toMatchObject({
        orderId: 100,
        firstName: 'Jane',
        lastName: 'Doe',
        city: 'Austin',
        itemsTotal: 1,
        itemsShipped: 1,
      });
      expect(address?.id).toBeGreaterThan(0);
      expect(await store.listOrderShippingAddresses(99_999)).toEqual([]);
    });
  });

  describe('catalog and statuses', () => {
    it('gets products by id in the order asked, with the store currency', async () => {
      const products = await store.getProductsByIds([82, 80, 81, 9_999, 80]);
      expect(products).toEqual([
        {
          id: 82,
          name: 'Enamel Camp Mug',
          sku: 'ECM',
          price: { amount: '16.00', currency: 'USD' },
          availability: 'preorder',
          inventoryLevel: null,
          isVisible: true,
          url: '/enamel-camp-mug/',
        },
        expect.objectContaining({ id: 80, inventoryLevel: 12, price: { amount: '109.00', currency: 'USD' } }),
        expect.objectContaining({ id: 81, price: { amount: '19.99', currency: 'USD' } }),
      ]);
      expect(await store.getProductsByIds([])).toEqual([]);
    });

    it('chunks long id lists', async () => {
      const products = await store.getProductsByIds(BULK_PRODUCT_IDS);
      expect(products.map((p) => p.id)).toEqual(BULK_PRODUCT_IDS);
      expect(products[0]?.price).toEqual({ amount: '1.25', currency: 'USD' });
      const calls = requestsTo(sim, '/v3/catalog/products');
      expect(calls).toHaveLength(3);
      for (const call of calls) {
        const ids = new URLSearchParams(call.query).get('id:in')?.split(',') ?? [];
        expect(ids.length).toBeLessThanOrEqual(100);
      }
    });

    it('lists order statuses with the store’s labels', async () => {
      const statuses = await store.listOrderStatuses();
      expect(statuses).toHaveLength(15);
      expect(statuses.find((s) => s.id === 11)).toEqual({
        id: 11,
        name: 'Awaiting Fulfillment',
        customLabel: 'Being packed',
        description: expect.any(String),
      });
      expect(statuses.find((s) => s.id === 2)?.customLabel).toBe('Shipped');
    });
  });
});

describe('a generated store', () => {
  let sim: Simulator;
  const data = generateStore({ customers: 40, seed: 11, hash: 'gen11' });

  beforeAll(async () => {
    sim = await startSimulator({ stores: [{ data }], rateLimit: null });
  });
  afterAll(() => sim.close());

  it('agrees with the data for every customer: lookup by email and orders by id', async () => {
    const store = createBigCommerceStore({ storeHash: 'gen11', accessToken: DEFAULT_TOKEN, apiUrl: sim.url });
    for (const customer of data.customers) {
      const found = await store.findCustomersByEmail(customer.email.toUpperCase());
      expect(found.map((c) => c.id)).toContain(customer.id);
      const expected = data.orders
        .filter((o) => o.customer_id === customer.id && o.status_id !== 0 && !o.is_deleted)
        .sort((a, b) => Date.parse(b.date_created) - Date.parse(a.date_created) || b.id - a.id)
        .slice(0, 5)
        .map((o) => o.id);
      const orders = await store.listOrders({ customerId: customer.id, limit: 5 });
      expect(orders.map((o) => o.id)).toEqual(expected);
    }
  });
});
