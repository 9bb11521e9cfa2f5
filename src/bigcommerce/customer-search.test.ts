/** The agent's customer search (email, name, order number) against the simulator over real HTTP. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ALL_READ_SCOPES,
  DEFAULT_TOKEN,
  parseStoreData,
  startSimulator,
  type Simulator,
} from '../../simulator/index.js';
import { createBigCommerceStore, isBigCommerceError, type BigCommerceStore } from './index.js';
import { FIXTURE_HASH, OTHER_HASH, fixtureStore, otherStore } from './testing/fixture.js';

const NO_CUSTOMERS_TOKEN = 'nocustomerstokenabcdefghijklmn';

describe('customer search over HTTP', () => {
  let sim: Simulator;
  let store: BigCommerceStore;
  const queries = (path: string) => sim.requests.filter((r) => r.path === path).map((r) => decodeURIComponent(r.query));

  beforeAll(async () => {
    const other = parseStoreData({
      ...otherStore(),
      customers: [{ id: 1, email: 'stranger@example.com', first_name: 'Stan', last_name: 'Stranger' }],
      orders: [
        {
          id: 7000,
          customer_id: 1,
          status_id: 2,
          date_created: '2026-05-01T10:00:00Z',
          billing_address: { first_name: 'Stan', last_name: 'Stranger', email: 'stranger@example.com' },
          products: [{ product_id: 0, name: 'Thing', quantity: 1, price: 5 }],
        },
      ],
    });
    sim = await startSimulator({
      stores: [
        {
          data: parseStoreData(fixtureStore()),
          tokens: [
            { token: DEFAULT_TOKEN, scopes: ALL_READ_SCOPES },
            { token: NO_CUSTOMERS_TOKEN, scopes: ALL_READ_SCOPES.filter((s) => !s.includes('customers')) },
          ],
        },
        { data: other },
      ],
      rateLimit: null,
    });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.resetLog();
    store = createBigCommerceStore({ storeHash: FIXTURE_HASH, accessToken: DEFAULT_TOKEN, apiUrl: sim.url });
  });

  it('by email: the exact account only, with email:in', async () => {
    const result = await store.searchCustomers!({ by: 'email', q: 'BOB.smith@example.com' });
    expect(result.customers).toEqual([
      { id: 2, firstName: 'Bob', lastName: 'Smith', email: 'Bob.Smith@Example.com', company: 'Acme' },
    ]);
    expect(queries('/v3/customers')[0]).toContain('email:in=');
    expect((await store.searchCustomers!({ by: 'email', q: 'bob.smith@example.co' })).customers).toEqual([]);
  });

  it('by name: every word must be in the name; the store is asked with name:like', async () => {
    const result = await store.searchCustomers!({ by: 'name', q: 'doe jane' });
    expect(result.customers.map((c) => c.id)).toEqual([1]);
    expect(queries('/v3/customers')[0]).toContain('name:like=jane');
    // "Orders" matches two customers by last name; "No Orders" only one.
    expect((await store.searchCustomers!({ by: 'name', q: 'Orders' })).customers.map((c) => c.id).sort()).toEqual([
      3, 4,
    ]);
    expect((await store.searchCustomers!({ by: 'name', q: 'No Orders' })).customers.map((c) => c.id)).toEqual([4]);
    expect((await store.searchCustomers!({ by: 'name', q: 'Zebediah' })).customers).toEqual([]);
  });

  it('by order number: the order, then its customer by id', async () => {
    const result = await store.searchCustomers!({ by: 'order', q: '#105' });
    expect(result.customers.map((c) => c.email)).toEqual(['Bob.Smith@Example.com']);
    expect(result.order).toMatchObject({ id: 105, isGuest: false, status: 'Being packed' });
    expect(result.note).toBeNull();
    expect(sim.requests.map((r) => r.path)).toEqual(['/v2/orders/105', '/v3/customers']);
    expect(queries('/v3/customers')[0]).toContain('id:in=2');
    expect(new Set(sim.requests.map((r) => r.method))).toEqual(new Set(['GET']));
  });

  it('by order number of a guest checkout: the account under its billing email, or a note', async () => {
    const jane = await store.searchCustomers!({ by: 'order', q: '104' });
    expect(jane.customers.map((c) => c.id)).toEqual([1]);
    expect(jane.order?.isGuest).toBe(true);
    const gus = await store.searchCustomers!({ by: 'order', q: '102' });
    expect(gus.customers).toEqual([]);
    expect(gus.note).toContain('guest checkout');
  });

  it('an unknown order number and another store’s order number find nobody', async () => {
    for (const q of ['999999', '7000']) {
      const result = await store.searchCustomers!({ by: 'order', q });
      expect(result).toEqual({ customers: [], order: null, note: `The store has no order #${q}.` });
    }
    // The other store does have order 7000: the search is per store.
    const other = createBigCommerceStore({ storeHash: OTHER_HASH, accessToken: DEFAULT_TOKEN, apiUrl: sim.url });
    expect((await other.searchCustomers!({ by: 'order', q: '7000' })).customers.map((c) => c.email)).toEqual([
      'stranger@example.com',
    ]);
  });

  it('refuses a malformed query before any request, and names a missing scope in one line', async () => {
    for (const query of [
      { by: 'email', q: 'not-an-email' },
      { by: 'order', q: '12ab' },
      { by: 'name', q: 'x' },
      { by: 'phone', q: '555' },
    ]) {
      await expect(store.searchCustomers!(query as never)).rejects.toMatchObject({ code: 'bad_request' });
    }
    expect(sim.requests).toEqual([]);

    const limited = createBigCommerceStore({
      storeHash: FIXTURE_HASH,
      accessToken: NO_CUSTOMERS_TOKEN,
      apiUrl: sim.url,
    });
    const error: unknown = await limited.searchCustomers!({ by: 'name', q: 'Jane' }).catch((e: unknown) => e);
    expect(isBigCommerceError(error, 'missing_scope')).toBe(true);
    expect((error as Error).message).not.toContain('\n');
    expect((error as Error).message).toContain('Customers');
  });

  it('reads one customer by id, and null for an id the store does not have', async () => {
    expect((await store.getCustomerById!(2))?.email).toBe('Bob.Smith@Example.com');
    expect(await store.getCustomerById!(4242)).toBeNull();
    expect(await store.getCustomerById!(0)).toBeNull();
  });
});
