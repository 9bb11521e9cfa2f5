/**
 * `generateStore`: a deterministic, realistic store. Same options → identical data; dates are
 * relative to a fixed base date (2026-05-31), never the clock.
 */
import type { StoreData } from '../store-data.js';
import { markValidated } from '../store-data.js';
import { generateCatalog } from './catalog.js';
import type { GeneratedCustomer } from './customers.js';
import { capitalise, generateCustomers, makePerson } from './customers.js';
import type { Buyer, OrderPlan } from './orders.js';
import { buildOrder } from './orders.js';
import { makeAddress } from './places.js';
import type { Rng } from './random.js';
import { BASE_DATE_MS, DAY_MS, chance, createRng, int, pick, weighted } from './random.js';
import { statusForAge } from './order-status.js';

export interface GenerateOptions {
  customers: number;
  seed: number;
  hash?: string;
  name?: string;
}

const YEAR_MS = 365 * DAY_MS;

function orderCount(rng: Rng): number {
  return weighted(rng, [
    [0, 28],
    [1, 30],
    [2, 16],
    [int(rng, 3, 5), 15],
    [int(rng, 6, 15), 9],
    [int(rng, 16, 40), 2],
  ]);
}

function buyerOf(customer: GeneratedCustomer): Buyer {
  const address = customer.addresses?.[0];
  if (!address) throw new Error('generated customers always have an address');
  return {
    customerId: customer.id,
    first_name: customer.first_name,
    last_name: customer.last_name,
    // A few shoppers type their email differently at checkout than when they registered.
    email: customer.email,
    ...(customer.phone ? { phone: customer.phone } : {}),
    market: customer.market,
    address,
  };
}

/** Dates over the last year, after the customer registered. */
function orderTimes(rng: Rng, count: number, notBeforeMs: number): number[] {
  const from = Math.max(notBeforeMs, BASE_DATE_MS - YEAR_MS);
  return Array.from(
    { length: count },
    () => from + int(rng, 0, Math.max(1, Math.floor((BASE_DATE_MS - from) / 60_000))) * 60_000,
  );
}

export function generateStore(options: GenerateOptions): StoreData {
  const rng = createRng(options.seed);
  const taken = new Set<string>();
  const products = generateCatalog(rng);
  const customers = generateCustomers(rng, Math.max(0, Math.floor(options.customers)), taken);

  const plans: Omit<OrderPlan, 'statusId'>[] = [];
  // A few heavy buyers (60+ orders) so order paging is exercised.
  const heavy = new Set<number>();
  for (let i = 0; i < Math.max(1, Math.round(customers.length / 2000)) && customers.length > 2; i++) {
    heavy.add(i === 0 ? 3 : int(rng, 1, customers.length));
  }
  for (const customer of customers) {
    const count = heavy.has(customer.id) ? int(rng, 60, 80) : orderCount(rng);
    const buyer = buyerOf(customer);
    for (const atMs of orderTimes(rng, count, customer.createdMs)) plans.push({ buyer, atMs });
  }
  // Guests: customer_id 0, identified by billing email only; some reuse a registered customer's address.
  const guestCount = customers.length === 0 ? 3 : Math.max(3, Math.round(customers.length * 0.2));
  for (let g = 0; g < guestCount; g++) {
    const registered = customers.length > 0 && chance(rng, 0.1) ? pick(rng, customers) : undefined;
    const person = registered ?? makePerson(rng, taken);
    const market = person.market;
    const typed = chance(rng, 0.15)
      ? chance(rng, 0.5)
        ? person.email.toUpperCase()
        : capitalise(person.email)
      : person.email;
    const buyer: Buyer = {
      customerId: 0,
      first_name: person.first_name,
      last_name: person.last_name,
      email: typed,
      market,
      address: makeAddress(rng, market, person),
    };
    for (const atMs of orderTimes(rng, int(rng, 1, 3), 0)) plans.push({ buyer, atMs });
  }

  // Order ids follow time, starting at 100 like a fresh BigCommerce store.
  plans.sort((a, b) => a.atMs - b.atMs);
  const withStatus: OrderPlan[] = plans.map((plan) => ({
    ...plan,
    statusId: statusForAge(rng, (BASE_DATE_MS - plan.atMs) / DAY_MS),
  }));
  // Every status 0–14 appears at least once (when there are enough orders to go round).
  const counts = new Map<number, number>();
  for (const plan of withStatus) counts.set(plan.statusId, (counts.get(plan.statusId) ?? 0) + 1);
  for (let status = 0; status <= 14 && withStatus.length >= 15; status++) {
    if (counts.get(status)) continue;
    const chosen = pick(
      rng,
      withStatus.filter((plan) => (counts.get(plan.statusId) ?? 0) > 1),
    );
    counts.set(chosen.statusId, (counts.get(chosen.statusId) ?? 1) - 1);
    counts.set(status, 1);
    chosen.statusId = status;
  }
  const orders = withStatus.map((plan, i) => buildOrder(rng, 100 + i, plan, products));

  const hash = options.hash ?? `sim${options.seed.toString(36)}st`.replace(/[^a-z0-9]/g, '');
  const data: StoreData = {
    hash,
    name: options.name ?? 'Snoooz Demo Outfitters',
    currency: 'USD',
    timezone: 'America/Chicago',
    language: 'en',
    domain: `${hash}.example.com`,
    country: 'United States',
    country_code: 'US',
    order_statuses: {
      '9': 'Packed - awaiting courier',
      '11': 'Preparing your order',
      '12': 'On hold - verifying payment',
    },
    customers: customers.map(({ market: _m, createdMs: _c, ...customer }) => customer),
    products: products.map(({ apparel: _a, ...product }) => product),
    orders,
  };
  return markValidated(data);
}
