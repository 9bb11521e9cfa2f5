import { isAppError } from '../shared/errors.js';
import type { ContextNotice, ContextResource } from './types.js';

/**
 * Failures of single lookups become notices, so the reply can use everything else. Only errors
 * that mean the whole integration is broken travel further: the pipeline reports those to the
 * merchant instead of drafting from a store it cannot read.
 */
const FATAL_CODES: ReadonlySet<string> = new Set(['invalid_token', 'invalid_store_hash']);

/** Merchant-facing names, by BigCommerce's short scope names and by their OAuth names. */
const SCOPE_NAMES: Readonly<Record<string, string>> = {
  orders: 'Orders',
  customers: 'Customers',
  information: 'Information & Settings',
  products: 'Products',
  store_v2_orders_read_only: 'Orders',
  store_v2_orders: 'Orders',
  store_v2_customers_read_only: 'Customers',
  store_v2_customers: 'Customers',
  store_v2_information_read_only: 'Information & Settings',
  store_v2_information: 'Information & Settings',
  store_v2_products_read_only: 'Products',
  store_v2_products: 'Products',
};

const REASONS: Readonly<Record<string, string>> = {
  unavailable: 'BigCommerce was unavailable after retries',
  timeout: 'BigCommerce did not answer in time',
  rate_limited: "the store's API rate limit was reached",
  not_found: 'it was not found',
};

/** Errors a context must not swallow: a broken integration, or the caller giving up. */
export function isFatal(error: unknown): boolean {
  if (isAppError(error)) return FATAL_CODES.has(error.code);
  return error instanceof Error && error.name === 'AbortError';
}

export function toNotice(error: unknown, resource: ContextResource, orderId?: number): ContextNotice {
  const code = isAppError(error) ? error.code : 'unexpected';
  const scope = readScope(error);
  const what = describeResource(resource, code === 'missing_scope' ? undefined : orderId);
  if (code === 'missing_scope') {
    const scopeName = scope ? (SCOPE_NAMES[scope] ?? scope) : 'required';
    // A missing scope is store-wide, so the notice names no order: one notice covers them all.
    return {
      code,
      resource,
      message: `${what} could not be read: the token lacks the ${scopeName} read scope.`,
      ...(scope ? { scope } : {}),
    };
  }
  const reason = REASONS[code] ?? `the request failed (${code})`;
  return {
    code,
    resource,
    message: `${what} could not be read: ${reason}.`,
    ...(orderId === undefined ? {} : { orderId }),
  };
}

/** Collects notices once each, in the order they happened. */
export class NoticeList {
  readonly #notices = new Map<string, ContextNotice>();

  add(notice: ContextNotice): void {
    const key = `${notice.code}|${notice.resource}|${notice.scope ?? ''}|${notice.orderId ?? ''}`;
    if (!this.#notices.has(key)) this.#notices.set(key, notice);
  }

  toArray(): ContextNotice[] {
    return [...this.#notices.values()];
  }
}

function readScope(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('scope' in error)) return undefined;
  const scope = (error as { scope: unknown }).scope;
  return typeof scope === 'string' && scope !== '' ? scope : undefined;
}

function describeResource(resource: ContextResource, orderId: number | undefined): string {
  const ofOrder = orderId === undefined ? '' : ` of order #${orderId}`;
  switch (resource) {
    case 'store':
      return 'Store information';
    case 'customer':
      return 'The customer record';
    case 'orders':
      return 'Orders';
    case 'order':
      return orderId === undefined ? 'An order' : `Order #${orderId}`;
    case 'order_products':
      return `Items${ofOrder}`;
    case 'shipments':
      return `Shipments${ofOrder}`;
    case 'shipping_addresses':
      return `Shipping addresses${ofOrder}`;
    case 'products':
      return 'Catalog products';
  }
}
