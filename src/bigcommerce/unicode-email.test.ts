/**
 * The BigCommerce lookups by email against the simulator, whose filter folds Unicode like a
 * database collation would (it lower-cases with JavaScript: the Kelvin sign becomes "k"). A
 * non-ASCII address is never sent as a filter, and whatever comes back is kept only when it is
 * the same address up to ASCII case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, generateStore, startSimulator, type Simulator } from '../../simulator/index.js';
import { createBigCommerceStore, type BigCommerceStore } from './index.js';

const KATE = 'kate.kirk@example.com';
const HASH = 'unicodemail1';

describe('lookups by email are ASCII-only', () => {
  let sim: Simulator;
  let store: BigCommerceStore;
  let kateId = 0;

  beforeAll(async () => {
    const data = generateStore({ customers: 5, seed: 3, hash: HASH });
    const kate = data.customers.find((c) => data.orders.some((o) => o.customer_id === c.id));
    if (!kate) throw new Error('no customer generated');
    kate.email = KATE;
    kateId = kate.id;
    for (const o of data.orders) if (o.customer_id === kate.id) o.billing_address.email = KATE;
    sim = await startSimulator({ stores: [{ data }], rateLimit: null });
    store = createBigCommerceStore({ storeHash: HASH, accessToken: DEFAULT_TOKEN, apiUrl: sim.url });
  });
  afterAll(() => sim?.close());

  it('finds Kate by her address in any ASCII case', async () => {
    expect((await store.findCustomersByEmail('KATE.Kirk@example.com')).map((c) => c.id)).toEqual([kateId]);
    expect((await store.listOrders({ email: 'Kate.Kirk@Example.com', limit: 50 })).length).toBeGreaterThan(0);
  });

  it('the simulator alone would match the Kelvin-sign look-alike to Kate', async () => {
    const response = await fetch(
      `${sim.url}/stores/${HASH}/v3/customers?${new URLSearchParams({ 'email:in': '\u212Aate.kirk@example.com' })}`,
      { headers: { 'x-auth-token': DEFAULT_TOKEN, accept: 'application/json' } },
    );
    const body = (await response.json()) as { data: Array<{ id: number }> };
    expect(body.data.map((c) => c.id)).toEqual([kateId]);
  });

  it('does not ask about, nor accept, a non-ASCII look-alike', async () => {
    sim.resetLog();
    for (const lookalike of [
      '\u212Aate.kirk@example.com',
      'kate.kir\u212A@example.com',
      'kate.kirk@example.co\u1D0D',
    ]) {
      expect(await store.findCustomersByEmail(lookalike)).toEqual([]);
      expect(await store.listOrders({ email: lookalike, limit: 50 })).toEqual([]);
    }
    expect(sim.requests).toEqual([]);
  });
});
