import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors.js';
import { buildCustomerContext } from './build.js';
import { createCachedStore } from './cache.js';
import { customer, order, orderProduct } from './testing/fixtures.js';
import { FakeStore } from './testing/fake-store.js';

function janeStore(): FakeStore {
  const store = new FakeStore();
  store.customers = [customer({ id: 1, email: 'jane@example.com' })];
  store.orders = [order({ id: 101 }), order({ id: 102, dateCreated: '2026-01-11T00:00:00Z' })];
  store.products = [orderProduct({ id: 1, orderId: 101 }), orderProduct({ id: 2, orderId: 102 })];
  return store;
}

function clock(start = 0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('createCachedStore', () => {
  it('coalesces identical requests in flight into one', async () => {
    const store = janeStore();
    store.delayMs = 10;
    const cached = createCachedStore(store);
    const [a, b] = await Promise.all([cached.getOrder(101), cached.getOrder(101)]);
    expect(store.callsTo('getOrder')).toHaveLength(1);
    expect(a).toEqual(b);
    expect(a).not.toBe(b); // each caller gets its own copy
    expect(cached.stats()).toEqual({ hits: 1, misses: 1 });
  });

  it('treats email keys case-insensitively and trims them', async () => {
    const store = janeStore();
    const cached = createCachedStore(store);
    await cached.findCustomersByEmail('jane@example.com');
    await cached.findCustomersByEmail(' JANE@Example.com ');
    await cached.listOrders({ email: 'Jane@example.com', limit: 5 });
    await cached.listOrders({ email: 'jane@example.com ', limit: 5 });
    expect(store.calls).toHaveLength(2);
  });

  it('keeps answers for the TTL, then asks again', async () => {
    const store = janeStore();
    const time = clock(); // a clock starting at 0 must work too
    const cached = createCachedStore(store, { ttlMs: 60_000, now: time.now });
    await cached.getOrder(101);
    time.advance(59_999);
    await cached.getOrder(101);
    expect(store.callsTo('getOrder')).toHaveLength(1);
    time.advance(2);
    await cached.getOrder(101);
    expect(store.callsTo('getOrder')).toHaveLength(2);
  });

  it('counts the TTL from when the answer arrived', async () => {
    const store = janeStore();
    store.delayMs = 30;
    const time = clock();
    const cached = createCachedStore(store, { ttlMs: 100, now: time.now });
    const pending = cached.getOrder(101);
    time.advance(90); // the request is slow
    await pending;
    time.advance(90);
    await cached.getOrder(101);
    expect(store.callsTo('getOrder')).toHaveLength(1);
    time.advance(11); // 101 ms after the answer arrived
    await cached.getOrder(101);
    expect(store.callsTo('getOrder')).toHaveLength(2);
  });

  it('never stores failures, but shares one with everyone waiting for it', async () => {
    const store = janeStore();
    store.delayMs = 5;
    store.fail('getOrder', new AppError('unavailable', '503'), { times: 1 });
    const cached = createCachedStore(store);
    const results = await Promise.allSettled([cached.getOrder(101), cached.getOrder(101)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await cached.getOrder(101)).toMatchObject({ id: 101 });
    expect(store.callsTo('getOrder')).toHaveLength(2);
  });

  it('with ttlMs 0 only coalesces what is in flight', async () => {
    const store = janeStore();
    store.delayMs = 5;
    const cached = createCachedStore(store, { ttlMs: 0 });
    await Promise.all([cached.getOrder(101), cached.getOrder(101)]);
    await cached.getOrder(101);
    expect(store.callsTo('getOrder')).toHaveLength(2);
  });

  it('evicts the least recently used beyond maxEntries', async () => {
    const store = janeStore();
    const cached = createCachedStore(store, { maxEntries: 2 });
    await cached.getOrder(101);
    await cached.getOrder(102);
    await cached.getOrder(101); // 102 is now the least recently used
    await cached.getOrder(103);
    await cached.getOrder(101);
    await cached.getOrder(102);
    expect(store.callsTo('getOrder').map((c) => c.arg)).toEqual([101, 102, 103, 102]);
  });

  it('lets one caller give up without failing the others', async () => {
    const store = janeStore();
    store.delayMs = 20;
    const cached = createCachedStore(store);
    const controller = new AbortController();
    const impatient = cached.getOrder(101, { signal: controller.signal });
    const patient = cached.getOrder(101);
    controller.abort();
    await expect(impatient).rejects.toMatchObject({ name: 'AbortError' });
    expect(await patient).toMatchObject({ id: 101 });
    expect(store.callsTo('getOrder')).toHaveLength(1);
  });

  it('forgets an order, its details and the order lists on invalidateOrder', async () => {
    const store = janeStore();
    const cached = createCachedStore(store);
    const warm = async () => {
      await cached.getOrder(101);
      await cached.listOrderProducts(101);
      await cached.listOrders({ customerId: 1, limit: 5 });
      await cached.getOrder(102);
    };
    await warm();
    cached.invalidateOrder(101);
    await warm();
    expect(store.calls.map((c) => c.method)).toEqual([
      'getOrder',
      'listOrderProducts',
      'listOrders',
      'getOrder',
      'getOrder',
      'listOrderProducts',
      'listOrders',
    ]);
  });

  it('forgets a customer and their order lists on invalidateCustomer', async () => {
    const store = janeStore();
    const cached = createCachedStore(store);
    const warm = async () => {
      await cached.findCustomersByEmail('jane@example.com');
      await cached.listOrders({ email: 'jane@example.com', limit: 5 });
      await cached.listOrders({ customerId: 1, limit: 5 });
      await cached.getOrder(101);
    };
    await warm();
    cached.invalidateCustomer(' Jane@Example.com');
    await warm();
    expect(store.calls.map((c) => c.method)).toEqual([
      'findCustomersByEmail',
      'listOrders',
      'listOrders',
      'getOrder',
      'findCustomersByEmail',
      'listOrders',
      'listOrders',
    ]);
  });

  it('clear() forgets everything', async () => {
    const store = janeStore();
    const cached = createCachedStore(store);
    await cached.getStoreInfo();
    cached.clear();
    await cached.getStoreInfo();
    expect(store.callsTo('getStoreInfo')).toHaveLength(2);
  });

  it('makes two concurrent emails from one sender cost one set of lookups', async () => {
    const alone = janeStore();
    await buildCustomerContext({ store: alone, senderEmail: 'jane@example.com', mentionedOrderNumbers: [101] });

    const store = janeStore();
    store.delayMs = 10;
    const cached = createCachedStore(store);
    const [first, second] = await Promise.all([
      buildCustomerContext({ store: cached, senderEmail: 'jane@example.com', mentionedOrderNumbers: [101] }),
      buildCustomerContext({ store: cached, senderEmail: 'JANE@example.com', mentionedOrderNumbers: [101] }),
    ]);
    expect(store.calls.length).toBe(alone.calls.length);
    expect(second.orders).toEqual(first.orders);

    // And a third, later, costs nothing at all.
    const before = store.calls.length;
    await buildCustomerContext({ store: cached, senderEmail: 'jane@example.com', mentionedOrderNumbers: [101] });
    expect(store.calls.length).toBe(before);
  });
});
