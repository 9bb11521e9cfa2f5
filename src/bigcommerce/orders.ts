/**
 * Orders (Orders scope): `GET /v2/orders` filtered by `customer_id` or `email` (the billing
 * email; guest orders have customer_id 0 and carry only that), newest first, and
 * `GET /v2/orders/{id}` (404 → null).
 */
import { canLookUpEmail } from '../shared/email-identity.js';
import type { Money, Order, OrderAddress, OrderQuery, RequestOptions } from '../shared/store-data.js';
import type { BigCommerceClient } from './client.js';
import { BigCommerceError, invalidResponseError, isBigCommerceError } from './errors.js';
import { emailKey, text, textOrNull, toIsoDate, toMoney } from './normalise.js';
import { parseWire, v2Pages } from './paging.js';
import { orderList, orderSchema, type WireAddress, type WireOrder } from './schemas.js';

export const ORDERS_PATH = '/v2/orders';

/**
 * Orders matching `customerId` and/or `email`, newest first, at most `limit`. With both, the
 * result is the union (a registered customer's orders plus guest orders under their email).
 * A filter is required: this port answers "whose orders", never "all orders".
 *
 * Rows are re-checked on our side (customer id equal; billing email equal, case-insensitively)
 * so a server that ignored a filter could never hand us someone else's orders.
 */
export async function listOrders(
  client: BigCommerceClient,
  query: OrderQuery,
  options: RequestOptions = {},
): Promise<Order[]> {
  const { limit, customerId } = query;
  if (!Number.isSafeInteger(limit) || limit < 0) throw invalidQuery('limit must be a whole number ≥ 0');
  if (customerId !== undefined && !(Number.isSafeInteger(customerId) && customerId > 0)) {
    // customer_id=0 would list every guest order of the store.
    throw invalidQuery('customerId must be a positive integer');
  }
  const email = typeof query.email === 'string' && query.email.trim() !== '' ? query.email.trim() : undefined;
  if (customerId === undefined && email === undefined) throw invalidQuery('give a customerId or an email');
  if (limit === 0) return [];

  const searches: Promise<Order[]>[] = [];
  if (customerId !== undefined) {
    searches.push(
      searchOrders(client, { customer_id: customerId }, limit, (o) => o.customerId === customerId, options),
    );
  }
  // Not plain ASCII: no order is looked up by it (see customers.ts); the customer id still counts.
  if (email !== undefined && canLookUpEmail(email)) {
    // Case-sensitivity of the v2 `email` filter is undocumented: ask for both spellings.
    const key = emailKey(email);
    for (const variant of new Set([email, key])) {
      searches.push(
        searchOrders(client, { email: variant }, limit, (o) => emailKey(o.billingAddress.email) === key, options),
      );
    }
  }

  const byId = new Map<number, Order>();
  for (const orders of await Promise.all(searches)) for (const order of orders) byId.set(order.id, order);
  return [...byId.values()].sort(newestFirst).slice(0, limit);
}

async function searchOrders(
  client: BigCommerceClient,
  filter: Record<string, string | number>,
  limit: number,
  keep: (order: Order) => boolean,
  options: RequestOptions,
): Promise<Order[]> {
  const found: Order[] = [];
  const pages = v2Pages(client, ORDERS_PATH, { ...filter, sort: 'date_created:desc' }, orderList, limit, options);
  for await (const rows of pages) {
    const kept = rows.map(mapOrder).filter(keep);
    found.push(...kept);
    // Enough rows; or a page with no match at all means the filter was not applied: stop walking.
    if (found.length >= limit || kept.length === 0) break;
  }
  return found;
}

export async function getOrder(
  client: BigCommerceClient,
  orderId: number,
  options: RequestOptions = {},
): Promise<Order | null> {
  // Order numbers come from email text: anything that cannot be an id is simply "not there".
  if (!Number.isSafeInteger(orderId) || orderId <= 0) return null;
  const path = `${ORDERS_PATH}/${orderId}`;
  try {
    const response = await client.get(path, {}, options);
    if (response.body === null) return null;
    return mapOrder(parseWire(orderSchema, response.body, path));
  } catch (error) {
    if (isBigCommerceError(error, 'not_found')) return null;
    throw error;
  }
}

export function newestFirst(a: Order, b: Order): number {
  const byDate = (b.dateCreated ?? '').localeCompare(a.dateCreated ?? '');
  return byDate !== 0 ? byDate : b.id - a.id;
}

/**
 * Amounts on a v2 order are in its transactional currency (`default_currency_code`);
 * `currency_code` is the display currency and equal to it unless multi-currency is on.
 */
export function orderCurrency(wire: WireOrder): string {
  const code = textOrNull(wire.default_currency_code) ?? textOrNull(wire.currency_code);
  const fallback = textOrNull(wire.store_default_currency_code);
  const currency = code ?? fallback;
  if (!currency) throw invalidResponseError('order without currency', { path: `${ORDERS_PATH}/${wire.id}` });
  return currency.toUpperCase();
}

export function mapOrder(wire: WireOrder): Order {
  const currency = orderCurrency(wire);
  // An absent amount is zero (BigCommerce omits some on old orders); an unreadable one is a wire
  // breach: stating "0.00" for it would put an invented figure in a reply.
  const money = (value: string | number | null | undefined): Money => {
    const parsed = toMoney(value ?? '0', currency);
    if (!parsed) throw invalidResponseError('order with an unreadable amount', { path: `${ORDERS_PATH}/${wire.id}` });
    return parsed;
  };
  // Tax-inclusive stores show shoppers prices with tax; others show them without and add tax.
  const inclusive = wire.is_tax_inclusive_pricing === true;
  const customStatus = textOrNull(wire.custom_status) ?? wire.status;
  return {
    id: wire.id,
    customerId: wire.customer_id,
    dateCreated: toIsoDate(wire.date_created),
    dateModified: toIsoDate(wire.date_modified),
    dateShipped: toIsoDate(wire.date_shipped),
    statusId: wire.status_id,
    status: wire.status,
    customStatus,
    subtotal: money(inclusive ? wire.subtotal_inc_tax : wire.subtotal_ex_tax),
    shippingCost: money(inclusive ? wire.shipping_cost_inc_tax : wire.shipping_cost_ex_tax),
    tax: money(wire.total_tax),
    total: money(wire.total_inc_tax),
    refundedAmount: money(wire.refunded_amount),
    itemsTotal: wire.items_total,
    itemsShipped: wire.items_shipped,
    paymentMethod: textOrNull(wire.payment_method),
    paymentStatus: textOrNull(wire.payment_status),
    billingAddress: mapAddress(wire.billing_address ?? {}),
    customerMessage: textOrNull(wire.customer_message),
    isDeleted: wire.is_deleted === true,
    orderIsDigital: wire.order_is_digital === true,
    customerLocale: textOrNull(wire.customer_locale),
  };
}

export function mapAddress(wire: WireAddress): OrderAddress {
  return {
    firstName: text(wire.first_name),
    lastName: text(wire.last_name),
    company: textOrNull(wire.company),
    street1: text(wire.street_1),
    street2: textOrNull(wire.street_2),
    city: text(wire.city),
    state: textOrNull(wire.state),
    zip: textOrNull(wire.zip),
    country: text(wire.country),
    countryIso2: textOrNull(wire.country_iso2)?.toUpperCase() ?? null,
    email: textOrNull(wire.email),
    phone: textOrNull(wire.phone),
  };
}

function invalidQuery(reason: string): BigCommerceError {
  return new BigCommerceError('bad_request', `Invalid order query (${reason}); this is a bug in the caller.`);
}
