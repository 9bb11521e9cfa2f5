/** Shared by the simulator's tests: a small hand-written store and a fetch helper. */
import { DEFAULT_TOKEN } from './http/auth.js';
import type { StoreDataInput } from './store-data.js';

export const FIXTURE: StoreDataInput = {
  hash: 'abc123',
  name: 'Fixture Outfitters',
  order_statuses: { '11': 'Preparing your order' },
  customers: [
    { id: 1, email: 'jane.doe@example.com', first_name: 'Jane', last_name: 'Doe', phone: '555-123-4567' },
    { id: 2, email: 'Bob.Smith@Example.com', first_name: 'Bob', last_name: 'Smith', company: 'Acme' },
    { id: 3, email: 'carol@example.org', first_name: 'Carol', last_name: 'Jones' },
  ],
  products: [
    { id: 80, name: 'Orbit Terrarium - Large', sku: 'OTL', price: 109, inventory_level: 12 },
    { id: 81, name: 'Classic Crew T-Shirt', sku: 'CCT', price: '24.50' },
    { id: 82, name: 'Enamel Camp Mug', sku: 'ECM', price: 16 },
  ],
  orders: [
    {
      id: 100,
      customer_id: 1,
      status_id: 2,
      date_created: '2026-05-01T10:00:00Z',
      billing_address: { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com', city: 'Austin' },
      products: [{ product_id: 80, name: 'Orbit Terrarium - Large', sku: 'OTL', quantity: 1, price: 109 }],
      shipping_cost: 10,
      shipments: [
        { tracking_number: '9400111899223197428490', shipping_provider: 'usps', date_created: '2026-05-02T09:00:00Z' },
      ],
    },
    {
      id: 101,
      customer_id: 1,
      status_id: 11,
      date_created: '2026-05-20T08:30:00Z',
      billing_address: { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com' },
      products: [
        {
          product_id: 81,
          name: 'Classic Crew T-Shirt',
          quantity: 2,
          price: '24.50',
          options: [
            { name: 'Size', value: 'M' },
            { name: 'Colour', value: 'Navy' },
          ],
        },
      ],
    },
    {
      id: 102,
      customer_id: 0,
      status_id: 3,
      date_created: '2026-05-10T12:00:00Z',
      billing_address: {
        first_name: 'Gus',
        last_name: 'Guest',
        email: 'Gus.Guest@Example.com',
        country: 'United Kingdom',
      },
      currency_code: 'GBP',
      products: [
        { id: 5001, product_id: 80, name: 'Orbit Terrarium - Large', quantity: 1, price: 89 },
        { id: 5002, product_id: 82, name: 'Enamel Camp Mug', quantity: 3, price: '12.5' },
      ],
      shipments: [
        {
          id: 900,
          tracking_number: 'SC0012345678',
          shipping_provider: 'carrier_1',
          provider_display_name: 'Speedy Couriers',
          tracking_link: 'https://track.speedycouriers.example/t/SC0012345678',
          date_created: '2026-05-11T12:00:00Z',
          items: [{ order_product_id: 5001, quantity: 1 }],
        },
        {
          id: 901,
          tracking_number: 'AB123456789GB',
          shipping_provider: 'royalmail',
          date_created: '2026-05-12T12:00:00Z',
          items: [{ order_product_id: 5002, quantity: 1 }],
        },
      ],
    },
    {
      id: 103,
      customer_id: 1,
      status_id: 0,
      date_created: '2026-05-21T08:30:00Z',
      billing_address: { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com' },
      products: [{ product_id: 82, name: 'Enamel Camp Mug', quantity: 1, price: 16 }],
    },
  ],
};

export interface Got {
  status: number;
  headers: Headers;
  text: string;
  json: () => unknown;
}

/** GET (or another method) with the default token unless `token` is given (null = no header). */
export async function call(
  base: string,
  path: string,
  init: { token?: string | null; method?: string; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Got> {
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  const token = init.token === undefined ? DEFAULT_TOKEN : init.token;
  if (token !== null) headers['X-Auth-Token'] = token;
  const res = await fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.signal ? { signal: init.signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as unknown };
}
