import type {
  CatalogProduct,
  Customer,
  Order,
  OrderProduct,
  OrderQuery,
  OrderStatusInfo,
  RequestOptions,
  Shipment,
  ShippingAddress,
  StoreDataSource,
  StoreInfo,
} from '../../shared/store-data.js';
import { storeInfo } from './fixtures.js';

export type FakeMethod = keyof StoreDataSource;

export interface FakeCall {
  method: FakeMethod;
  arg: unknown;
  /** Which round the call was made in (only advances in round mode). */
  round: number;
}

interface Failure {
  method: FakeMethod;
  error: Error;
  times: number;
  when?: (arg: unknown) => boolean;
}

/**
 * An in-memory StoreDataSource that behaves like the port promises (case-insensitive email
 * matching, newest-first orders) and records every call.
 *
 * In round mode calls wait until `releaseRound()`, which answers everything asked so far at once,
 * like one network round trip; a test can then check which lookups ran together.
 */
export class FakeStore implements StoreDataSource {
  info: StoreInfo = storeInfo();
  customers: Customer[] = [];
  orders: Order[] = [];
  products: OrderProduct[] = [];
  shipments: Shipment[] = [];
  shippingAddresses: ShippingAddress[] = [];
  readonly calls: FakeCall[] = [];
  round = 0;
  roundMode = false;
  /** Real delay per call in ms (immediate when 0), for coalescing tests. */
  delayMs = 0;

  readonly #failures: Failure[] = [];
  #waiting: (() => void)[] = [];

  /** Makes the next `times` calls of `method` (matching `when`, if given) throw `error`. */
  fail(method: FakeMethod, error: Error, options: { times?: number; when?: (arg: unknown) => boolean } = {}): void {
    this.#failures.push({
      method,
      error,
      times: options.times ?? Number.POSITIVE_INFINITY,
      ...(options.when ? { when: options.when } : {}),
    });
  }

  /** Answers every call made so far; returns how many it answered. */
  releaseRound(): number {
    const waiting = this.#waiting;
    this.#waiting = [];
    this.round += 1;
    for (const release of waiting) release();
    return waiting.length;
  }

  get pending(): number {
    return this.#waiting.length;
  }

  callsTo(method: FakeMethod): FakeCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  getStoreInfo(options?: RequestOptions): Promise<StoreInfo> {
    return this.#answer('getStoreInfo', undefined, options, () => this.info);
  }

  findCustomersByEmail(email: string, options?: RequestOptions): Promise<Customer[]> {
    const wanted = email.trim().toLowerCase();
    return this.#answer('findCustomersByEmail', email, options, () =>
      this.customers.filter((customer) => customer.email.trim().toLowerCase() === wanted),
    );
  }

  getCustomerById(customerId: number, options?: RequestOptions): Promise<Customer | null> {
    return this.#answer(
      'getCustomerById',
      customerId,
      options,
      () => this.customers.find((customer) => customer.id === customerId) ?? null,
    );
  }

  listOrders(query: OrderQuery, options?: RequestOptions): Promise<Order[]> {
    const email = query.email?.trim().toLowerCase();
    return this.#answer('listOrders', query, options, () =>
      this.orders
        .filter((order) => query.customerId === undefined || order.customerId === query.customerId)
        .filter((order) => email === undefined || order.billingAddress.email?.trim().toLowerCase() === email)
        .sort((a, b) => (b.dateCreated ?? '').localeCompare(a.dateCreated ?? '') || b.id - a.id)
        .slice(0, query.limit),
    );
  }

  getOrder(orderId: number, options?: RequestOptions): Promise<Order | null> {
    return this.#answer('getOrder', orderId, options, () => this.orders.find((order) => order.id === orderId) ?? null);
  }

  listOrderProducts(orderId: number, options?: RequestOptions): Promise<OrderProduct[]> {
    return this.#answer('listOrderProducts', orderId, options, () =>
      this.products.filter((line) => line.orderId === orderId),
    );
  }

  listOrderShipments(orderId: number, options?: RequestOptions): Promise<Shipment[]> {
    return this.#answer('listOrderShipments', orderId, options, () =>
      this.shipments.filter((shipment) => shipment.orderId === orderId),
    );
  }

  listOrderShippingAddresses(orderId: number, options?: RequestOptions): Promise<ShippingAddress[]> {
    return this.#answer('listOrderShippingAddresses', orderId, options, () =>
      this.shippingAddresses.filter((address) => address.orderId === orderId),
    );
  }

  getProductsByIds(productIds: number[], options?: RequestOptions): Promise<CatalogProduct[]> {
    return this.#answer('getProductsByIds', productIds, options, () => []);
  }

  listOrderStatuses(options?: RequestOptions): Promise<OrderStatusInfo[]> {
    return this.#answer('listOrderStatuses', undefined, options, () => []);
  }

  async #answer<T>(method: FakeMethod, arg: unknown, options: RequestOptions | undefined, read: () => T): Promise<T> {
    this.calls.push({ method, arg, round: this.round });
    if (this.roundMode) await new Promise<void>((release) => this.#waiting.push(release));
    else if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    else await Promise.resolve();
    options?.signal?.throwIfAborted();
    const failure = this.#failures.find((f) => f.method === method && f.times > 0 && (!f.when || f.when(arg)));
    if (failure) {
      failure.times -= 1;
      throw failure.error;
    }
    // A copy, as a real client would hand out: callers must not share objects with the "server".
    return structuredClone(read());
  }
}

/**
 * Runs `work` against a store in round mode, releasing one round at a time until it settles.
 * Resolves with the result and the number of rounds it needed.
 */
export async function runInRounds<T>(store: FakeStore, work: () => Promise<T>): Promise<{ result: T; rounds: number }> {
  store.roundMode = true;
  let settled = false;
  const running = work().finally(() => {
    settled = true;
  });
  running.catch(() => undefined);
  let rounds = 0;
  for (;;) {
    // Let every continuation run, so all calls a round can make have been made.
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
    if (settled) break;
    if (store.pending === 0) throw new Error('work is stuck: nothing pending and not settled');
    store.releaseRound();
    rounds += 1;
  }
  store.roundMode = false;
  return { result: await running, rounds };
}
