/**
 * The baseline the benchmark compares against: what a straightforward implementation does when
 * every lookup waits for the previous one. It reads the same data as buildCustomerContext
 * (store, customer, orders by customer id and by billing email, then each order's products and
 * shipments one by one, then the focus order's ship-to) and returns the same shape, so the only
 * differences measured are ordering and choice of requests.
 */
import type { Order, StoreDataSource } from '../src/shared/store-data.js';
import { normalizeEmail } from '../src/context/email.js';
import { NO_DETAILS, toContextCustomer, toContextOrder, type OrderDetails } from '../src/context/minimize.js';
import { latestOrder, mergeOrders } from '../src/context/order-list.js';
import { isOwnedBy } from '../src/context/ownership.js';
import type { CustomerContext } from '../src/context/types.js';

const RECENT_ORDERS = 5;
const DISCLOSURE = { allowPhone: false, allowAddress: false };

export async function naiveCustomerContext(store: StoreDataSource, senderEmail: string): Promise<CustomerContext> {
  const email = normalizeEmail(senderEmail);
  const info = await store.getStoreInfo();
  const customers = await store.findCustomersByEmail(email);
  const customer = customers[0];
  const registered = customer ? await store.listOrders({ customerId: customer.id, limit: RECENT_ORDERS }) : [];
  const guest = await store.listOrders({ email, limit: RECENT_ORDERS });
  const sender = { email, customerIds: new Set(customers.map((c) => c.id)) };
  const orders = mergeOrders(registered, guest)
    .filter((order) => isOwnedBy(order, sender))
    .slice(0, RECENT_ORDERS);
  const focus = latestOrder(orders);

  const details: OrderDetails[] = [];
  for (const order of orders) details.push(await detailsOneByOne(store, order, order === focus));

  const contextOrders = orders.map((order, i) => toContextOrder(order, details[i] ?? NO_DETAILS, DISCLOSURE));
  return {
    senderEmail: email,
    store: { hash: info.hash, name: info.name, currency: info.currency, timezone: info.timezone },
    customer: customer ? toContextCustomer(customer, DISCLOSURE) : null,
    senderName: customer ? { firstName: customer.firstName, lastName: customer.lastName } : null,
    orders: contextOrders,
    focusOrder: contextOrders.find((order) => order.id === focus?.id) ?? null,
    focusReason: focus ? 'latest' : null,
    unmatchedOrderNumbers: [],
    notices: [],
    fetchedAt: new Date().toISOString(),
  };
}

async function detailsOneByOne(store: StoreDataSource, order: Order, withShipTo: boolean): Promise<OrderDetails> {
  const products = await store.listOrderProducts(order.id);
  const shipments = await store.listOrderShipments(order.id);
  const shippingAddresses = withShipTo ? await store.listOrderShippingAddresses(order.id) : null;
  return { products, shipments, shippingAddresses };
}
