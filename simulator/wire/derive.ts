/**
 * Fills an authored order's omitted ids, addresses and shipment items, and computes per-line
 * shipped quantities. Done at render time (not load time) so tests that mutate live data see
 * consistent responses.
 */
import type { SimAddress, SimOrder, SimOrderLine, SimShipment, SimShippingAddress } from '../store-data.js';

export interface DerivedLine extends SimOrderLine {
  id: number;
  shipped: number;
  order_address_id: number;
}
export interface DerivedAddress extends SimShippingAddress {
  id: number;
}
export interface DerivedShipment extends SimShipment {
  id: number;
  order_address_id: number;
  items: { order_product_id: number; quantity: number }[];
}
export interface DerivedOrder {
  order: SimOrder;
  lines: DerivedLine[];
  addresses: DerivedAddress[];
  shipments: DerivedShipment[];
  isDigital: boolean;
}

export function deriveOrder(order: SimOrder): DerivedOrder {
  const isDigital = order.products.every((line) => line.type === 'digital' || line.type === 'giftcertificate');
  const authored: SimShippingAddress[] = order.shipping_addresses ?? (isDigital ? [] : [{ ...order.billing_address }]);
  const addresses = authored.map((address, i) => ({ ...address, id: address.id ?? order.id * 10 + i + 1 }));
  const firstAddressId = addresses[0]?.id ?? 0;
  const lineIds = order.products.map((line, i) => line.id ?? order.id * 100 + i + 1);
  const shipments = (order.shipments ?? []).map((shipment, i) => ({
    ...shipment,
    id: shipment.id ?? order.id * 10 + i + 1,
    order_address_id: shipment.order_address_id ?? firstAddressId,
    items:
      shipment.items ??
      order.products.map((line, l) => ({ order_product_id: lineIds[l] ?? 0, quantity: line.quantity })),
  }));
  const shippedById = new Map<number, number>();
  for (const shipment of shipments) {
    for (const item of shipment.items) {
      shippedById.set(item.order_product_id, (shippedById.get(item.order_product_id) ?? 0) + item.quantity);
    }
  }
  const lines = order.products.map((line, i) => {
    const lineId = lineIds[i] ?? 0;
    return {
      ...line,
      id: lineId,
      shipped: Math.min(line.quantity, line.quantity_shipped ?? shippedById.get(lineId) ?? 0),
      order_address_id: line.order_address_id ?? firstAddressId,
    };
  });
  return { order, lines, addresses, shipments, isDigital };
}

const COUNTRY_ISO2: Record<string, string> = {
  'United States': 'US',
  'United Kingdom': 'GB',
  Canada: 'CA',
  Australia: 'AU',
  Germany: 'DE',
  France: 'FR',
  Ireland: 'IE',
  Netherlands: 'NL',
  Spain: 'ES',
  Italy: 'IT',
  'New Zealand': 'NZ',
};

/** The 12-key address object v2 uses for billing, shipment and shipping addresses. */
export function wireAddress(address: SimAddress, fallbackEmail = ''): Record<string, string> {
  const country = address.country ?? 'United States';
  return {
    first_name: address.first_name,
    last_name: address.last_name,
    company: address.company ?? '',
    street_1: address.street_1 ?? '',
    street_2: address.street_2 ?? '',
    city: address.city ?? '',
    state: address.state ?? '',
    zip: address.zip ?? '',
    country,
    country_iso2: address.country_iso2 ?? COUNTRY_ISO2[country] ?? '',
    phone: address.phone ?? '',
    email: address.email ?? fallbackEmail,
  };
}
