/**
 * Plain domain types for a merchant's store data, and the read-only port that a commerce
 * platform adapter implements (`bigcommerce/` today). Nothing here knows a wire format.
 *
 * Conventions: dates are ISO 8601 strings in UTC (or null when unset); money is an exact decimal
 * string with its ISO 4217 currency code, never a float.
 */

import type { CustomerSearchQuery, CustomerSearchResult } from './customer-search.js';

export interface Money {
  /** Exact decimal, at least two fraction digits, e.g. "133.65", "109.00", "0.5000" → "0.50". */
  amount: string;
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
}

export interface StoreInfo {
  /** The store hash, e.g. "abc123def". */
  hash: string;
  name: string;
  domain: string | null;
  secureUrl: string | null;
  /** Default currency, ISO 4217. */
  currency: string;
  /** Storefront language, e.g. "en". */
  language: string | null;
  country: string | null;
  /** IANA zone name, e.g. "America/Chicago". */
  timezone: string | null;
  orderEmail: string | null;
}

export interface Customer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  company: string | null;
  /** null when the customer is in no group (BigCommerce sends 0). */
  customerGroupId: number | null;
  dateCreated: string | null;
  /** The account's saved addresses (absent when the source does not read them). */
  addresses?: CustomerAddress[];
}

export interface CustomerAddress {
  street1: string;
  street2: string | null;
  city: string;
  state: string | null;
  zip: string | null;
  country: string;
  countryIso2: string | null;
}

export interface OrderAddress {
  firstName: string;
  lastName: string;
  company: string | null;
  street1: string;
  street2: string | null;
  city: string;
  state: string | null;
  zip: string | null;
  country: string;
  countryIso2: string | null;
  email: string | null;
  phone: string | null;
}

export interface Order {
  id: number;
  /** 0 for a guest order. */
  customerId: number;
  dateCreated: string | null;
  dateModified: string | null;
  dateShipped: string | null;
  statusId: number;
  /** BigCommerce's system status name, e.g. "Awaiting Fulfillment". */
  status: string;
  /** The merchant's label for the status; equals `status` unless renamed. */
  customStatus: string;
  subtotal: Money;
  shippingCost: Money;
  tax: Money;
  total: Money;
  refundedAmount: Money;
  itemsTotal: number;
  itemsShipped: number;
  paymentMethod: string | null;
  /** e.g. "captured", "paid", "declined"; null when BigCommerce sends "". */
  paymentStatus: string | null;
  billingAddress: OrderAddress;
  /** The customer's own note at checkout (never staff notes). */
  customerMessage: string | null;
  isDeleted: boolean;
  orderIsDigital: boolean;
  customerLocale: string | null;
}

export interface OrderProductOption {
  name: string;
  value: string;
}

export interface OrderProduct {
  /** The line id ("order product id"), referenced by shipments. */
  id: number;
  orderId: number;
  /** 0 for a custom product. */
  productId: number;
  variantId: number | null;
  name: string;
  sku: string | null;
  type: string;
  quantity: number;
  quantityShipped: number;
  quantityRefunded: number;
  /** Unit price including tax. */
  price: Money;
  /** Line total including tax. */
  total: Money;
  options: OrderProductOption[];
  orderAddressId: number | null;
  parentOrderProductId: number | null;
}

export interface ShipmentItem {
  orderProductId: number;
  productId: number;
  quantity: number;
}

export interface Shipment {
  id: number;
  orderId: number;
  orderAddressId: number | null;
  dateCreated: string | null;
  trackingNumber: string | null;
  /** Provider code, e.g. "ups", "usps"; null when none. */
  shippingProvider: string | null;
  /** Human carrier name, e.g. "UPS"; null when unknown. */
  carrierName: string | null;
  shippingMethod: string | null;
  /** The merchant's custom link, else BigCommerce's generated one; null when neither. */
  trackingLink: string | null;
  items: ShipmentItem[];
}

export interface ShippingAddress extends OrderAddress {
  id: number;
  orderId: number;
  shippingMethod: string | null;
  itemsTotal: number;
  itemsShipped: number;
}

export interface CatalogProduct {
  id: number;
  name: string;
  sku: string | null;
  price: Money | null;
  availability: string | null;
  inventoryLevel: number | null;
  isVisible: boolean;
  /** Storefront path, e.g. "/orbit-terrarium-large/". */
  url: string | null;
}

export interface OrderStatusInfo {
  id: number;
  name: string;
  customLabel: string;
  description: string | null;
}

export interface OrderQuery {
  customerId?: number;
  /** Billing email (guest orders carry only this). */
  email?: string;
  /** At most this many, newest first. */
  limit: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/**
 * The read-only port to a commerce platform. Every method only reads. `null`/`[]` mean "not
 * there"; failures throw typed errors (for BigCommerce: `BigCommerceError` with a stable code).
 */
export interface StoreDataSource {
  getStoreInfo(options?: RequestOptions): Promise<StoreInfo>;
  /** Customers whose email matches, trimmed, case-insensitively. */
  findCustomersByEmail(email: string, options?: RequestOptions): Promise<Customer[]>;
  /** Orders newest first. */
  listOrders(query: OrderQuery, options?: RequestOptions): Promise<Order[]>;
  getOrder(orderId: number, options?: RequestOptions): Promise<Order | null>;
  listOrderProducts(orderId: number, options?: RequestOptions): Promise<OrderProduct[]>;
  listOrderShipments(orderId: number, options?: RequestOptions): Promise<Shipment[]>;
  listOrderShippingAddresses(orderId: number, options?: RequestOptions): Promise<ShippingAddress[]>;
  getProductsByIds(productIds: number[], options?: RequestOptions): Promise<CatalogProduct[]>;
  listOrderStatuses(options?: RequestOptions): Promise<OrderStatusInfo[]>;
  /**
   * Visible catalog products whose name or SKU matches one keyword (for "is X in stock?").
   * Optional: a source without catalog search answers product questions with a hand-off.
   */
  searchProducts?(keyword: string, options?: RequestOptions): Promise<CatalogProduct[]>;
  /**
   * One customer account by id, or null (a conversation an agent linked to it by hand).
   * Optional: without it a linked conversation's context has no customer record, only its orders.
   */
  getCustomerById?(customerId: number, options?: RequestOptions): Promise<Customer | null>;
  /**
   * The agent's search for the right customer (email, name or order number; see
   * shared/customer-search.ts). Optional: a source without it offers no search. Never cached.
   */
  searchCustomers?(query: CustomerSearchQuery, options?: RequestOptions): Promise<CustomerSearchResult>;
}
