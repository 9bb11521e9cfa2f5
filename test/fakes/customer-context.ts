/**
 * Small, realistic `CustomerContext` values for composer and fact-check tests, built from parts
 * so each test can vary one thing (status, currency, timezone, shipments) and keep the rest.
 */
import type {
  ContextOrder,
  ContextOrderItem,
  ContextOrderStatus,
  ContextShipment,
  CustomerContext,
} from '../../src/context/types.js';
import type { Money } from '../../src/shared/store-data.js';

/** BigCommerce's system statuses with the plain-words explanation the context carries. */
export const STATUS_NAMES: Record<number, string> = {
  0: 'Incomplete',
  1: 'Pending',
  2: 'Shipped',
  3: 'Partially Shipped',
  4: 'Refunded',
  5: 'Cancelled',
  6: 'Declined',
  7: 'Awaiting Payment',
  8: 'Awaiting Pickup',
  9: 'Awaiting Shipment',
  10: 'Completed',
  11: 'Awaiting Fulfillment',
  12: 'Manual Verification Required',
  13: 'Disputed',
  14: 'Partially Refunded',
};

export function status(id: number, label?: string): ContextOrderStatus {
  const name = STATUS_NAMES[id] ?? 'Unknown';
  return { id, name, label: label ?? name, explanation: `Plain words for ${name}.` };
}

export function money(amount: string, currency = 'USD'): Money {
  return { amount, currency };
}

export function item(overrides: Partial<ContextOrderItem> = {}): ContextOrderItem {
  const currency = overrides.price?.currency ?? 'USD';
  return {
    lineId: 11,
    productId: 77,
    name: 'Orbit Terrarium',
    sku: 'TERR-LG',
    quantity: 2,
    quantityShipped: 2,
    quantityRefunded: 0,
    price: money('49.00', currency),
    total: money('98.00', currency),
    options: [{ name: 'Size', value: 'Large' }],
    ...overrides,
  };
}

export function shipment(overrides: Partial<ContextShipment> = {}): ContextShipment {
  return {
    id: 1,
    dateCreated: '2024-11-18T15:30:00Z',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    trackingLink: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    shippingMethod: 'UPS Ground',
    items: [{ lineId: 11, name: 'Orbit Terrarium', sku: 'TERR-LG', quantity: 2 }],
    ...overrides,
  };
}

export function order(overrides: Partial<ContextOrder> = {}): ContextOrder {
  const currency = overrides.total?.currency ?? 'USD';
  return {
    id: 5114,
    isGuest: false,
    dateCreated: '2024-11-15T10:00:00Z',
    dateShipped: '2024-11-18T15:30:00Z',
    status: status(2),
    total: money('1234.50', currency),
    subtotal: money('1120.00', currency),
    shippingCost: money('12.50', currency),
    tax: money('102.00', currency),
    refundedAmount: money('0.00', currency),
    paymentMethod: 'Credit Card',
    paymentStatus: 'captured',
    itemsTotal: 2,
    itemsShipped: 2,
    items: [item({ price: money('49.00', currency), total: money('98.00', currency) })],
    shipments: [shipment()],
    shipTo: { city: 'Austin', country: 'United States', countryIso2: 'US', street: null, zip: null },
    ...overrides,
  };
}

export function customerContext(overrides: Partial<CustomerContext> = {}): CustomerContext {
  const orders = overrides.orders ?? [order()];
  return {
    senderEmail: 'maya@example.com',
    store: { hash: 'abc123', name: 'Acme Outfitters', currency: 'USD', timezone: 'America/Chicago' },
    customer: {
      id: 7,
      email: 'maya@example.com',
      firstName: 'Maya',
      lastName: 'Lopez',
      phone: '+1 512 555 0142',
      company: null,
      customerGroupId: null,
      dateCreated: '2023-02-01T09:00:00Z',
    },
    senderName: { firstName: 'Maya', lastName: 'Lopez' },
    orders,
    focusOrder: orders[0] ?? null,
    focusReason: orders[0] ? 'latest' : null,
    unmatchedOrderNumbers: [],
    notices: [],
    fetchedAt: '2024-11-20T12:00:00Z',
    ...overrides,
  };
}
