import type { OrderQuery, RequestOptions, StoreDataSource } from '../shared/store-data.js';
import { normalizeEmail } from './email.js';

/** Loads through a cache: the value for `key`, or `load()` stored under it. */
export type CachedLoad = <T>(key: string, load: () => Promise<T>, request?: RequestOptions) => Promise<T>;

/** The key of an order list; also what invalidation matches on (`orders|…`). */
export function orderListKey(query: OrderQuery): string {
  const email = query.email === undefined ? '' : normalizeEmail(query.email);
  return `orders|${query.customerId ?? ''}|${email}|${query.limit}`;
}

/**
 * Every `StoreDataSource` read routed through `cached` under one key scheme, shared by the
 * in-process cache and the Redis one so that invalidation means the same keys in both.
 */
export function cachedReads(store: StoreDataSource, cached: CachedLoad): StoreDataSource {
  return {
    getStoreInfo: (request) => cached('store', () => store.getStoreInfo(), request),
    findCustomersByEmail: (email, request) =>
      cached(`customers|${normalizeEmail(email)}`, () => store.findCustomersByEmail(email), request),
    listOrders: (query, request) => cached(orderListKey(query), () => store.listOrders(query), request),
    getOrder: (orderId, request) => cached(`order|${orderId}`, () => store.getOrder(orderId), request),
    listOrderProducts: (orderId, request) =>
      cached(`products|${orderId}`, () => store.listOrderProducts(orderId), request),
    listOrderShipments: (orderId, request) =>
      cached(`shipments|${orderId}`, () => store.listOrderShipments(orderId), request),
    listOrderShippingAddresses: (orderId, request) =>
      cached(`shipping|${orderId}`, () => store.listOrderShippingAddresses(orderId), request),
    getProductsByIds: (productIds, request) =>
      cached(
        `catalog|${[...new Set(productIds)].sort((a, b) => a - b).join(',')}`,
        () => store.getProductsByIds(productIds),
        request,
      ),
    listOrderStatuses: (request) => cached('statuses', () => store.listOrderStatuses(), request),
    ...(store.searchProducts
      ? {
          searchProducts: (keyword: string, request?: RequestOptions) =>
            cached(`search|${keyword.trim().toLowerCase()}`, () => store.searchProducts!(keyword), request),
        }
      : {}),
  };
}
