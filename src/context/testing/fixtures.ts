import type {
  Customer,
  Money,
  Order,
  OrderAddress,
  OrderProduct,
  Shipment,
  ShippingAddress,
  StoreInfo,
} from '../../shared/store-data.js';

/**
 * Small builders for store records, for tests here and in modules that consume contexts. Every
 * field has a plausible default, so a test states only what it is about.
 */

export function usd(amount: string): Money {
  return { amount, currency: 'USD' };
}

export function storeInfo(overrides: Partial<StoreInfo> = {}): StoreInfo {
  return {
    hash: 'abc123',
    name: 'Acme Outfitters',
    domain: 'acme.example',
    secureUrl: 'https://acme.example',
    currency: 'USD',
    language: 'en',
    country: 'United States',
    timezone: 'America/Chicago',
    orderEmail: 'orders@acme.example',
    ...overrides,
  };
}

export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    id: 1,
    email: 'jane@example.com',
    firstName: 'Jane',
    lastName: 'Doe',
    phone: '555-123-4567',
    company: null,
    customerGroupId: null,
    dateCreated: '2025-01-02T03:04:05Z',
    ...overrides,
  };
}

export function address(overrides: Partial<OrderAddress> = {}): OrderAddress {
  return {
    firstName: 'Jane',
    lastName: 'Doe',
    company: null,
    street1: '12 Billing Lane',
    street2: null,
    city: 'Austin',
    state: 'Texas',
    zip: '78701',
    country: 'United States',
    countryIso2: 'US',
    email: 'jane@example.com',
    phone: '555-123-4567',
    ...overrides,
  };
}

export function order(overrides: Partial<Order> & { id: number }): Order {
  return {
    customerId: 1,
    dateCreated: '2026-01-10T10:00:00Z',
    dateModified: null,
    dateShipped: null,
    statusId: 11,
    status: 'Awaiting Fulfillment',
    customStatus: 'Awaiting Fulfillment',
    subtotal: usd('90.00'),
    shippingCost: usd('10.00'),
    tax: usd('0.00'),
    total: usd('100.00'),
    refundedAmount: usd('0.00'),
    itemsTotal: 2,
    itemsShipped: 0,
    paymentMethod: 'Credit Card',
    paymentStatus: 'captured',
    billingAddress: address(),
    customerMessage: null,
    isDeleted: false,
    orderIsDigital: false,
    customerLocale: 'en',
    ...overrides,
  };
}

export function orderProduct(overrides: Partial<OrderProduct> & { id: number; orderId: number }): OrderProduct {
  return {
    productId: 77,
    variantId: null,
    name: 'Chambray Towel',
    sku: 'TOWEL-1',
    type: 'physical',
    quantity: 2,
    quantityShipped: 0,
    quantityRefunded: 0,
    price: usd('45.00'),
    total: usd('90.00'),
    options: [{ name: 'Colour', value: 'Beige' }],
    orderAddressId: 1,
    parentOrderProductId: null,
    ...overrides,
  };
}

export function shipment(overrides: Partial<Shipment> & { id: number; orderId: number }): Shipment {
  return {
    orderAddressId: 1,
    dateCreated: '2026-01-12T09:00:00Z',
    trackingNumber: '1Z999',
    shippingProvider: 'ups',
    carrierName: 'UPS',
    shippingMethod: 'Ground',
    trackingLink: 'https://track.example/1Z999',
    items: [],
    ...overrides,
  };
}

export function shippingAddress(overrides: Partial<ShippingAddress> & { orderId: number }): ShippingAddress {
  return {
    ...address({ street1: '99 Delivery Road', zip: '73301', city: 'Round Rock' }),
    id: 1,
    shippingMethod: 'Ground',
    itemsTotal: 2,
    itemsShipped: 0,
    ...overrides,
  };
}
