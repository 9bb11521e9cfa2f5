/**
 * Zod schemas for the wire shapes we read. Minimal: only the fields the client maps are declared
 * (zod drops the rest, so `logo: []` or new fields cannot break parsing). Tolerant: anything we do
 * not need to be present is `.nullish()`, ints may arrive as digit strings, money as string or
 * number. Strict only where a wrong value would produce a wrong fact (ids, money, status).
 */
import { z } from 'zod';

const DECIMAL = /^[+-]?\d+(?:\.\d*)?$/;

/** An integer, also accepted as a digit string ("12"), as some v2 fields have been seen both ways. */
export const intLike = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const count = intLike.nullish().transform((value) => value ?? 0);
const optionalInt = intLike.nullish();
/** v2 money is a decimal string ("109.0000"); v3 money is a JSON number (49). */
export const decimal = z.union([z.string().trim().regex(DECIMAL), z.number().finite()]);
const optionalText = z.string().nullish();
const optionalBool = z.boolean().nullish();

// ---- v3 envelope ------------------------------------------------------------------------------

export const v3Pagination = z
  .object({
    total: optionalInt,
    count: optionalInt,
    per_page: optionalInt,
    current_page: optionalInt,
    total_pages: optionalInt,
  })
  .nullish();

export function v3List<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    meta: z.object({ pagination: v3Pagination }).nullish(),
  });
}

// ---- GET /v2/store ----------------------------------------------------------------------------

export const storeSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  domain: optionalText,
  secure_url: optionalText,
  currency: z.string().min(1),
  language: optionalText,
  country: optionalText,
  timezone: z.object({ name: optionalText }).nullish(),
  order_email: optionalText,
});
export type WireStore = z.infer<typeof storeSchema>;

// ---- GET /v3/customers ------------------------------------------------------------------------

export const customerSchema = z.object({
  id: intLike,
  email: z.string(),
  first_name: optionalText,
  last_name: optionalText,
  phone: optionalText,
  company: optionalText,
  customer_group_id: optionalInt,
  date_created: optionalText,
  /** Present with `include=addresses`. */
  addresses: z
    .array(
      z.object({
        address1: optionalText,
        address2: optionalText,
        city: optionalText,
        state_or_province: optionalText,
        postal_code: optionalText,
        country: optionalText,
        country_code: optionalText,
      }),
    )
    .nullish(),
});
export type WireCustomer = z.infer<typeof customerSchema>;
export const customerList = v3List(customerSchema);

// ---- GET /v2/orders, /v2/orders/{id} ----------------------------------------------------------

export const addressSchema = z.object({
  first_name: optionalText,
  last_name: optionalText,
  company: optionalText,
  street_1: optionalText,
  street_2: optionalText,
  city: optionalText,
  state: optionalText,
  zip: optionalText,
  country: optionalText,
  country_iso2: optionalText,
  email: optionalText,
  phone: optionalText,
});
export type WireAddress = z.infer<typeof addressSchema>;

export const orderSchema = z.object({
  id: intLike,
  customer_id: intLike,
  date_created: optionalText,
  date_modified: optionalText,
  date_shipped: optionalText,
  status_id: intLike,
  status: z.string(),
  custom_status: optionalText,
  is_tax_inclusive_pricing: optionalBool,
  subtotal_ex_tax: decimal,
  subtotal_inc_tax: decimal,
  shipping_cost_ex_tax: decimal,
  shipping_cost_inc_tax: decimal,
  total_tax: decimal,
  total_inc_tax: decimal,
  refunded_amount: decimal.nullish(),
  items_total: count,
  items_shipped: count,
  payment_method: optionalText,
  payment_status: optionalText,
  currency_code: optionalText,
  default_currency_code: optionalText,
  store_default_currency_code: optionalText,
  billing_address: addressSchema.nullish(),
  customer_message: optionalText,
  is_deleted: optionalBool,
  order_is_digital: optionalBool,
  customer_locale: optionalText,
});
export type WireOrder = z.infer<typeof orderSchema>;
export const orderList = z.array(orderSchema);

// ---- GET /v2/orders/{id}/products -------------------------------------------------------------

export const orderProductOptionSchema = z.object({
  name: optionalText,
  display_name: optionalText,
  display_name_customer: optionalText,
  value: z.union([z.string(), z.number()]).nullish(),
  display_value: optionalText,
  display_value_customer: optionalText,
});

export const orderProductSchema = z.object({
  id: intLike,
  order_id: intLike,
  product_id: count,
  variant_id: optionalInt,
  name: z.string(),
  sku: optionalText,
  type: optionalText,
  quantity: intLike,
  quantity_shipped: count,
  quantity_refunded: count,
  price_inc_tax: decimal,
  total_inc_tax: decimal,
  product_options: z.array(orderProductOptionSchema).nullish(),
  order_address_id: optionalInt,
  parent_order_product_id: optionalInt,
});
export type WireOrderProduct = z.infer<typeof orderProductSchema>;
export const orderProductList = z.array(orderProductSchema);

// ---- GET /v2/orders/{id}/shipments ------------------------------------------------------------

export const shipmentSchema = z.object({
  id: intLike,
  order_id: intLike,
  order_address_id: optionalInt,
  date_created: optionalText,
  tracking_number: optionalText,
  shipping_provider: optionalText,
  shipping_provider_display_name: optionalText,
  tracking_carrier: optionalText,
  shipping_method: optionalText,
  tracking_link: optionalText,
  generated_tracking_link: optionalText,
  items: z
    .array(z.object({ order_product_id: intLike, product_id: count, quantity: intLike }))
    .nullish()
    .transform((items) => items ?? []),
});
export type WireShipment = z.infer<typeof shipmentSchema>;
export const shipmentList = z.array(shipmentSchema);

// ---- GET /v2/orders/{id}/shipping_addresses ---------------------------------------------------

export const shippingAddressSchema = addressSchema.extend({
  id: intLike,
  order_id: intLike,
  shipping_method: optionalText,
  items_total: count,
  items_shipped: count,
});
export type WireShippingAddress = z.infer<typeof shippingAddressSchema>;
export const shippingAddressList = z.array(shippingAddressSchema);

// ---- GET /v3/catalog/products -----------------------------------------------------------------

export const catalogProductSchema = z.object({
  id: intLike,
  name: z.string(),
  sku: optionalText,
  price: decimal.nullish(),
  calculated_price: decimal.nullish(),
  availability: optionalText,
  inventory_level: optionalInt,
  inventory_tracking: optionalText,
  is_visible: optionalBool,
  custom_url: z.object({ url: optionalText }).nullish(),
});
export type WireCatalogProduct = z.infer<typeof catalogProductSchema>;
export const catalogProductList = v3List(catalogProductSchema);

// ---- GET /v2/order_statuses -------------------------------------------------------------------

export const orderStatusSchema = z.object({
  id: intLike,
  name: z.string(),
  custom_label: optionalText,
  system_description: optionalText,
});
export type WireOrderStatus = z.infer<typeof orderStatusSchema>;
export const orderStatusList = z.array(orderStatusSchema);
