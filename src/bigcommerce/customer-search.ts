/**
 * The agent's search for the right customer (read-only GETs): by email (exact, `email:in`), by
 * name (`name:like`), or by order number (`GET /v2/orders/{id}`, then the order's customer by id,
 * or for a guest checkout the account under its billing email, if there is one).
 */
import {
  MAX_CUSTOMER_RESULTS,
  customerSearchQuery,
  orderNumberOf,
  type CustomerMatch,
  type CustomerSearchResult,
} from '../shared/customer-search.js';
import type { Customer, RequestOptions } from '../shared/store-data.js';
import type { BigCommerceClient } from './client.js';
import { findCustomersByEmail, getCustomerById, searchCustomersByName } from './customers.js';
import { BigCommerceError } from './errors.js';
import { getOrder } from './orders.js';

export async function searchCustomers(
  client: BigCommerceClient,
  input: unknown,
  options: RequestOptions = {},
): Promise<CustomerSearchResult> {
  const parsed = customerSearchQuery.safeParse(input);
  if (!parsed.success) {
    throw new BigCommerceError('bad_request', `Invalid search: ${parsed.error.issues[0]?.message ?? 'check it'}.`);
  }
  const { by, q } = parsed.data;
  if (by === 'email') return found(await findCustomersByEmail(client, q, options));
  if (by === 'name') return found(await searchCustomersByName(client, q, MAX_CUSTOMER_RESULTS, options));

  const orderId = orderNumberOf(q);
  const order = await getOrder(client, orderId, options);
  if (!order || order.isDeleted) return { customers: [], order: null, note: `The store has no order #${orderId}.` };
  const summary = {
    id: order.id,
    dateCreated: order.dateCreated,
    status: order.customStatus,
    isGuest: order.customerId === 0,
  };
  let customers: Customer[];
  if (order.customerId > 0) {
    const customer = await getCustomerById(client, order.customerId, options);
    customers = customer ? [customer] : [];
  } else {
    const email = order.billingAddress.email;
    customers = email ? await findCustomersByEmail(client, email, options) : [];
  }
  const note =
    customers.length > 0
      ? null
      : summary.isGuest
        ? `Order #${order.id} was a guest checkout, and no customer account uses its billing email.`
        : `Order #${order.id} belongs to a customer account the store no longer has.`;
  return { ...found(customers), order: summary, note };
}

function found(customers: Customer[]): CustomerSearchResult {
  return { customers: customers.slice(0, MAX_CUSTOMER_RESULTS).map(toMatch), order: null, note: null };
}

function toMatch(customer: Customer): CustomerMatch {
  return {
    id: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    company: customer.company,
  };
}
