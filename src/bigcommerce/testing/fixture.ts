/**
 * A hand-written store for the simulator tests: every resource, a guest order, a multi-currency
 * order, custom and generated tracking links, a customer with 300 orders (paging) and 230 catalog
 * products (id:in chunking).
 */
import type { StoreDataInput } from '../../../simulator/index.js';

export const FIXTURE_HASH = 'snz1test';
export const OTHER_HASH = 'snz2other';
/** Customer 3 has this many orders, numbered 1000.. with increasing dates. */
export const MANY_ORDERS = 300;
export const BULK_PRODUCT_IDS = Array.from({ length: 230 }, (_, i) => 2000 + i);

const jane = { first_name: 'Jane', last_name: 'Doe', email: 'jane.doe@example.com', city: 'Austin' };

export function fixtureStore(): StoreDataInput {
  return {
    hash: FIXTURE_HASH,
    name: 'Snoooz Test Supplies',
    currency: 'USD',
    timezone: 'Europe/London',
    language: 'en',
    domain: 'supplies.example.com',
    order_email: 'orders@supplies.example.com',
    order_statuses: { '11': 'Being packed' },
    customers: [
      { id: 1, email: 'jane.doe@example.com', first_name: 'Jane', last_name: 'Doe', phone: '555-123-4567' },
      {
        id: 2,
        email: 'Bob.Smith@Example.com',
        first_name: 'Bob',
        last_name: 'Smith',
        company: 'Acme',
        customer_group_id: 2,
        date_created: '2025-03-04T05:06:07Z',
      },
      { id: 3, email: 'many@example.com', first_name: 'Manny', last_name: 'Orders' },
      { id: 4, email: 'nobody@example.com', first_name: 'No', last_name: 'Orders' },
    ],
    products: [
      { id: 80, name: 'Orbit Terrarium - Large', sku: 'OTL', price: 109, inventory_level: 12 },
      { id: 81, name: 'Classic Crew T-Shirt', sku: 'CCT', price: '24.50', sale_price: '19.99' },
      { id: 82, name: 'Enamel Camp Mug', sku: 'ECM', price: 16, availability: 'preorder' },
      ...BULK_PRODUCT_IDS.map((id) => ({ id, name: `Bulk item ${id}`, sku: `B${id}`, price: 1.25 })),
    ],
    orders: [
      {
        id: 100,
        customer_id: 1,
        status_id: 2,
        date_created: '2026-05-01T10:00:00Z',
        billing_address: jane,
        products: [{ product_id: 80, name: 'Orbit Terrarium - Large', sku: 'OTL', quantity: 1, price: 109 }],
        shipping_cost: 10,
        shipments: [
          {
            tracking_number: '9400111899223197428490',
            shipping_provider: 'usps',
            date_created: '2026-05-02T09:00:00Z',
          },
        ],
      },
      {
        id: 101,
        customer_id: 1,
        status_id: 11,
        date_created: '2026-05-20T08:30:00Z',
        billing_address: jane,
        customer_message: 'Please gift wrap',
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
        payment_status: '',
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
        // Incomplete: BigCommerce (and the simulator) hide status 0 from order lists.
        id: 103,
        customer_id: 1,
        status_id: 0,
        date_created: '2026-05-21T08:30:00Z',
        billing_address: jane,
        products: [{ product_id: 82, name: 'Enamel Camp Mug', quantity: 1, price: 16 }],
      },
      {
        // Jane checked out as a guest once.
        id: 104,
        customer_id: 0,
        status_id: 11,
        date_created: '2026-05-25T08:30:00Z',
        billing_address: { ...jane, email: 'Jane.Doe@Example.com' },
        products: [{ product_id: 82, name: 'Enamel Camp Mug', quantity: 1, price: 16 }],
      },
      {
        id: 105,
        customer_id: 2,
        status_id: 11,
        date_created: '2026-04-01T08:30:00Z',
        billing_address: { first_name: 'Bob', last_name: 'Smith', email: 'Bob.Smith@Example.com' },
        products: [{ product_id: 0, name: 'Custom engraving', quantity: 1, price: '5.1250' }],
        tax: '0.41',
      },
      ...Array.from({ length: MANY_ORDERS }, (_, i) => ({
        id: 1000 + i,
        customer_id: 3,
        status_id: 10,
        date_created: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString(),
        billing_address: { first_name: 'Manny', last_name: 'Orders', email: 'many@example.com' },
        products: [{ product_id: 82, name: 'Enamel Camp Mug', quantity: 1, price: 16 }],
      })),
    ],
  };
}

export function otherStore(): StoreDataInput {
  return { hash: OTHER_HASH, name: 'Another Store', customers: [], products: [], orders: [] };
}
