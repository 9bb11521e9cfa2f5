/**
 * Per-order collections (Orders scope), all v2 and paged:
 * `GET /v2/orders/{id}/products`, `/shipments`, `/shipping_addresses`.
 * An empty collection is `204 No Content` (documented for shipments, seen for the others); an
 * unknown order is 404. Both mean "nothing there" → [].
 */
import type {
  OrderProduct,
  OrderProductOption,
  RequestOptions,
  Shipment,
  ShippingAddress,
} from '../shared/store-data.js';
import type { BigCommerceClient } from './client.js';
import { MAX_PAGE_SIZE } from './config.js';
import { isBigCommerceError } from './errors.js';
import { httpUrlOrNull, idOrNull, text, textOrNull, toIsoDate, toMoney } from './normalise.js';
import { mapAddress, ORDERS_PATH } from './orders.js';
import { collectAll, v2Pages } from './paging.js';
import {
  orderProductList,
  shipmentList,
  shippingAddressList,
  type WireOrderProduct,
  type WireShipment,
  type WireShippingAddress,
} from './schemas.js';
import type { z } from 'zod';

async function listPerOrder<T extends z.ZodType>(
  client: BigCommerceClient,
  orderId: number,
  resource: 'products' | 'shipments' | 'shipping_addresses',
  schema: z.ZodArray<T>,
  options: RequestOptions,
): Promise<z.output<T>[]> {
  const path = `${ORDERS_PATH}/${orderId}/${resource}`;
  try {
    return await collectAll(v2Pages(client, path, {}, schema, MAX_PAGE_SIZE, options));
  } catch (error) {
    if (isBigCommerceError(error, 'not_found')) return [];
    throw error;
  }
}

/** Raw order lines; map them with the order's currency (lines carry none of their own). */
export function fetchOrderProductRows(
  client: BigCommerceClient,
  orderId: number,
  options: RequestOptions = {},
): Promise<WireOrderProduct[]> {
  return listPerOrder(client, orderId, 'products', orderProductList, options);
}

export async function listOrderProducts(
  client: BigCommerceClient,
  orderId: number,
  currency: string,
  options: RequestOptions = {},
): Promise<OrderProduct[]> {
  const rows = await fetchOrderProductRows(client, orderId, options);
  return rows.map((row) => mapOrderProduct(row, currency));
}

export function mapOrderProduct(wire: WireOrderProduct, currency: string): OrderProduct {
  return {
    id: wire.id,
    orderId: wire.order_id,
    productId: wire.product_id,
    variantId: idOrNull(wire.variant_id),
    name: wire.name.trim(),
    sku: textOrNull(wire.sku),
    type: text(wire.type) || 'physical',
    quantity: wire.quantity,
    quantityShipped: wire.quantity_shipped,
    quantityRefunded: wire.quantity_refunded,
    price: toMoney(wire.price_inc_tax, currency) ?? { amount: '0.00', currency },
    total: toMoney(wire.total_inc_tax, currency) ?? { amount: '0.00', currency },
    options: (wire.product_options ?? []).map(mapOption).filter((o): o is OrderProductOption => o !== null),
    orderAddressId: idOrNull(wire.order_address_id),
    parentOrderProductId: idOrNull(wire.parent_order_product_id),
  };
}

/** The shopper-facing wording (what they saw at checkout), falling back to the generic one. */
function mapOption(wire: NonNullable<WireOrderProduct['product_options']>[number]): OrderProductOption | null {
  const name = textOrNull(wire.display_name_customer) ?? textOrNull(wire.display_name) ?? textOrNull(wire.name);
  const rawValue = typeof wire.value === 'number' ? String(wire.value) : wire.value;
  const value = textOrNull(wire.display_value_customer) ?? textOrNull(wire.display_value) ?? textOrNull(rawValue) ?? '';
  return name ? { name, value } : null;
}

export async function listOrderShipments(
  client: BigCommerceClient,
  orderId: number,
  options: RequestOptions = {},
): Promise<Shipment[]> {
  const rows = await listPerOrder(client, orderId, 'shipments', shipmentList, options);
  return rows.map(mapShipment);
}

/** Provider codes BigCommerce documents, for shipments whose display name is missing or "Other". */
const PROVIDER_NAMES: Record<string, string> = {
  auspost: 'Australia Post',
  canadapost: 'Canada Post',
  endicia: 'USPS',
  usps: 'USPS',
  fedex: 'FedEx',
  ups: 'UPS',
  upsready: 'UPS',
  upsonline: 'UPS',
  royalmail: 'Royal Mail',
};

export function mapShipment(wire: WireShipment): Shipment {
  const provider = textOrNull(wire.shipping_provider);
  const displayName = textOrNull(wire.shipping_provider_display_name);
  // "Other" is BigCommerce's label for "no carrier chosen": not a carrier name to tell a customer.
  const carrierName =
    (displayName && displayName.toLowerCase() !== 'other' ? displayName : null) ??
    (provider ? (PROVIDER_NAMES[provider.toLowerCase()] ?? null) : null);
  return {
    id: wire.id,
    orderId: wire.order_id,
    orderAddressId: idOrNull(wire.order_address_id),
    dateCreated: toIsoDate(wire.date_created),
    trackingNumber: textOrNull(wire.tracking_number),
    shippingProvider: provider,
    carrierName,
    shippingMethod: textOrNull(wire.shipping_method),
    // The merchant's custom link wins; BigCommerce's generated one is the fallback.
    trackingLink: httpUrlOrNull(wire.tracking_link) ?? httpUrlOrNull(wire.generated_tracking_link),
    items: wire.items.map((item) => ({
      orderProductId: item.order_product_id,
      productId: item.product_id,
      quantity: item.quantity,
    })),
  };
}

export async function listOrderShippingAddresses(
  client: BigCommerceClient,
  orderId: number,
  options: RequestOptions = {},
): Promise<ShippingAddress[]> {
  const rows = await listPerOrder(client, orderId, 'shipping_addresses', shippingAddressList, options);
  return rows.map(mapShippingAddress);
}

export function mapShippingAddress(wire: WireShippingAddress): ShippingAddress {
  return {
    ...mapAddress(wire),
    id: wire.id,
    orderId: wire.order_id,
    shippingMethod: textOrNull(wire.shipping_method),
    itemsTotal: wire.items_total,
    itemsShipped: wire.items_shipped,
  };
}
