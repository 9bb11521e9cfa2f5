/** Renders the full v2 order object (same keys in the list and the single GET). */
import type { StoreData } from '../store-data.js';
import { deriveOrder, wireAddress } from './derive.js';
import { money4, rfc2822, toUnits } from './format.js';
import { customLabel, systemStatus } from './statuses.js';

/** Where resource links point: the simulator itself, so a client may follow them. */
export interface RenderContext {
  store: StoreData;
  /** e.g. http://127.0.0.1:4100/stores/abc123 */
  storeBase: string;
}

const CURRENCY_IDS: Record<string, number> = { USD: 1, EUR: 2, GBP: 3, CAD: 4, AUD: 5 };
/** Store-default → transactional rates; fixed so renders are deterministic. */
const RATES_FROM_USD: Record<string, string> = { USD: '1.0000000000', EUR: '0.9200000000', GBP: '0.7900000000' };

export function currencyId(code: string): number {
  return CURRENCY_IDS[code] ?? 9;
}

function link(ctx: RenderContext, resource: string): { url: string; resource: string } {
  return { url: `${ctx.storeBase}/v2${resource}`, resource };
}

/** A stable pseudo-UUID so the same order always renders the same cart id. */
export function cartIdFor(orderId: number): string {
  const hex = (orderId * 2654435761).toString(16).padStart(12, '0').slice(-12);
  return `b0b745f3-5c7d-45e0-a67e-${hex}`;
}

function ipFor(orderId: number): string {
  return `203.0.${(orderId >> 8) & 255}.${orderId & 255}`;
}

export function renderOrder(ctx: RenderContext, order: StoreData['orders'][number]): Record<string, unknown> {
  const { lines, addresses, shipments, isDigital } = deriveOrder(order);
  const storeCurrency = ctx.store.currency ?? 'USD';
  const currency = order.currency_code ?? storeCurrency;
  const subtotal = lines.reduce((sum, line) => sum + toUnits(line.price) * line.quantity, 0);
  const shipping = addresses.length > 0 ? toUnits(order.shipping_cost) : 0;
  const tax = toUnits(order.tax);
  const discount = toUnits(order.discount_amount);
  const totalEx = subtotal + shipping - discount;
  const itemsTotal = lines.reduce((sum, line) => sum + line.quantity, 0);
  const itemsShipped = lines.reduce((sum, line) => sum + line.shipped, 0);
  const lastShipment = shipments
    .map((s) => s.date_created)
    .sort((a, b) => Date.parse(a) - Date.parse(b))
    .at(-1);
  const billing = wireAddress(order.billing_address);
  const status = systemStatus(order.status_id);
  const zero = money4(0);
  const id = order.id;
  return {
    id,
    customer_id: order.customer_id ?? 0,
    date_created: rfc2822(order.date_created),
    is_tax_inclusive_pricing: false,
    date_modified: rfc2822(order.date_modified ?? lastShipment ?? order.date_created),
    date_shipped: rfc2822(lastShipment),
    status_id: order.status_id,
    status: status.name,
    subtotal_ex_tax: money4(subtotal),
    subtotal_inc_tax: money4(subtotal + tax),
    subtotal_tax: money4(tax),
    base_shipping_cost: money4(shipping),
    shipping_cost_ex_tax: money4(shipping),
    shipping_cost_inc_tax: money4(shipping),
    shipping_cost_tax: zero,
    shipping_cost_tax_class_id: 2,
    base_handling_cost: zero,
    handling_cost_ex_tax: zero,
    handling_cost_inc_tax: zero,
    handling_cost_tax: zero,
    handling_cost_tax_class_id: 2,
    base_wrapping_cost: zero,
    wrapping_cost_ex_tax: zero,
    wrapping_cost_inc_tax: zero,
    wrapping_cost_tax: zero,
    wrapping_cost_tax_class_id: 3,
    total_ex_tax: money4(totalEx),
    total_inc_tax: money4(totalEx + tax),
    total_tax: money4(tax),
    items_total: itemsTotal,
    items_shipped: itemsShipped,
    payment_method: order.payment_method ?? 'Credit Card',
    payment_provider_id: null,
    payment_status: order.payment_status ?? 'captured',
    refunded_amount: money4(toUnits(order.refunded_amount)),
    order_is_digital: isDigital,
    store_credit_amount: zero,
    gift_certificate_amount: zero,
    ip_address: order.ip_address ?? ipFor(id),
    ip_address_v6: '',
    geoip_country: billing.country,
    geoip_country_iso2: billing.country_iso2,
    currency_id: currencyId(currency),
    currency_code: currency,
    currency_exchange_rate: '1.0000000000',
    default_currency_id: currencyId(currency),
    default_currency_code: currency,
    staff_notes: order.staff_notes ?? '',
    customer_message: order.customer_message ?? '',
    discount_amount: money4(discount),
    coupon_discount: zero,
    shipping_address_count: addresses.length,
    is_deleted: order.is_deleted ?? false,
    ebay_order_id: '0',
    cart_id: cartIdFor(id),
    billing_address: { ...billing, form_fields: [] },
    is_email_opt_in: false,
    credit_card_type: null,
    order_source: order.order_source ?? 'www',
    channel_id: 1,
    external_source: '',
    consignments: link(ctx, `/orders/${id}/consignments`),
    products: link(ctx, `/orders/${id}/products`),
    shipping_addresses: link(ctx, `/orders/${id}/shipping_addresses`),
    coupons: link(ctx, `/orders/${id}/coupons`),
    fees: link(ctx, `/orders/${id}/fees`),
    external_id: null,
    external_merchant_id: null,
    tax_provider_id: 'BasicTaxProvider',
    customer_locale: order.customer_locale ?? ctx.store.language ?? 'en',
    external_order_id: '',
    store_default_currency_code: storeCurrency,
    store_default_to_transactional_exchange_rate:
      storeCurrency === 'USD' ? (RATES_FROM_USD[currency] ?? '1.0000000000') : '1.0000000000',
    custom_status: order.custom_status ?? customLabel(ctx.store, order.status_id),
  };
}

/** The date an order sorts and filters by, consistent with what `renderOrder` shows. */
export function orderDate(order: StoreData['orders'][number], field: 'date_created' | 'date_modified'): number {
  const created = Date.parse(order.date_created);
  if (field === 'date_created') return created;
  if (order.date_modified) return Date.parse(order.date_modified);
  return Math.max(created, ...(order.shipments ?? []).map((s) => Date.parse(s.date_created)));
}
