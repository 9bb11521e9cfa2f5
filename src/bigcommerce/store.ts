/**
 * `StoreDataSource` over the BigCommerce client: the port the rest of Snoooz uses.
 *
 * Two facts the wire does not put where we need them are remembered here:
 * - an order's currency, because order lines carry amounts but no currency code;
 * - the store's default currency, because catalog prices are bare numbers.
 * Neither changes for an order (and rarely for a store), so remembering them is safe and saves
 * requests. Everything else is fetched on demand; caching lookups is the context module's job.
 */
import type { RequestOptions, StoreDataSource, StoreInfo } from '../shared/store-data.js';
import { fetchProductRows, mapCatalogProduct, searchProducts } from './catalog.js';
import { createBigCommerceClient, type BigCommerceClientOptions } from './client.js';
import { searchCustomers } from './customer-search.js';
import { findCustomersByEmail, getCustomerById } from './customers.js';
import { BigCommerceError, isBigCommerceError } from './errors.js';
import { silentLogger } from './logging.js';
import {
  fetchOrderProductRows,
  listOrderShipments,
  listOrderShippingAddresses,
  mapOrderProduct,
} from './order-details.js';
import { listOrderStatuses } from './order-statuses.js';
import { getOrder, listOrders } from './orders.js';
import { fetchStoreInfo } from './store-info.js';

/** Enough for a busy inbox; the oldest entries are dropped first. */
const ORDER_CURRENCY_CACHE_SIZE = 5_000;

export type BigCommerceStore = StoreDataSource & { readonly storeHash: string };

export function createBigCommerceStore(options: BigCommerceClientOptions): BigCommerceStore {
  const client = createBigCommerceClient(options);
  const logger = options.logger ?? silentLogger;
  const orderCurrencies = new Map<number, string>();
  let storeCurrency: Promise<string | null> | null = null;

  function rememberCurrency(orderId: number, currency: string): void {
    orderCurrencies.delete(orderId);
    orderCurrencies.set(orderId, currency);
    if (orderCurrencies.size > ORDER_CURRENCY_CACHE_SIZE) {
      const oldest = orderCurrencies.keys().next().value;
      if (oldest !== undefined) orderCurrencies.delete(oldest);
    }
  }

  async function getStoreInfo(requestOptions?: RequestOptions): Promise<StoreInfo> {
    const info = await fetchStoreInfo(client, requestOptions);
    storeCurrency = Promise.resolve(info.currency);
    return info;
  }

  /**
   * The store's default currency for catalog prices. null when it cannot be read: prices are then
   * null ("unknown") rather than guessed. Missing scope is remembered; other failures are retried
   * on the next call.
   */
  function defaultCurrency(): Promise<string | null> {
    // Shared by concurrent callers, so it does not take any one caller's abort signal.
    storeCurrency ??= fetchStoreInfo(client).then(
      (info) => info.currency,
      (error: unknown) => {
        if (!isBigCommerceError(error, 'missing_scope')) storeCurrency = null;
        logger.warn(
          { store: client.storeHash, code: isBigCommerceError(error) ? error.code : 'unknown' },
          'store currency unavailable: catalog prices left out',
        );
        return null;
      },
    );
    return storeCurrency;
  }

  function requireOrderId(orderId: number): void {
    if (!Number.isSafeInteger(orderId) || orderId <= 0) {
      throw new BigCommerceError(
        'bad_request',
        'An order id must be a positive whole number; this is a bug in the caller.',
      );
    }
  }

  const store: BigCommerceStore = {
    storeHash: client.storeHash,
    getStoreInfo,
    findCustomersByEmail: (email, requestOptions) => findCustomersByEmail(client, email, requestOptions),
    getCustomerById: (customerId, requestOptions) => getCustomerById(client, customerId, requestOptions),
    searchCustomers: (query, requestOptions) => searchCustomers(client, query, requestOptions),
    async listOrders(query, requestOptions) {
      const orders = await listOrders(client, query, requestOptions);
      for (const order of orders) rememberCurrency(order.id, order.total.currency);
      return orders;
    },
    async getOrder(orderId, requestOptions) {
      const order = await getOrder(client, orderId, requestOptions);
      if (order) rememberCurrency(order.id, order.total.currency);
      return order;
    },
    async listOrderProducts(orderId, requestOptions) {
      requireOrderId(orderId);
      const known = orderCurrencies.get(orderId);
      // Unknown currency: fetch the order alongside its lines. No order → no lines.
      const [currency, rows] = await Promise.all([
        known ?? store.getOrder(orderId, requestOptions).then((order) => order?.total.currency ?? null),
        fetchOrderProductRows(client, orderId, requestOptions),
      ]);
      if (currency === null) return [];
      return rows.map((row) => mapOrderProduct(row, currency));
    },
    listOrderShipments(orderId, requestOptions) {
      requireOrderId(orderId);
      return listOrderShipments(client, orderId, requestOptions);
    },
    listOrderShippingAddresses(orderId, requestOptions) {
      requireOrderId(orderId);
      return listOrderShippingAddresses(client, orderId, requestOptions);
    },
    async getProductsByIds(productIds, requestOptions) {
      const [currency, rows] = await Promise.all([
        productIds.some((id) => Number.isSafeInteger(id) && id > 0) ? defaultCurrency() : null,
        fetchProductRows(client, productIds, requestOptions),
      ]);
      return rows.map((row) => mapCatalogProduct(row, currency));
    },
    // Availability is what a stock question needs; prices stay out (null) rather than cost a request.
    searchProducts: (keyword, requestOptions) => searchProducts(client, keyword, null, requestOptions),
    listOrderStatuses: (requestOptions) => listOrderStatuses(client, requestOptions),
  };
  return Object.freeze(store);
}
