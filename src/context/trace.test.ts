import { describe, expect, it } from 'vitest';
import { buildCustomerContext } from './build.js';
import { address, customer, order, orderProduct, shipment } from './testing/fixtures.js';
import { FakeStore } from './testing/fake-store.js';
import { traceStore } from './trace.js';

function store(): FakeStore {
  const s = new FakeStore();
  s.delayMs = 15;
  s.customers = [customer({ id: 1, email: 'jane@example.com' })];
  s.orders = [
    order({
      id: 7,
      customerId: 1,
      dateCreated: '2026-01-02T10:00:00Z',
      billingAddress: address({ email: 'jane@example.com' }),
    }),
  ];
  s.products.push(orderProduct({ id: 70, orderId: 7 }));
  s.shipments.push(shipment({ id: 700, orderId: 7, items: [{ orderProductId: 70, productId: 1, quantity: 1 }] }));
  return s;
}

describe('traceStore', () => {
  it('records each request with the wave it waited for, and passes results through', async () => {
    const trace = traceStore(store());
    const context = await buildCustomerContext({
      store: trace.store,
      senderEmail: 'jane@example.com',
      mentionedOrderNumbers: [],
    });
    expect(context.focusOrder?.id).toBe(7);
    const requests = trace.requests();
    const wave = (call: string, target = '') =>
      requests.filter((r) => r.call === call && (target === '' || r.target === target)).map((r) => r.wave);
    expect(wave('findCustomersByEmail')).toEqual([1]);
    expect(wave('listOrders', 'billing email')).toEqual([1]);
    expect(wave('listOrders', 'customerId 1')).toEqual([2]);
    expect(wave('listOrderProducts', '7')).toEqual([2]);
    expect(trace.roundTrips()).toBe(2);
    expect(requests.every((r) => r.ok && r.endMs >= r.startMs)).toBe(true);
    expect(JSON.stringify(requests)).not.toContain('jane@example.com');
  });
});
