/** An order's sub-resources and the status list. Unknown order → v2 404; empty collection → 204. */
import type { Reply } from '../http/reply.js';
import { json, noContent, notFoundV2 } from '../http/reply.js';
import type { DerivedOrder } from '../wire/derive.js';
import { deriveOrder } from '../wire/derive.js';
import { renderOrderLine, renderShipment, renderShippingAddress } from '../wire/order-details.js';
import { SYSTEM_STATUSES, customLabel, systemStatus } from '../wire/statuses.js';
import type { Route, RouteContext } from './context.js';
import { isReply, pageSlice, paging } from './context.js';

function withOrder(ctx: RouteContext, handle: (derived: DerivedOrder) => Reply): Reply {
  const order = ctx.index.orderById(Number(ctx.params[0]));
  return order ? handle(deriveOrder(order)) : notFoundV2();
}

/** A paged v2 collection: bare array, 204 when the page is empty. */
function pagedList(ctx: RouteContext, items: unknown[]): Reply {
  const page = paging(ctx.query, 'v2');
  if (isReply(page)) return page;
  const slice = pageSlice(items, page);
  return slice.length === 0 ? noContent() : json(slice);
}

function renderStatus(ctx: RouteContext, id: number) {
  const status = systemStatus(id);
  return {
    id,
    name: status.name,
    system_label: status.name,
    custom_label: customLabel(ctx.data, id),
    system_description: status.description,
    order: status.order,
  };
}

export const orderDetailRoutes: Route[] = [
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)\/products$/,
    scope: 'orders',
    handle: (ctx) =>
      withOrder(ctx, (d) =>
        pagedList(
          ctx,
          [...d.lines].sort((a, b) => a.id - b.id).map((l) => renderOrderLine(d, l)),
        ),
      ),
  },
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)\/products\/(\d+)$/,
    scope: 'orders',
    handle: (ctx) =>
      withOrder(ctx, (d) => {
        const line = d.lines.find((l) => l.id === Number(ctx.params[1]));
        return line ? json(renderOrderLine(d, line)) : notFoundV2();
      }),
  },
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)\/shipments$/,
    scope: 'orders',
    handle: (ctx) =>
      withOrder(ctx, (d) =>
        pagedList(
          ctx,
          d.shipments.map((_, i) => renderShipment(d, i)),
        ),
      ),
  },
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)\/shipments\/count$/,
    scope: 'orders',
    handle: (ctx) => withOrder(ctx, (d) => json({ count: d.shipments.length })),
  },
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)\/shipments\/(\d+)$/,
    scope: 'orders',
    handle: (ctx) =>
      withOrder(ctx, (d) => {
        const index = d.shipments.findIndex((s) => s.id === Number(ctx.params[1]));
        return index >= 0 ? json(renderShipment(d, index)) : notFoundV2();
      }),
  },
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)\/shipping_addresses$/,
    scope: 'orders',
    handle: (ctx) =>
      withOrder(ctx, (d) =>
        pagedList(
          ctx,
          d.addresses.map((_, i) => renderShippingAddress(ctx.render, d, i)),
        ),
      ),
  },
  {
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)\/shipping_addresses\/(\d+)$/,
    scope: 'orders',
    handle: (ctx) =>
      withOrder(ctx, (d) => {
        const index = d.addresses.findIndex((a) => a.id === Number(ctx.params[1]));
        return index >= 0 ? json(renderShippingAddress(ctx.render, d, index)) : notFoundV2();
      }),
  },
  {
    // No coupons are modelled; an order without coupons answers 204 like any empty v2 collection.
    version: 'v2',
    pattern: /^\/v2\/orders\/(\d+)\/coupons$/,
    scope: 'orders',
    handle: (ctx) => withOrder(ctx, () => noContent()),
  },
  {
    version: 'v2',
    pattern: /^\/v2\/order_statuses$/,
    scope: 'orders',
    handle: (ctx) => json(SYSTEM_STATUSES.map((s) => renderStatus(ctx, s.id))),
  },
  {
    version: 'v2',
    pattern: /^\/v2\/order_statuses\/(\d+)$/,
    scope: 'orders',
    handle(ctx) {
      const id = Number(ctx.params[0]);
      return SYSTEM_STATUSES.some((s) => s.id === id) ? json(renderStatus(ctx, id)) : notFoundV2();
    },
  },
];
