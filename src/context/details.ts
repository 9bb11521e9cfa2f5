import type { Order, RequestOptions, StoreDataSource } from '../shared/store-data.js';
import type { Attempt } from './attempt.js';
import type { OrderDetails } from './minimize.js';
import type { ContextNeeds } from './types.js';

export interface DetailsFetcher {
  /** Starts reading an order's details now, without waiting for them (reused by `get`). */
  start(order: Order, withShipTo: boolean): void;
  /** Items and shipments of `order`, and its ship-to addresses when `withShipTo`. */
  get(order: Order, withShipTo: boolean): Promise<OrderDetails>;
}

/**
 * Reads order details at most once per context. Items and shipments are one unit; ship-to is
 * another, so an order first read without it can still get it later. Digital orders have nothing
 * to ship, so their shipments and shipping addresses are never asked for; and what the intent does
 * not need (`needs`) is never asked for either.
 */
export function createDetailsFetcher(
  store: StoreDataSource,
  request: RequestOptions,
  attempt: Attempt,
  needs: ContextNeeds = { items: true, shipments: true, shipTo: true },
): DetailsFetcher {
  const lines = new Map<number, Promise<Pick<OrderDetails, 'products' | 'shipments'>>>();
  const shipTo = new Map<number, Promise<OrderDetails['shippingAddresses']>>();

  const once = <T>(cache: Map<number, Promise<T>>, id: number, load: () => Promise<T>): Promise<T> => {
    let pending = cache.get(id);
    if (!pending) {
      pending = load();
      // Awaited later, if at all; this only keeps an early failure from counting as unhandled.
      pending.catch(() => undefined);
      cache.set(id, pending);
    }
    return pending;
  };

  const linesOf = (order: Order) =>
    once(lines, order.id, async () => {
      const [products, shipments] = await Promise.all([
        needs.items ? attempt('order_products', () => store.listOrderProducts(order.id, request), order.id) : null,
        !needs.shipments
          ? null
          : order.orderIsDigital
            ? []
            : attempt('shipments', () => store.listOrderShipments(order.id, request), order.id),
      ]);
      return { products: products ?? null, shipments: shipments ?? null };
    });

  const shipToOf = (order: Order) =>
    once(shipTo, order.id, async () =>
      order.orderIsDigital
        ? null
        : ((await attempt('shipping_addresses', () => store.listOrderShippingAddresses(order.id, request), order.id)) ??
          null),
    );

  const get = async (order: Order, withShipTo: boolean): Promise<OrderDetails> => {
    const lines = needs.items || needs.shipments ? linesOf(order) : { products: null, shipments: null };
    const [core, addresses] = await Promise.all([lines, withShipTo && needs.shipTo ? shipToOf(order) : null]);
    return { ...core, shippingAddresses: addresses };
  };

  return {
    start(order, withShipTo) {
      void get(order, withShipTo).catch(() => undefined);
    },
    get,
  };
}
