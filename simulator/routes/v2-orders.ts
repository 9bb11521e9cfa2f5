/** `GET /v2/orders`, `/v2/orders/count`, `/v2/orders/{id}`: bare arrays, 204 when empty. */
import type { Reply } from '../http/reply.js';
import { json, noContent, notFoundV2, v2Error } from '../http/reply.js';
import { emailEquals } from '../store-index.js';
import type { SimOrder } from '../store-data.js';
import { toUnits } from '../wire/format.js';
import { cartIdFor, renderOrder } from '../wire/orders.js';
import { SYSTEM_STATUSES, customLabel } from '../wire/statuses.js';
import type { Route, RouteContext } from './context.js';
import { isReply, pageSlice, paging } from './context.js';

const SORT_FIELDS = ['id', 'customer_id', 'date_created', 'date_modified', 'status_id', 'channel_id', 'external_id'];

function intParam(ctx: RouteContext, name: string): number | undefined | Reply {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : v2Error(400, `The field '${name}' is invalid.`);
}

function dateParam(ctx: RouteContext, name: string): number | undefined | Reply {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return undefined;
  const time = Date.parse(raw);
  return Number.isNaN(time) ? v2Error(400, `The field '${name}' is invalid.`) : time;
}

/** The orders matching the list filters, in the requested order; a Reply on a malformed filter. */
export function filterOrders(ctx: RouteContext): SimOrder[] | Reply {
  const ints: Record<string, number | undefined> = {};
  for (const name of ['customer_id', 'status_id', 'min_id', 'max_id', 'channel_id']) {
    const value = intParam(ctx, name);
    if (isReply(value)) return value;
    ints[name] = value;
  }
  const dates: Record<string, number | undefined> = {};
  for (const name of ['min_date_created', 'max_date_created', 'min_date_modified', 'max_date_modified']) {
    const value = dateParam(ctx, name);
    if (isReply(value)) return value;
    dates[name] = value;
  }
  const email = ctx.query.get('email') || undefined;
  const minTotal = ctx.query.get('min_total');
  const maxTotal = ctx.query.get('max_total');
  const paymentMethod = ctx.query.get('payment_method');
  const cartId = ctx.query.get('cart_id');
  const wantDeleted = ctx.query.get('is_deleted') === 'true';
  // Date parsing is the costly part on a large store; only pay for it when a bound is set.
  const hasCreatedBound = dates.min_date_created !== undefined || dates.max_date_created !== undefined;
  const hasModifiedBound = dates.min_date_modified !== undefined || dates.max_date_modified !== undefined;

  // Start from an index when a selective filter allows it.
  let orders: readonly SimOrder[] = ctx.index.ordersSorted();
  if (ints.customer_id !== undefined) orders = ctx.index.ordersByCustomer(ints.customer_id);
  else if (email !== undefined) orders = ctx.index.ordersByEmail(email);

  const result = orders.filter((order) => {
    // Archived orders and Incomplete (status 0) orders stay hidden unless asked for explicitly.
    if ((order.is_deleted ?? false) !== wantDeleted) return false;
    if (ints.status_id === undefined ? order.status_id === 0 : order.status_id !== ints.status_id) return false;
    if (ints.customer_id !== undefined && (order.customer_id ?? 0) !== ints.customer_id) return false;
    if (email !== undefined && !emailEquals(order.billing_address.email, email, ctx.emailMatch)) return false;
    if (ints.min_id !== undefined && order.id < ints.min_id) return false;
    if (ints.max_id !== undefined && order.id > ints.max_id) return false;
    if (ints.channel_id !== undefined && ints.channel_id !== 1) return false;
    if (paymentMethod && (order.payment_method ?? 'Credit Card') !== paymentMethod) return false;
    if (cartId && cartIdFor(order.id) !== cartId) return false;
    if (hasCreatedBound) {
      const created = ctx.index.orderTime(order, 'date_created');
      if (dates.min_date_created !== undefined && created < dates.min_date_created) return false;
      if (dates.max_date_created !== undefined && created > dates.max_date_created) return false;
    }
    if (hasModifiedBound) {
      const modified = ctx.index.orderTime(order, 'date_modified');
      if (dates.min_date_modified !== undefined && modified < dates.min_date_modified) return false;
      if (dates.max_date_modified !== undefined && modified > dates.max_date_modified) return false;
    }
    if (minTotal || maxTotal) {
      const total = totalUnits(order);
      if (minTotal && total < toUnits(minTotal)) return false;
      if (maxTotal && total > toUnits(maxTotal)) return false;
    }
    return true;
  });

  const sort = ctx.query.get('sort');
  if (sort) {
    const [field = '', direction = 'asc'] = sort.split(':');
    if (!SORT_FIELDS.includes(field) || !['asc', 'desc'].includes(direction)) {
      return v2Error(400, `The field 'sort' is invalid.`);
    }
    const key = sortKey(ctx, field);
    const sign = direction === 'desc' ? -1 : 1;
    // Keys computed once per order, not once per comparison.
    const keyed = result.map((order) => ({ order, key: key(order) }));
    keyed.sort((a, b) => sign * (a.key - b.key || a.order.id - b.order.id));
    return keyed.map((k) => k.order);
  }
  return result;
}

function sortKey(ctx: RouteContext, field: string): (order: SimOrder) => number {
  switch (field) {
    case 'customer_id':
      return (o) => o.customer_id ?? 0;
    case 'date_created':
      return (o) => ctx.index.orderTime(o, 'date_created');
    case 'date_modified':
      return (o) => ctx.index.orderTime(o, 'date_modified');
    case 'status_id':
      return (o) => o.status_id;
    default:
      return (o) => o.id;
  }
}

function totalUnits(order: SimOrder): number {
  const subtotal = order.products.reduce((sum, line) => sum + toUnits(line.price) * line.quantity, 0);
  return subtotal + toUnits(order.shipping_cost) + toUnits(order.tax) - toUnits(order.discount_amount);
}

export const orderRoutes: Route[] = [
  {
    version: 'v2',
    pattern: /^\/v2\/orders$/,
    scope: 'orders',
    handle(ctx) {
      const page = paging(ctx.query, 'v2');
      if (isReply(page)) return page;
      const orders = filterOrders(ctx);
      if (isReply(orders)) return orders;
      const slice = pageSlice(orders, page);
      return slice.length === 0 ? noContent() : json(slice.map((order) => renderOrder(ctx.render, order)));
    },
  },
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/count$/,
    scope: 'orders',
    handle(ctx) {
      const orders = filterOrders(ctx);
      if (isReply(orders)) return orders;
      const counts = new Map<number, number>();
      for (const order of orders) counts.set(order.status_id, (counts.get(order.status_id) ?? 0) + 1);
      const statuses = [...SYSTEM_STATUSES]
        .sort((a, b) => a.order - b.order)
        .map((status) => ({
          id: status.id,
          name: status.name,
          system_label: status.name,
          custom_label: customLabel(ctx.data, status.id),
          system_description: status.description,
          count: counts.get(status.id) ?? 0,
          sort_order: status.order,
        }));
      return json({ statuses, count: orders.length });
    },
  },
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)$/,
    scope: 'orders',
    handle(ctx) {
      const order = ctx.index.orderById(Number(ctx.params[0]));
      return order ? json(renderOrder(ctx.render, order)) : notFoundV2();
    },
  },
];
