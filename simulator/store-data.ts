/**
 * The simulator's store file format: a compact authoring shape that hand-written fixtures and the
 * generator share. Only identity fields are required; everything else gets a realistic default when
 * the simulator renders the full BigCommerce wire objects (see `wire/`). Objects are strict so a
 * typo in a hand-written fixture fails loudly instead of being ignored.
 */
import { z } from 'zod';

/** Money may be authored as a number (109) or an exact decimal string ("109.00"). */
export const moneySchema = z.union([
  z.number().finite(),
  z.string().regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string like "109.00"'),
]);
export type MoneyValue = z.infer<typeof moneySchema>;

const id = z.number().int().nonnegative();
const posId = z.number().int().positive();
/** Any date `Date.parse` understands; ISO 8601 (`2026-05-01T10:00:00Z`) is the recommended form. */
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'expected a date like 2026-05-01T10:00:00Z');

export const addressSchema = z.strictObject({
  first_name: z.string(),
  last_name: z.string(),
  company: z.string().optional(),
  street_1: z.string().optional(),
  street_2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  zip: z.string().optional(),
  country: z.string().optional(),
  country_iso2: z.string().optional(),
  phone: z.string().optional(),
  email: z.string().optional(),
});
export type SimAddress = z.infer<typeof addressSchema>;

export const customerSchema = z.strictObject({
  id: posId,
  email: z.string().min(1),
  first_name: z.string(),
  last_name: z.string(),
  phone: z.string().optional(),
  company: z.string().optional(),
  customer_group_id: id.optional(),
  notes: z.string().optional(),
  date_created: date.optional(),
  date_modified: date.optional(),
  /** Returned with `include=addresses`; `id` defaults to customer id * 10 + position. */
  addresses: z.array(addressSchema.extend({ id: posId.optional() })).optional(),
});
export type SimCustomer = z.infer<typeof customerSchema>;

export const productSchema = z.strictObject({
  id: posId,
  name: z.string(),
  sku: z.string().optional(),
  price: moneySchema,
  sale_price: moneySchema.optional(),
  type: z.enum(['physical', 'digital']).optional(),
  inventory_level: z.number().int().optional(),
  is_visible: z.boolean().optional(),
  availability: z.enum(['available', 'disabled', 'preorder']).optional(),
  /** Storefront path; defaults to `/{slug-of-name}/`. */
  url: z.string().optional(),
  description: z.string().optional(),
  categories: z.array(z.number().int()).optional(),
  brand_id: z.number().int().optional(),
  weight: z.number().optional(),
  date_created: date.optional(),
  date_modified: date.optional(),
});
export type SimProduct = z.infer<typeof productSchema>;

export const orderOptionSchema = z.strictObject({ name: z.string(), value: z.string() });

export const orderLineSchema = z.strictObject({
  /** The order product id ("line id") that shipments reference; defaults to order id * 100 + position (1-based). */
  id: posId.optional(),
  /** 0 for a custom product. */
  product_id: id,
  variant_id: id.optional(),
  name: z.string(),
  sku: z.string().optional(),
  type: z.enum(['physical', 'digital', 'giftcertificate']).optional(),
  quantity: z.number().int().positive(),
  /** Unit price (ex tax). */
  price: moneySchema,
  /** Defaults to the quantity in this order's shipments. */
  quantity_shipped: z.number().int().nonnegative().optional(),
  quantity_refunded: z.number().int().nonnegative().optional(),
  options: z.array(orderOptionSchema).optional(),
  /** Shipping address id; defaults to the order's first shipping address. */
  order_address_id: posId.optional(),
});
export type SimOrderLine = z.infer<typeof orderLineSchema>;

export const shippingAddressSchema = addressSchema.extend({
  /** Defaults to order id * 10 + position (1-based). */
  id: posId.optional(),
  shipping_method: z.string().optional(),
  cost: moneySchema.optional(),
});
export type SimShippingAddress = z.infer<typeof shippingAddressSchema>;

export const shipmentSchema = z.strictObject({
  /** Defaults to order id * 10 + position (1-based). */
  id: posId.optional(),
  tracking_number: z.string().optional(),
  /** `ups`, `usps`, `fedex`, `royalmail`, `auspost`, `canadapost`, ..., `carrier_{id}` or "" (none). */
  shipping_provider: z.string().optional(),
  /** e.g. "UPS"; defaults from the provider code, "Other" for custom carriers. */
  provider_display_name: z.string().optional(),
  /** AfterShip slug, e.g. "dhl"; usually "". */
  tracking_carrier: z.string().optional(),
  /** Merchant-supplied custom tracking link. */
  tracking_link: z.string().optional(),
  shipping_method: z.string().optional(),
  comments: z.string().optional(),
  date_created: date,
  order_address_id: posId.optional(),
  /** Omit to ship every line in full. */
  items: z.array(z.strictObject({ order_product_id: posId, quantity: z.number().int().positive() })).optional(),
});
export type SimShipment = z.infer<typeof shipmentSchema>;

export const orderSchema = z.strictObject({
  id: posId,
  /** 0 = guest order (only `billing_address.email` identifies the shopper). */
  customer_id: id.optional(),
  status_id: z.number().int().min(0).max(14),
  /** Overrides the store's label for this status on this order only. */
  custom_status: z.string().optional(),
  date_created: date,
  date_modified: date.optional(),
  billing_address: addressSchema.extend({ email: z.string() }),
  payment_method: z.string().optional(),
  /** `captured`, `paid`, `pending`, `refunded`, ..., or "" for manual/offline payments. */
  payment_status: z.string().optional(),
  currency_code: z.string().length(3).optional(),
  products: z.array(orderLineSchema).min(1),
  shipments: z.array(shipmentSchema).optional(),
  /** Defaults to one address equal to the billing address. */
  shipping_addresses: z.array(shippingAddressSchema).optional(),
  shipping_cost: moneySchema.optional(),
  tax: moneySchema.optional(),
  discount_amount: moneySchema.optional(),
  refunded_amount: moneySchema.optional(),
  customer_message: z.string().optional(),
  staff_notes: z.string().optional(),
  order_source: z.string().optional(),
  ip_address: z.string().optional(),
  customer_locale: z.string().optional(),
  is_deleted: z.boolean().optional(),
});
export type SimOrder = z.infer<typeof orderSchema>;

const storeShape = z.strictObject({
  /** Store hash as in `/stores/{hash}/`: short lowercase alphanumeric. */
  hash: z.string().regex(/^[a-z0-9]+$/, 'expected a lowercase alphanumeric store hash'),
  name: z.string(),
  currency: z.string().length(3).optional(),
  timezone: z.string().optional(),
  language: z.string().optional(),
  domain: z.string().optional(),
  country: z.string().optional(),
  country_code: z.string().optional(),
  admin_email: z.string().optional(),
  order_email: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
  /** Merchant labels for system statuses, keyed by status id: `{ "11": "Preparing your order" }`. */
  order_statuses: z.record(z.string().regex(/^\d+$/), z.string()).optional(),
  customers: z.array(customerSchema).default([]),
  products: z.array(productSchema).default([]),
  orders: z.array(orderSchema).default([]),
});

/** Duplicate ids and dangling references are authoring mistakes worth a clear error. */
export const storeDataSchema = storeShape.superRefine((store, ctx) => {
  const dup = (label: string, ids: number[]): void => {
    const seen = new Set<number>();
    for (const value of ids) {
      if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `duplicate ${label} id ${value}`, path: [label] });
      seen.add(value);
    }
  };
  dup(
    'customers',
    store.customers.map((c) => c.id),
  );
  dup(
    'products',
    store.products.map((p) => p.id),
  );
  dup(
    'orders',
    store.orders.map((o) => o.id),
  );
  store.orders.forEach((order, index) => {
    const lineIds = new Set(order.products.map((line, i) => line.id ?? order.id * 100 + i + 1));
    order.shipments?.forEach((shipment, s) => {
      for (const item of shipment.items ?? []) {
        if (!lineIds.has(item.order_product_id)) {
          ctx.addIssue({
            code: 'custom',
            message: `shipment item references unknown order_product_id ${item.order_product_id}`,
            path: ['orders', index, 'shipments', s],
          });
        }
      }
    });
  });
});

/** The parsed store (all arrays present). Live data: tests may mutate it through `Simulator.store()`. */
export type StoreData = z.output<typeof storeDataSchema>;
/** What a fixture author writes (arrays may be omitted). */
export type StoreDataInput = z.input<typeof storeDataSchema>;

/** Stores already validated (parsed or generated), so a 10,000-customer store is not re-checked. */
const validated = new WeakSet<object>();

export function markValidated(data: StoreData): StoreData {
  validated.add(data);
  return data;
}

/** Returns `data` itself when it is already known valid, else a validated copy. */
export function ensureStoreData(data: unknown, source = 'store data'): StoreData {
  return typeof data === 'object' && data !== null && validated.has(data)
    ? (data as StoreData)
    : parseStoreData(data, source);
}

/** Validates and returns the store, or throws an Error with a one-line message naming the first problem. */
export function parseStoreData(input: unknown, source = 'store data'): StoreData {
  const result = storeDataSchema.safeParse(input);
  if (result.success) return markValidated(result.data);
  const issues = result.error.issues;
  const first = issues[0];
  const where = first ? first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('') : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new Error(`Invalid ${source}: ${where.replace(/^\./, '') || '(root)'}: ${first?.message ?? 'invalid'}${more}`);
}
