/**
 * Hand-made `CustomerContext` values for the assistant's tests. Each factory returns a complete,
 * realistic value and takes overrides, so a test changes only what it is about.
 */
import type {
  ContextCustomer,
  ContextNotice,
  ContextOrder,
  ContextOrderItem,
  ContextOrderStatus,
  ContextShipment,
  CustomerContext,
} from '../context/types.js';
import type { Money } from '../shared/store-data.js';
import {
  DEFAULT_SETTINGS,
  type ComposeInput,
  type IncomingMessage,
  type Intent,
  type Language,
  type Understanding,
  type WorkspaceSettings,
} from './types.js';

export const STATUS_NAMES = [
  'Incomplete',
  'Pending',
  'Shipped',
  'Partially Shipped',
  'Refunded',
  'Cancelled',
  'Declined',
  'Awaiting Payment',
  'Awaiting Pickup',
  'Awaiting Shipment',
  'Completed',
  'Awaiting Fulfillment',
  'Manual Verification Required',
  'Disputed',
  'Partially Refunded',
] as const;

export function money(amount: string, currency = 'USD'): Money {
  return { amount, currency };
}

export function makeStatus(id: number, label?: string): ContextOrderStatus {
  const name = STATUS_NAMES[id] ?? 'Unknown';
  return { id, name, label: label ?? name, explanation: `English explanation of ${name}.` };
}

export function makeItem(overrides: Partial<ContextOrderItem> = {}): ContextOrderItem {
  return {
    lineId: 1,
    productId: 80,
    name: 'Orbit Terrarium - Large',
    sku: 'OTL',
    quantity: 1,
    quantityShipped: 1,
    quantityRefunded: 0,
    price: money('109.00'),
    total: money('109.00'),
    options: [{ name: 'Size', value: 'Large' }],
    ...overrides,
  };
}

export function makeShipment(overrides: Partial<ContextShipment> = {}): ContextShipment {
  return {
    id: 1,
    dateCreated: '2026-11-18T16:30:00Z',
    carrier: 'UPS',
    trackingNumber: '1Z999AA10123456784',
    trackingLink: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    shippingMethod: 'UPS Ground',
    items: [{ lineId: 1, name: 'Orbit Terrarium - Large', sku: 'OTL', quantity: 1 }],
    ...overrides,
  };
}

export function makeOrder(overrides: Partial<ContextOrder> = {}): ContextOrder {
  return {
    id: 5114,
    isGuest: false,
    dateCreated: '2026-11-15T15:00:00Z',
    dateShipped: '2026-11-18T16:30:00Z',
    status: makeStatus(2),
    total: money('133.65'),
    subtotal: money('123.55'),
    shippingCost: money('10.10'),
    tax: money('3.70'),
    refundedAmount: money('0.00'),
    paymentMethod: 'Credit Card',
    paymentStatus: 'captured',
    itemsTotal: 1,
    itemsShipped: 1,
    items: [makeItem()],
    shipments: [makeShipment()],
    shipTo: { city: 'Austin', country: 'United States', countryIso2: 'US', street: null, zip: null },
    ...overrides,
  };
}

/** Two lines, two shipments with different carriers, one line partly still to ship. */
export function makeSplitOrder(overrides: Partial<ContextOrder> = {}): ContextOrder {
  return makeOrder({
    status: makeStatus(3),
    itemsTotal: 4,
    itemsShipped: 3,
    items: [
      makeItem(),
      makeItem({
        lineId: 2,
        productId: 81,
        name: 'Linen Apron',
        sku: 'APR-BL',
        quantity: 3,
        quantityShipped: 2,
        price: money('8.18'),
        total: money('24.55'),
        options: [{ name: 'Colour', value: 'Blue' }],
      }),
    ],
    shipments: [
      makeShipment(),
      makeShipment({
        id: 2,
        dateCreated: '2026-11-19T10:00:00Z',
        carrier: 'USPS',
        trackingNumber: '9400111899223856928499',
        trackingLink: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111899223856928499',
        items: [{ lineId: 2, name: 'Linen Apron', sku: 'APR-BL', quantity: 2 }],
      }),
    ],
    ...overrides,
  });
}

export function makeCustomer(overrides: Partial<ContextCustomer> = {}): ContextCustomer {
  return {
    id: 12,
    email: 'maya@example.com',
    firstName: 'Maya',
    lastName: 'Lopez',
    phone: '+1 512-555-0142',
    company: null,
    customerGroupId: null,
    dateCreated: '2025-02-01T10:00:00Z',
    ...overrides,
  };
}

/** A known customer whose latest order is the focus, unless overridden. */
export function makeContext(overrides: Partial<CustomerContext> = {}): CustomerContext {
  const orders = overrides.orders ?? [makeOrder()];
  return {
    senderEmail: 'maya@example.com',
    store: { hash: 'x7demo9st1', name: 'Acme Outfitters', currency: 'USD', timezone: 'America/Chicago' },
    customer: makeCustomer(),
    senderName: { firstName: 'Maya', lastName: 'Lopez' },
    orders,
    focusOrder: orders[0] ?? null,
    focusReason: orders[0] ? 'latest' : null,
    unmatchedOrderNumbers: [],
    notices: [],
    fetchedAt: '2026-11-20T12:00:00Z',
    ...overrides,
  };
}

/** Nobody in the store under this address. */
export function makeUnknownContext(overrides: Partial<CustomerContext> = {}): CustomerContext {
  return makeContext({
    senderEmail: 'stranger@example.net',
    customer: null,
    senderName: null,
    orders: [],
    focusOrder: null,
    focusReason: null,
    ...overrides,
  });
}

export function makeNotice(overrides: Partial<ContextNotice> = {}): ContextNotice {
  return {
    code: 'missing_scope',
    resource: 'shipments',
    message: 'Shipments could not be read: the token lacks the Orders read scope.',
    scope: 'store_v2_orders_read_only',
    orderId: 5114,
    ...overrides,
  };
}

export function makeSettings(overrides: Partial<WorkspaceSettings> = {}): WorkspaceSettings {
  return { ...DEFAULT_SETTINGS, businessName: 'Acme Outfitters', ...overrides };
}

export function makeMessage(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  return {
    subject: 'My order',
    text: 'Hi, where is my order?',
    fromEmail: 'maya@example.com',
    fromName: 'Maya Lopez',
    ...overrides,
  };
}

export function makeInput(
  intent: Intent,
  options: {
    language?: Language;
    context?: CustomerContext;
    settings?: Partial<WorkspaceSettings>;
    message?: Partial<IncomingMessage>;
  } = {},
): ComposeInput {
  const context = options.context ?? makeContext();
  const understanding: Understanding = {
    intent,
    language: options.language ?? 'en',
    orderNumbers: context.focusReason === 'mentioned' && context.focusOrder ? [context.focusOrder.id] : [],
  };
  return {
    message: makeMessage(options.message),
    understanding,
    context,
    settings: makeSettings(options.settings),
  };
}

/**
 * A customer's words for each intent. The built-in composer answers the plan it reads from the
 * message text (not the intent label), so a test about one intent needs words that ask for it.
 */
export const INTENT_TEXTS: Record<Intent, string> = {
  order_status: 'Hi, where is my order?',
  shipping_tracking: 'Can I get the tracking number please?',
  order_items: 'What did I order?',
  order_help: 'Can you send me the invoice for my order?',
  customer_info: 'What details do you have on file for me?',
  payment_status: 'Did my payment go through?',
  refund_request: 'I would like a refund for my order.',
  cancel_request: 'Please cancel my order.',
  return_request: 'I want to return my order.',
  other: 'Do you have a showroom I can visit?',
};

/** makeInput with the message text asking for that intent (unless the test gives its own text). */
export function makeIntentInput(intent: Intent, options: Parameters<typeof makeInput>[1] = {}): ComposeInput {
  return makeInput(intent, { ...options, message: { text: INTENT_TEXTS[intent], ...options.message } });
}
