import { describe, expect, it } from 'vitest';
import { chooseStore, storeMatch, type StoreLookup } from './multi-store.js';
import type { ContextOrder, CustomerContext } from './types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const SENDER = 'jane@example.com';

function order(id: number, dateCreated = '2026-02-01T10:00:00Z', isGuest = false): ContextOrder {
  return { id, dateCreated, isGuest } as ContextOrder;
}

function context(
  hash: string,
  found: { customer?: boolean; orders?: ContextOrder[]; mentioned?: number; unmatched?: number[] } = {},
): CustomerContext {
  const orders = found.orders ?? [];
  const focus = found.mentioned ? (orders.find((o) => o.id === found.mentioned) ?? null) : (orders[0] ?? null);
  return {
    senderEmail: SENDER,
    store: { hash, name: `Store ${hash}`, currency: 'USD', timezone: null },
    customer: found.customer
      ? {
          id: 1,
          email: SENDER,
          firstName: 'Jane',
          lastName: 'Doe',
          phone: null,
          company: null,
          customerGroupId: null,
          dateCreated: null,
        }
      : null,
    senderName: found.customer ? { firstName: 'Jane', lastName: 'Doe' } : null,
    orders,
    focusOrder: focus,
    focusReason: focus ? (found.mentioned ? 'mentioned' : 'latest') : null,
    unmatchedOrderNumbers: found.unmatched ?? [],
    notices: [{ code: 'missing_scope', resource: 'products', message: `Products of ${hash} could not be read.` }],
    fetchedAt: NOW.toISOString(),
  };
}

const ok = (key: string, c: CustomerContext): StoreLookup<string> => ({
  key,
  label: `Store ${key}`,
  ok: true,
  context: c,
});

function choose(lookups: StoreLookup<string>[], mentioned: number[] = []) {
  return chooseStore({ senderEmail: SENDER, mentionedOrderNumbers: mentioned, lookups, now: NOW });
}

describe('choosing among several stores', () => {
  it('a mentioned order that is the sender’s in store B wins over a customer record in store A', () => {
    const choice = choose(
      [
        ok('a', context('a', { customer: true, orders: [order(11, '2026-02-20T00:00:00Z')], unmatched: [501] })),
        ok('b', context('b', { orders: [order(501, '2026-01-01T00:00:00Z', true)], mentioned: 501 })),
      ],
      [501],
    );
    expect(choice.key).toBe('b');
    expect(choice.match).toBe('mentioned_order');
    expect(choice.context.store?.hash).toBe('b');
    expect(choice.context.focusOrder?.id).toBe(501);
    // Nothing of store A: no customer record, no order, none of its notices.
    expect(choice.context.customer).toBeNull();
    expect(choice.context.orders.map((o) => o.id)).toEqual([501]);
    expect(JSON.stringify(choice.context)).not.toContain('Store a');
  });

  it('a customer found only in store B is answered from B', () => {
    const choice = choose([ok('a', context('a')), ok('b', context('b', { customer: true, orders: [order(7)] }))]);
    expect(choice.key).toBe('b');
    expect(choice.match).toBe('customer');
    expect(choice.context.customer?.firstName).toBe('Jane');
  });

  it('a customer record wins over guest orders elsewhere', () => {
    const choice = choose([
      ok('a', context('a', { orders: [order(3, '2026-02-28T00:00:00Z', true)] })),
      ok('b', context('b', { customer: true })),
    ]);
    expect(choice.key).toBe('b');
  });

  it('guest orders only in store A: A', () => {
    const choice = choose([
      ok('a', context('a', { orders: [order(3, '2026-02-01T00:00:00Z', true)] })),
      ok('b', context('b')),
    ]);
    expect(choice.key).toBe('a');
    expect(choice.match).toBe('guest_orders');
    expect(choice.context.orders.map((o) => o.id)).toEqual([3]);
  });

  it('a tie goes to the store with the newest order', () => {
    const choice = choose([
      ok('a', context('a', { customer: true, orders: [order(1, '2025-01-01T00:00:00Z')] })),
      ok('b', context('b', { customer: true, orders: [order(2, '2026-01-01T00:00:00Z')] })),
    ]);
    expect(choice.key).toBe('b');
  });

  it('found nowhere: no store, nothing from any store, the mentioned number unmatched', () => {
    const choice = choose([ok('a', context('a', { unmatched: [9] })), ok('b', context('b', { unmatched: [9] }))], [9]);
    expect(choice.key).toBeNull();
    expect(choice.match).toBe('none');
    expect(choice.context).toMatchObject({ store: null, customer: null, orders: [], focusOrder: null });
    expect(choice.context.unmatchedOrderNumbers).toEqual([9]);
    expect(choice.context.notices[0]).toMatchObject({ code: 'not_found', resource: 'customer' });
    expect(choice.context.notices[0]?.message).toContain('Store a, Store b');
  });

  it('a store that could not be read is a notice, and the others still answer', () => {
    const choice = choose([
      { key: 'a', label: 'Store a', ok: false, code: 'invalid_token', message: 'The token was refused.' },
      ok('b', context('b', { customer: true })),
    ]);
    expect(choice.key).toBe('b');
    expect(choice.context.notices).toContainEqual({
      code: 'invalid_token',
      resource: 'store',
      message: 'The store Store a could not be read: The token was refused.',
    });
  });

  it('storeMatch reads the strength of a context', () => {
    expect(storeMatch(context('x'))).toBe('none');
    expect(storeMatch(context('x', { orders: [order(1, undefined, true)] }))).toBe('guest_orders');
    expect(storeMatch(context('x', { customer: true }))).toBe('customer');
    expect(storeMatch(context('x', { orders: [order(1)], mentioned: 1 }))).toBe('mentioned_order');
  });
});
