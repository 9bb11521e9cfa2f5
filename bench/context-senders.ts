import type { StoreData } from '../simulator/index.js';

/**
 * Registered customers' emails by how many orders a reply could see for them: their own orders
 * and guest orders under their email. Abandoned checkouts (status 0) and archived orders are
 * left out because the orders API does not list them.
 */
export function sendersByOrderCount(data: StoreData): Record<number, string[]> {
  const counts = new Map<string, number>();
  const emailOf = new Map(data.customers.map((customer) => [customer.id, customer.email.trim().toLowerCase()]));
  for (const order of data.orders) {
    if (order.status_id === 0 || order.is_deleted) continue;
    const owners = new Set([emailOf.get(order.customer_id ?? 0), order.billing_address.email.trim().toLowerCase()]);
    for (const email of owners) if (email) counts.set(email, (counts.get(email) ?? 0) + 1);
  }
  const senders: Record<number, string[]> = {};
  for (const customer of data.customers) {
    const count = counts.get(customer.email.trim().toLowerCase()) ?? 0;
    (senders[count] ??= []).push(customer.email);
  }
  return senders;
}
