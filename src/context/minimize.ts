import type { Customer, Order, OrderProduct, Shipment, ShippingAddress } from '../shared/store-data.js';
import type { ContextCustomer, ContextOrder, ContextOrderItem, ContextShipment, ContextShipTo } from './types.js';
import { explainStatus, systemStatusName } from './status.js';

/**
 * Turns store records into the context's shapes, keeping only what a reply may use. Whatever is
 * not copied here cannot leak into a draft: billing addresses, staff notes, the customer's
 * checkout note, card data, other customers' fields.
 */

export interface Disclosure {
  allowPhone: boolean;
  allowAddress: boolean;
}

/** What was fetched for one order beyond the order record; null where not fetched or not readable. */
export interface OrderDetails {
  products: OrderProduct[] | null;
  shipments: Shipment[] | null;
  shippingAddresses: ShippingAddress[] | null;
}

export const NO_DETAILS: OrderDetails = { products: null, shipments: null, shippingAddresses: null };

export function toContextCustomer(customer: Customer, disclosure: Disclosure): ContextCustomer {
  return {
    id: customer.id,
    email: customer.email.trim(),
    firstName: customer.firstName.trim(),
    lastName: customer.lastName.trim(),
    phone: disclosure.allowPhone ? present(customer.phone) : null,
    company: present(customer.company),
    customerGroupId: customer.customerGroupId || null,
    dateCreated: customer.dateCreated,
    address: disclosure.allowAddress ? savedAddress(customer) : null,
  };
}

/** The account's first saved address as the context carries addresses (street only when allowed, which it is here). */
function savedAddress(customer: Customer): ContextShipTo | null {
  const a = customer.addresses?.[0];
  if (!a || !(a.street1 || a.city)) return null;
  return {
    city: a.city,
    country: a.country,
    countryIso2: a.countryIso2,
    street: [a.street1, a.street2].filter(Boolean).join(', ') || null,
    zip: a.zip,
  };
}

export function toContextOrder(order: Order, details: OrderDetails, disclosure: Disclosure): ContextOrder {
  // Lines of other orders never belong here, whatever a source returned.
  const products = details.products?.filter((line) => line.orderId === order.id) ?? null;
  const shipments = details.shipments?.filter((shipment) => shipment.orderId === order.id) ?? null;
  const name = present(order.status) ?? systemStatusName(order.statusId) ?? 'Unknown';
  return {
    id: order.id,
    isGuest: order.customerId === 0,
    dateCreated: order.dateCreated,
    dateShipped: order.dateShipped,
    status: {
      id: order.statusId,
      name,
      label: present(order.customStatus) ?? name,
      explanation: explainStatus(order.statusId),
    },
    total: order.total,
    subtotal: order.subtotal,
    shippingCost: order.shippingCost,
    tax: order.tax,
    refundedAmount: order.refundedAmount,
    paymentMethod: withoutCardNumbers(order.paymentMethod),
    paymentStatus: present(order.paymentStatus),
    itemsTotal: order.itemsTotal,
    itemsShipped: order.itemsShipped,
    items: products?.map(toContextItem) ?? null,
    shipments: shipments?.map((shipment) => toContextShipment(shipment, products ?? [])) ?? null,
    shipTo: toShipTo(
      details.shippingAddresses?.find((address) => address.orderId === order.id),
      disclosure,
    ),
  };
}

function toContextItem(line: OrderProduct): ContextOrderItem {
  return {
    lineId: line.id,
    productId: line.productId,
    name: line.name,
    sku: present(line.sku),
    quantity: line.quantity,
    quantityShipped: line.quantityShipped,
    quantityRefunded: line.quantityRefunded,
    price: line.price,
    total: line.total,
    options: line.options.map((option) => ({ name: option.name, value: option.value })),
  };
}

function toContextShipment(shipment: Shipment, lines: readonly OrderProduct[]): ContextShipment {
  return {
    id: shipment.id,
    dateCreated: shipment.dateCreated,
    carrier: present(shipment.carrierName) ?? present(shipment.shippingProvider),
    trackingNumber: present(shipment.trackingNumber),
    trackingLink: present(shipment.trackingLink),
    shippingMethod: present(shipment.shippingMethod),
    items: shipment.items.map((item) => {
      // A line missing here means the products could not be read; the name stays empty rather than guessed.
      const line = lines.find((candidate) => candidate.id === item.orderProductId);
      return {
        lineId: item.orderProductId,
        name: line?.name ?? '',
        sku: present(line?.sku),
        quantity: item.quantity,
      };
    }),
  };
}

/** Where the order goes: city and country always; street and postcode only when the workspace allows addresses. */
function toShipTo(address: ShippingAddress | undefined, disclosure: Disclosure): ContextShipTo | null {
  if (!address) return null;
  const street = [address.street1, address.street2]
    .map((part) => present(part))
    .filter((part) => part !== null)
    .join(', ');
  return {
    city: address.city.trim(),
    country: address.country.trim(),
    countryIso2: present(address.countryIso2),
    street: disclosure.allowAddress ? street || null : null,
    zip: disclosure.allowAddress ? present(address.zip) : null,
  };
}

/** null for missing or blank text, so a reply never prints an empty value. */
function present(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Payment method names are free text from gateways; a few put card digits in them ("Visa 4111…").
 * Any run of four or more digits is dropped so no part of a card number reaches a reply.
 */
function withoutCardNumbers(method: string | null): string | null {
  const cleaned = method?.replace(/\d(?:[\s-]?\d){3,}/g, '').replace(/\s{2,}/g, ' ');
  return present(cleaned);
}
