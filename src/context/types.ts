import type { Money, OrderProductOption } from '../shared/store-data.js';

/** Where a lookup failed; the context still carries everything else. */
export type ContextResource =
  'store' | 'customer' | 'orders' | 'order' | 'order_products' | 'shipments' | 'shipping_addresses' | 'products';

export interface ContextNotice {
  /** The error code behind it, e.g. "missing_scope", "unavailable", "rate_limited", "timeout". */
  code: string;
  resource: ContextResource;
  /** One line for the merchant, e.g. "Shipments could not be read: the token lacks the Orders read scope." */
  message: string;
  /** The BigCommerce scope that is missing, when code is "missing_scope". */
  scope?: string;
  orderId?: number;
}

export interface ContextCustomer {
  id: number;
  email: string;
  firstName: string;
  lastName: string;
  /** Only when the workspace allows phone numbers; otherwise null. */
  phone: string | null;
  company: string | null;
  customerGroupId: number | null;
  dateCreated: string | null;
  /** The account's first saved address, only when the workspace allows addresses; otherwise null. */
  address?: ContextShipTo | null;
}

export interface ContextOrderStatus {
  id: number;
  /** BigCommerce's system name, e.g. "Awaiting Fulfillment". */
  name: string;
  /** The store's label (custom_status); equals `name` unless the merchant renamed it. */
  label: string;
  /** Plain words for the customer, in English (composers localise from `id`). */
  explanation: string;
}

export interface ContextOrderItem {
  lineId: number;
  productId: number;
  name: string;
  sku: string | null;
  quantity: number;
  quantityShipped: number;
  quantityRefunded: number;
  price: Money;
  total: Money;
  options: OrderProductOption[];
}

export interface ContextShipmentItem {
  lineId: number;
  /** The order line's name; "" when the order's items could not be read (never guessed). */
  name: string;
  sku: string | null;
  quantity: number;
}

export interface ContextShipment {
  id: number;
  dateCreated: string | null;
  /** Human carrier name, e.g. "UPS"; null when the store recorded none. */
  carrier: string | null;
  trackingNumber: string | null;
  trackingLink: string | null;
  shippingMethod: string | null;
  items: ContextShipmentItem[];
}

export interface ContextShipTo {
  city: string;
  country: string;
  countryIso2: string | null;
  /** Street lines, only when the workspace allows full addresses; otherwise null. */
  street: string | null;
  zip: string | null;
}

export interface ContextOrder {
  id: number;
  isGuest: boolean;
  dateCreated: string | null;
  dateShipped: string | null;
  status: ContextOrderStatus;
  total: Money;
  subtotal: Money;
  shippingCost: Money;
  tax: Money;
  refundedAmount: Money;
  paymentMethod: string | null;
  paymentStatus: string | null;
  itemsTotal: number;
  itemsShipped: number;
  /** null when details were not fetched (not a focus/recent order) or could not be read. */
  items: ContextOrderItem[] | null;
  /** null when not fetched or not readable; [] when the order has no shipments. */
  shipments: ContextShipment[] | null;
  /** Where it ships; read only for the orders the email is about (focus, mentioned), else null. */
  shipTo: ContextShipTo | null;
}

/** A catalog product a product question named: availability only, never cost or stock counts beyond "any left". */
export interface ContextProduct {
  id: number;
  name: string;
  sku: string | null;
  /** "available", "preorder", "disabled". */
  availability: string | null;
  /** null when the store does not track inventory for it. */
  inventoryLevel: number | null;
  isVisible: boolean;
}

export interface CustomerContext {
  /** The sender address, trimmed, ASCII letters lower-cased (see shared/email-identity.ts). */
  senderEmail: string;
  store: { hash: string; name: string; currency: string; timezone: string | null } | null;
  customer: ContextCustomer | null;
  /** Name to greet with: the customer record's, else the billing name on the sender's own latest order. */
  senderName: { firstName: string; lastName: string } | null;
  /** The sender's recent orders, newest first (registered and guest, de-duplicated). */
  orders: ContextOrder[];
  /** The order the email is about (also present in `orders`), or null. */
  focusOrder: ContextOrder | null;
  focusReason: 'mentioned' | 'latest' | null;
  /** Order numbers the sender wrote that are not theirs or do not exist (treated alike; nothing else said). */
  unmatchedOrderNumbers: number[];
  notices: ContextNotice[];
  /** Catalog products a product question named (absent when the email asked about none). */
  products?: ContextProduct[];
  /**
   * Present when an agent linked the conversation to this customer by hand: the customer and
   * orders are that account's (read by id), not looked up by the sender's address.
   */
  customerLink?: CustomerLink;
  /** When the store data was read (ISO 8601). */
  fetchedAt: string;
}

/** Who linked a conversation to which store customer, and when (stored with the draft and its evidence). */
export interface CustomerLink {
  customerId: number;
  /** The agent's name (or email) at the time of the draft; null when they have left the workspace. */
  linkedBy: string | null;
  linkedByUserId: number | null;
  /** ISO 8601. */
  linkedAt: string;
}

export interface ContextOptions {
  /** How many recent orders to list (default 5). */
  recentOrders?: number;
  /** How many of the recent orders get items and shipments (default 3; the focus order always does). */
  detailedOrders?: number;
  /** Whether phone numbers may enter the context (default false, like the workspace setting). */
  allowPhone?: boolean;
  /** Whether street addresses and postcodes may enter the context (default false). */
  allowAddress?: boolean;
  /** How many order numbers from the message are looked up (default 3, at most 10); the rest are ignored. */
  maxMentionedOrders?: number;
  /**
   * Read the details of the newest orders paid from the sender's address while the orders by
   * customer id are still on their way (default true). Two round trips instead of three for most
   * registered customers, at the cost of a few wasted requests when their newest orders were paid
   * from another address.
   */
  speculativeDetails?: boolean;
  /** What the reply needs of the orders it is about (default: everything); see `ContextNeeds`. */
  needs?: ContextNeeds;
}

/**
 * Which order details the email's intent needs. A detail no reply to this intent can use is not
 * requested at all: a payment question needs no shipments, a question about the details on file
 * no order lines. Items are also what tells which order "the blanket" is, so they are skipped only
 * when no order details are needed at all.
 */
export interface ContextNeeds {
  /** Line items of the detailed orders. */
  items: boolean;
  /** Shipments (carrier, tracking) of the detailed orders. */
  shipments: boolean;
  /** Ship-to addresses of the orders the email is about. */
  shipTo: boolean;
}
