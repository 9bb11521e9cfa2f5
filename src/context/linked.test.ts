/**
 * A conversation an agent linked to a customer by hand: the context is that account's (read by
 * id), whatever address the sender wrote from, and ownership still holds: an order number of
 * another customer is refused exactly as for an unlinked sender.
 */
import { describe, expect, it } from 'vitest';
import { buildCustomerContext } from './build.js';
import { address, customer, order } from './testing/fixtures.js';
import { FakeStore } from './testing/fake-store.js';

const NOW = () => new Date('2026-02-01T12:00:00Z');
const SENDER = 'kate.at.work@office.example';
const LINK = { customerId: 1, linkedBy: 'Ana Agent', linkedByUserId: 9, linkedAt: '2026-02-01T11:00:00Z' };

function store(): FakeStore {
  const s = new FakeStore();
  s.customers = [
    customer({ id: 1, email: 'kate@home.example', firstName: 'Kate', lastName: 'Kirk' }),
    customer({ id: 2, email: 'otto@example.com', firstName: 'Otto', lastName: 'Other' }),
  ];
  s.orders = [
    order({
      id: 501,
      customerId: 1,
      dateCreated: '2026-01-10T10:00:00Z',
      billingAddress: address({ email: 'kate@home.example' }),
    }),
    // Kate once checked out as a guest with her account's address: hers too.
    order({
      id: 502,
      customerId: 0,
      dateCreated: '2026-01-12T10:00:00Z',
      billingAddress: address({ email: 'Kate@Home.example' }),
    }),
    order({
      id: 601,
      customerId: 2,
      dateCreated: '2026-01-20T10:00:00Z',
      billingAddress: address({ email: 'otto@example.com' }),
    }),
    // A guest order paid from the sender's own address is not the linked customer's.
    order({ id: 701, customerId: 0, dateCreated: '2026-01-25T10:00:00Z', billingAddress: address({ email: SENDER }) }),
  ];
  return s;
}

describe('a linked conversation', () => {
  it('uses the linked customer and their orders, never a lookup by the sender address', async () => {
    const s = store();
    const context = await buildCustomerContext({
      store: s,
      senderEmail: SENDER,
      mentionedOrderNumbers: [501],
      customerLink: LINK,
      now: NOW,
    });
    expect(context.customer).toMatchObject({ id: 1, email: 'kate@home.example' });
    expect(context.senderEmail).toBe(SENDER);
    expect(context.senderName).toEqual({ firstName: 'Kate', lastName: 'Kirk' });
    expect(context.orders.map((o) => o.id)).toEqual([502, 501]);
    expect(context.focusOrder?.id).toBe(501);
    expect(context.customerLink).toEqual(LINK);
    expect(s.callsTo('findCustomersByEmail')).toEqual([]);
    expect(s.callsTo('getCustomerById').map((c) => c.arg)).toEqual([1]);
    // Orders by the account's id and by the account's address, never by the sender's.
    const lists = s.callsTo('listOrders').map((c) => c.arg as { email?: string; customerId?: number });
    expect(lists.some((q) => q.customerId === 1)).toBe(true);
    expect(lists.some((q) => q.email === SENDER)).toBe(false);
  });

  it('still refuses an order number of another customer, and one paid from the sender address', async () => {
    const s = store();
    const context = await buildCustomerContext({
      store: s,
      senderEmail: SENDER,
      mentionedOrderNumbers: [601, 701],
      customerLink: LINK,
      now: NOW,
    });
    expect(context.unmatchedOrderNumbers.sort()).toEqual([601, 701]);
    expect(context.orders.map((o) => o.id)).not.toContain(601);
    expect(context.orders.map((o) => o.id)).not.toContain(701);
    expect(context.focusOrder?.id).toBe(502);
    // Nothing about the refused orders was read beyond the order itself.
    expect(s.callsTo('listOrderProducts').map((c) => c.arg)).not.toContain(601);
    expect(s.callsTo('listOrderShipments').map((c) => c.arg)).not.toContain(601);
  });

  it('without the link the same sender is a stranger (the link is per conversation, not per address)', async () => {
    const context = await buildCustomerContext({
      store: store(),
      senderEmail: SENDER,
      mentionedOrderNumbers: [501],
      now: NOW,
    });
    expect(context.customer).toBeNull();
    expect(context.customerLink).toBeUndefined();
    expect(context.unmatchedOrderNumbers).toEqual([501]);
    expect(context.orders.map((o) => o.id)).toEqual([701]);
  });

  it('a linked customer the store no longer has: no customer record, only orders under the id', async () => {
    const s = store();
    s.customers = s.customers.filter((c) => c.id !== 1);
    const context = await buildCustomerContext({
      store: s,
      senderEmail: SENDER,
      mentionedOrderNumbers: [],
      customerLink: LINK,
      now: NOW,
    });
    expect(context.customer).toBeNull();
    expect(context.orders.map((o) => o.id)).toEqual([501]);
  });
});
