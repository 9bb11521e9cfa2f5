import type { Order } from '../shared/store-data.js';

/** Orders newest first by creation date; ids break ties (and order undated ones), newest id first. */
export function compareNewestFirst(a: Order, b: Order): number {
  const timeA = timestamp(a.dateCreated);
  const timeB = timestamp(b.dateCreated);
  if (timeA !== timeB) return timeB - timeA;
  return b.id - a.id;
}

/** Merges order lists into one, each id once, newest first. */
export function mergeOrders(...lists: readonly (readonly Order[])[]): Order[] {
  const byId = new Map<number, Order>();
  for (const list of lists) {
    for (const order of list) if (!byId.has(order.id)) byId.set(order.id, order);
  }
  return [...byId.values()].sort(compareNewestFirst);
}

/**
 * The order a reply should talk about when none was named: the newest one that is a real order.
 * An Incomplete order (status 0) is an abandoned checkout, so it is chosen only when it is all
 * there is.
 */
export function latestOrder(ordersNewestFirst: readonly Order[]): Order | null {
  return ordersNewestFirst.find((order) => order.statusId !== 0) ?? ordersNewestFirst[0] ?? null;
}

function timestamp(date: string | null): number {
  if (!date) return Number.NEGATIVE_INFINITY;
  const time = Date.parse(date);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}
