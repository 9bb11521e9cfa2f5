/** Renders an order's sub-resources: products (lines), shipments, shipping addresses. */
import type { SimOrder } from '../store-data.js';
import type { DerivedLine, DerivedOrder } from './derive.js';
import { wireAddress } from './derive.js';
import { money4, rfc2822, toUnits } from './format.js';
import type { RenderContext } from './orders.js';

const zero = money4(0);

export function renderOrderLine(derived: DerivedOrder, line: DerivedLine): Record<string, unknown> {
  const price = toUnits(line.price);
  const total = money4(price * line.quantity);
  const refunded = line.quantity_refunded ?? 0;
  return {
    id: line.id,
    order_id: derived.order.id,
    product_id: line.product_id,
    variant_id: line.variant_id ?? (line.product_id === 0 ? 0 : line.product_id * 10 + 1),
    order_pickup_method_id: 0,
    order_address_id: line.order_address_id,
    name: line.name,
    name_customer: line.name,
    name_merchant: line.name,
    sku: line.sku ?? '',
    upc: '',
    type: line.type ?? 'physical',
    base_price: money4(price),
    price_ex_tax: money4(price),
    price_inc_tax: money4(price),
    price_tax: zero,
    base_total: total,
    total_ex_tax: total,
    total_inc_tax: total,
    total_tax: zero,
    weight: '1.0000',
    width: '0.0000',
    height: '0.0000',
    depth: '0.0000',
    quantity: line.quantity,
    base_cost_price: zero,
    cost_price_inc_tax: zero,
    cost_price_ex_tax: zero,
    cost_price_tax: zero,
    is_refunded: refunded > 0 && refunded >= line.quantity,
    quantity_refunded: refunded,
    refund_amount: money4(price * refunded),
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: '',
    base_wrapping_cost: zero,
    wrapping_cost_ex_tax: zero,
    wrapping_cost_inc_tax: zero,
    wrapping_cost_tax: zero,
    wrapping_message: '',
    quantity_shipped: line.shipped,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: zero,
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: line.options?.length ? 10 + line.options.length : null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: '',
    fulfillment_source: '',
    brand: '',
    gift_certificate_id: null,
    applied_discounts: [],
    product_options: (line.options ?? []).map((option, i) => ({
      id: line.id * 10 + i + 1,
      option_id: 100 + i,
      order_product_id: line.id,
      product_option_id: 1000 + i,
      display_name: option.name,
      display_name_customer: option.name,
      display_name_merchant: option.name,
      display_value: option.value,
      display_value_customer: option.value,
      display_value_merchant: option.value,
      value: String(stableNumber(option.value)),
      type: 'Multiple choice',
      name: option.name,
      display_style: 'Rectangle',
    })),
    configurable_fields: [],
    discounted_total_inc_tax: total,
  };
}

/** Option value ids are numbers on the wire; derive a stable one from the label. */
function stableNumber(text: string): number {
  let h = 7;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 100_000;
  return h;
}

const PROVIDER_NAMES: Record<string, string> = {
  ups: 'UPS',
  upsready: 'UPS',
  upsonline: 'UPS',
  usps: 'USPS',
  fedex: 'FedEx',
  royalmail: 'Royal Mail',
  auspost: 'Australia Post',
  canadapost: 'Canada Post',
  endicia: 'Endicia',
  shipperhq: 'ShipperHQ',
};

const TRACKING_URLS: Record<string, string> = {
  ups: 'https://www.ups.com/track?tracknum=',
  usps: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=',
  fedex: 'https://www.fedex.com/fedextrack/?trknbr=',
  royalmail: 'https://www.royalmail.com/track-your-item#/tracking-results/',
  auspost: 'https://auspost.com.au/mypost/track/#/details/',
  canadapost: 'https://www.canadapost-postescanada.ca/track-reperage/en#/details/',
};

export function renderShipment(derived: DerivedOrder, shipmentIndex: number): Record<string, unknown> {
  const { order, addresses } = derived;
  const shipment = derived.shipments[shipmentIndex];
  if (!shipment) throw new Error('no such shipment');
  const provider = shipment.shipping_provider ?? '';
  const number = shipment.tracking_number ?? '';
  const custom = shipment.tracking_link ?? '';
  const base = TRACKING_URLS[provider];
  const address = addresses.find((a) => a.id === shipment.order_address_id) ?? order.billing_address;
  const productIdByLine = new Map(derived.lines.map((line) => [line.id, line.product_id]));
  return {
    id: shipment.id,
    order_id: order.id,
    customer_id: order.customer_id ?? 0,
    order_address_id: shipment.order_address_id,
    date_created: rfc2822(shipment.date_created),
    tracking_number: number,
    merchant_shipping_cost: zero,
    shipping_method: shipment.shipping_method ?? 'None',
    comments: shipment.comments ?? '',
    shipping_provider: provider,
    tracking_carrier: shipment.tracking_carrier ?? '',
    tracking_link: custom,
    billing_address: wireAddress(order.billing_address),
    shipping_address: wireAddress(address, order.billing_address.email),
    items: shipment.items.map((item) => ({
      order_product_id: item.order_product_id,
      product_id: productIdByLine.get(item.order_product_id) ?? 0,
      quantity: item.quantity,
    })),
    generated_tracking_link: !custom && base && number ? base + encodeURIComponent(number) : '',
    shipping_provider_display_name: shipment.provider_display_name ?? PROVIDER_NAMES[provider] ?? 'Other',
  };
}

export function renderShippingAddress(
  ctx: RenderContext,
  derived: DerivedOrder,
  addressIndex: number,
): Record<string, unknown> {
  const order: SimOrder = derived.order;
  const address = derived.addresses[addressIndex];
  if (!address) throw new Error('no such address');
  const lines = derived.lines.filter((line) => line.order_address_id === address.id);
  const cost =
    address.cost !== undefined ? toUnits(address.cost) : addressIndex === 0 ? toUnits(order.shipping_cost) : 0;
  const wire = wireAddress(address, order.billing_address.email);
  const resource = `/orders/${order.id}/shipping_addresses/${address.id}/shipping_quotes`;
  return {
    id: address.id,
    order_id: order.id,
    first_name: wire.first_name,
    last_name: wire.last_name,
    company: wire.company,
    street_1: wire.street_1,
    street_2: wire.street_2,
    city: wire.city,
    zip: wire.zip,
    country: wire.country,
    country_iso2: wire.country_iso2,
    state: wire.state,
    email: wire.email,
    phone: wire.phone,
    items_total: lines.reduce((sum, line) => sum + line.quantity, 0),
    items_shipped: lines.reduce((sum, line) => sum + line.shipped, 0),
    shipping_method: address.shipping_method ?? 'Flat Rate',
    base_cost: money4(cost),
    cost_ex_tax: money4(cost),
    cost_inc_tax: money4(cost),
    cost_tax: zero,
    cost_tax_class_id: 2,
    base_handling_cost: zero,
    handling_cost_ex_tax: zero,
    handling_cost_inc_tax: zero,
    handling_cost_tax: zero,
    handling_cost_tax_class_id: 2,
    shipping_zone_id: 1,
    shipping_zone_name: wire.country,
    shipping_quotes: { url: `${ctx.storeBase}/v2${resource}`, resource },
    form_fields: [],
  };
}
