/**
 * Lookups over one store. A frozen store (never handed out by `Simulator.store()`) is indexed
 * once, so a 10,000-customer store answers email and customer-id queries without scanning. Once a
 * test holds the live data it may change anything, so lookups scan instead: always correct, and
 * still only a few milliseconds on a large store. Emails are compared lower-cased here; callers
 * re-check the exact case when the simulator runs case-sensitive.
 */
import type { SimCustomer, SimOrder, SimProduct, StoreData } from './store-data.js';
import { FALLBACK_DATE } from './wire/format.js';
import { orderDate } from './wire/orders.js';

export interface StoreView {
  customerById(id: number): SimCustomer | undefined;
  /** Candidates whose email matches ignoring case. */
  customersByEmail(email: string): readonly SimCustomer[];
  /** Orders by id ascending. */
  ordersSorted(): readonly SimOrder[];
  orderById(id: number): SimOrder | undefined;
  ordersByCustomer(customerId: number): readonly SimOrder[];
  /** Candidates whose billing email matches ignoring case. */
  ordersByEmail(email: string): readonly SimOrder[];
  productById(id: number): SimProduct | undefined;
  /** Order date in ms (memoised when frozen). */
  orderTime(order: SimOrder, field: 'date_created' | 'date_modified'): number;
  /** Customer date in ms (memoised when frozen). */
  customerTime(customer: SimCustomer, field: 'date_created' | 'date_modified'): number;
}

export function customerDate(customer: SimCustomer, field: 'date_created' | 'date_modified'): number {
  const created = customer.date_created ?? FALLBACK_DATE;
  return Date.parse(field === 'date_created' ? created : (customer.date_modified ?? created));
}

const byId = (a: { id: number }, b: { id: number }): number => a.id - b.id;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Scans the live data on every call. */
export class LiveView implements StoreView {
  constructor(private readonly data: StoreData) {}
  customerById = (id: number) => this.data.customers.find((c) => c.id === id);
  customersByEmail = (email: string) => {
    const wanted = email.toLowerCase();
    return this.data.customers.filter((c) => c.email.toLowerCase() === wanted);
  };
  ordersSorted = () => [...this.data.orders].sort(byId);
  orderById = (id: number) => this.data.orders.find((o) => o.id === id);
  ordersByCustomer = (customerId: number) =>
    this.data.orders.filter((o) => (o.customer_id ?? 0) === customerId).sort(byId);
  ordersByEmail = (email: string) => {
    const wanted = email.toLowerCase();
    return this.data.orders.filter((o) => o.billing_address.email.toLowerCase() === wanted).sort(byId);
  };
  productById = (id: number) => this.data.products.find((p) => p.id === id);
  orderTime = orderDate;
  customerTime = customerDate;
}

/** Built once for data nobody else can change. */
export class FrozenIndex implements StoreView {
  private readonly customers = new Map<number, SimCustomer>();
  private readonly customersEmail = new Map<string, SimCustomer[]>();
  private readonly orders = new Map<number, SimOrder>();
  private readonly sorted: SimOrder[];
  private readonly byCustomer = new Map<number, SimOrder[]>();
  private readonly byEmail = new Map<string, SimOrder[]>();
  private readonly products = new Map<number, SimProduct>();
  private readonly times = new Map<SimOrder | SimCustomer, [number, number]>();

  constructor(data: StoreData) {
    for (const customer of data.customers) {
      this.customers.set(customer.id, customer);
      push(this.customersEmail, customer.email.toLowerCase(), customer);
    }
    this.sorted = [...data.orders].sort(byId);
    for (const order of this.sorted) {
      this.orders.set(order.id, order);
      push(this.byCustomer, order.customer_id ?? 0, order);
      push(this.byEmail, order.billing_address.email.toLowerCase(), order);
    }
    for (const product of data.products) this.products.set(product.id, product);
  }

  customerById = (id: number) => this.customers.get(id);
  customersByEmail = (email: string) => this.customersEmail.get(email.toLowerCase()) ?? [];
  ordersSorted = () => this.sorted;
  orderById = (id: number) => this.orders.get(id);
  ordersByCustomer = (customerId: number) => this.byCustomer.get(customerId) ?? [];
  ordersByEmail = (email: string) => this.byEmail.get(email.toLowerCase()) ?? [];
  productById = (id: number) => this.products.get(id);
  orderTime = (order: SimOrder, field: 'date_created' | 'date_modified') => {
    let pair = this.times.get(order);
    if (!pair) {
      pair = [orderDate(order, 'date_created'), orderDate(order, 'date_modified')];
      this.times.set(order, pair);
    }
    return field === 'date_created' ? pair[0] : pair[1];
  };
  customerTime = (customer: SimCustomer, field: 'date_created' | 'date_modified') => {
    let pair = this.times.get(customer);
    if (!pair) {
      pair = [customerDate(customer, 'date_created'), customerDate(customer, 'date_modified')];
      this.times.set(customer, pair);
    }
    return field === 'date_created' ? pair[0] : pair[1];
  };
}

export type EmailMatch = 'case-insensitive' | 'case-sensitive';

export function emailEquals(stored: string, wanted: string, mode: EmailMatch): boolean {
  return mode === 'case-sensitive' ? stored === wanted : stored.toLowerCase() === wanted.toLowerCase();
}
