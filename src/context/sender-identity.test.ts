/**
 * Who the sender is, against a store whose own email filter folds Unicode the way a database
 * collation (or JavaScript's toLowerCase) does: the Kelvin sign "K" is "k" to it. A look-alike
 * of a customer's address must never become that customer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiAddress, caseVariantOf, confusableOf } from '../shared/testing/confusables.js';
import { buildCustomerContext } from './build.js';
import { address, customer, order } from './testing/fixtures.js';
import { FakeStore } from './testing/fake-store.js';

const KATE = 'kate.kirk@example.com';
const NOW = () => new Date('2026-02-01T12:00:00Z');

function storeWith(email: string): FakeStore {
  const store = new FakeStore();
  store.customers = [customer({ id: 1, email, firstName: 'Kate', lastName: 'Kirk' })];
  store.orders = [
    order({ id: 101, customerId: 0, billingAddress: address({ email, firstName: 'Kate' }) }),
    order({ id: 102, customerId: 1, billingAddress: address({ email, firstName: 'Kate' }) }),
  ];
  return store;
}

const build = (store: FakeStore, senderEmail: string) =>
  buildCustomerContext({ store, senderEmail, mentionedOrderNumbers: [101, 102], now: NOW });

describe('the sender is a customer only with the same address, up to ASCII case', () => {
  it('finds the customer under any ASCII case of the address', async () => {
    const context = await build(storeWith(KATE), 'Kate.Kirk@EXAMPLE.com');
    expect(context.customer?.id).toBe(1);
    expect(context.orders.map((o) => o.id).sort()).toEqual([101, 102]);
  });

  it('the reported case: "\\u212Aate.kirk@example.com" is not Kate, and the store is not asked about it', async () => {
    const store = storeWith(KATE);
    const context = await build(store, '\u212Aate.kirk@example.com');
    expect(context.customer).toBeNull();
    expect(context.orders).toEqual([]);
    expect(context.focusOrder).toBeNull();
    expect(context.unmatchedOrderNumbers.sort()).toEqual([101, 102]);
    expect(store.callsTo('findCustomersByEmail')).toEqual([]);
    expect(store.callsTo('listOrders')).toEqual([]);
    // Shown as received, not as the ASCII address it imitates.
    expect(context.senderEmail).toBe('\u212Aate.kirk@example.com');
  });

  it('property: no non-ASCII variant of a customer address gets that customer or their orders', async () => {
    await fc.assert(
      fc.asyncProperty(
        asciiAddress.chain((email) =>
          fc.tuple(
            fc.constant(email),
            caseVariantOf(email).chain((cased) => confusableOf(cased)),
          ),
        ),
        async ([email, sender]) => {
          const store = storeWith(email);
          const context = await build(store, sender);
          expect(context.customer).toBeNull();
          expect(context.senderName).toBeNull();
          expect(context.orders).toEqual([]);
          expect(context.focusOrder).toBeNull();
          expect(store.callsTo('findCustomersByEmail')).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
