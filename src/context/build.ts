import { AppError, isAppError } from '../shared/errors.js';
import type { Customer, Order, RequestOptions, StoreDataSource } from '../shared/store-data.js';
import { canLookUpEmail, normalizeEmail, sameEmail } from './email.js';
import { createAttempt } from './attempt.js';
import { createDetailsFetcher } from './details.js';
import { NO_DETAILS, toContextCustomer, toContextOrder } from './minimize.js';
import { NoticeList } from './notices.js';
import { resolveContextOptions } from './options.js';
import { latestOrder, mergeOrders } from './order-list.js';
import { isOwnedBy, type SenderIdentity } from './ownership.js';
import type { ContextOptions, ContextProduct, CustomerContext, CustomerLink } from './types.js';

export interface BuildCustomerContextInput {
  store: StoreDataSource;
  senderEmail: string;
  mentionedOrderNumbers: number[];
  options?: ContextOptions;
  now?: () => Date;
  /** Aborts the lookups still running (for example when the job is cancelled). */
  signal?: AbortSignal;
  /** Keywords of products the email asks about ("is the X in stock?"), searched in round 1. */
  productKeywords?: string[];
  /**
   * An agent linked this conversation to a customer account by hand (the sender writes from
   * another address): the context is that account's, read by id, instead of the sender's.
   */
  customerLink?: CustomerLink;
}

/**
 * Reads what a reply to `senderEmail` may use, in as few round trips as the data dependencies
 * allow. Every lookup starts as soon as what it needs is known:
 *
 *   round 1: customer by email | orders by billing email | each mentioned order by id | store info
 *   round 2: orders by customer id (needs the customer id; skipped for guests)
 *   round 3: items + shipments of the focus order and a few recent ones, and the ship-to address
 *            of the orders the email is about (focus and mentioned), all at once
 *
 * Ship-to addresses are read only for the orders the email is about: a reply never needs where an
 * older order went, and leaving them out keeps round 3 within the client's default of 8 requests
 * in flight (3 orders × 2 + 1), so it stays one round trip.
 *
 * A mentioned order that is provably the sender's gets its details as soon as that is known,
 * without waiting for round 2. Nothing about an order that is not the sender's enters the result.
 */
export async function buildCustomerContext(input: BuildCustomerContextInput): Promise<CustomerContext> {
  const options = resolveContextOptions(input.options);
  const senderEmail = normalizeEmail(input.senderEmail);
  // Asked as written (trimmed): a source whose email filter is case-sensitive can then try both spellings.
  const senderAsWritten = input.senderEmail.trim();
  const fetchedAt = (input.now ?? (() => new Date()))().toISOString();
  const { store } = input;
  const notices = new NoticeList();

  // One controller for the whole build: a fatal error stops the lookups still running.
  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(input.signal?.reason);
  if (input.signal?.aborted) forwardAbort();
  input.signal?.addEventListener('abort', forwardAbort, { once: true });
  const request: RequestOptions = { signal: controller.signal };

  const attempt = createAttempt(notices, controller);
  const details = createDetailsFetcher(store, request, attempt, options.needs);

  try {
    // An address without "@" would turn "by email" filters into "everyone", and one with a
    // non-ASCII character may be folded into a different customer's by the store's own filter
    // (the Kelvin sign "\u212A" into "k"): never ask with either.
    const link = input.customerLink;
    const canLookUpSender = !link && canLookUpEmail(senderEmail);
    const mentioned = [...new Set(input.mentionedOrderNumbers)]
      .filter((id) => Number.isSafeInteger(id) && id > 0)
      .slice(0, options.maxMentionedOrders);

    // Round 1: nothing here depends on anything else.
    const storeInfo = attempt('store', () => store.getStoreInfo(request));
    const customers: Promise<Customer[] | undefined> = link
      ? linkedCustomer(store, link.customerId, request, attempt)
      : canLookUpSender
        ? attempt('customer', () => store.findCustomersByEmail(senderAsWritten, request)).then((found) =>
            // Only exact matches (up to ASCII case) are the sender, whatever the filter returned.
            found?.filter((customer) => sameEmail(customer.email, senderEmail)),
          )
        : Promise.resolve([]);
    // Linked: guest checkouts under the account's own address are the customer's too (round 2).
    const ordersByEmail = link
      ? customers.then((found) => {
          const account = found?.[0]?.email;
          return account && canLookUpEmail(account)
            ? attempt('orders', () => store.listOrders({ email: account, limit: options.recentOrders }, request))
            : [];
        })
      : canLookUpSender
        ? attempt('orders', () => store.listOrders({ email: senderAsWritten, limit: options.recentOrders }, request))
        : Promise.resolve([]);
    const productSearch = searchProductsFor(store, input.productKeywords ?? [], request, attempt);
    const mentionedLookups = mentioned.map((id) => attempt('order', () => getOrderOrNull(store, id, request), id));

    // Ownership: the sender's address and accounts, or, when linked, the linked account only
    // (its id, and its own address for guest checkouts; never the sender's address).
    const identity: Promise<SenderIdentity> = link
      ? customers.then((found) => ({
          email: normalizeEmail(found?.[0]?.email ?? ''),
          customerIds: new Set([link.customerId]),
        }))
      : customers.then((found) => ({
          email: senderEmail,
          customerIds: new Set((found ?? []).map((customer) => customer.id).filter((id) => id > 0)),
        }));

    // Round 2: starts the moment the customer is known, without waiting for the rest of round 1.
    // Linked: the id is known from the start, so the orders are read in round 1.
    const listByCustomer = (customerId: number) =>
      attempt('orders', () => store.listOrders({ customerId, limit: options.recentOrders }, request));
    const ordersByCustomer = link
      ? Promise.all([listByCustomer(link.customerId)])
      : identity.then((sender) => Promise.all([...sender.customerIds].map(listByCustomer)));

    // A mentioned order proven to be the sender's starts its details right away.
    const mentionedOwned = mentionedLookups.map(async (lookup) => {
      const [order, sender] = await Promise.all([lookup, identity]);
      if (!order || !isOwnedBy(order, sender)) return order === undefined ? undefined : null;
      details.start(order, true);
      return order;
    });

    if (options.speculativeDetails && !link) {
      // Orders paid from the sender's address are theirs whatever round 2 finds, so the details of
      // the newest ones can be read alongside it. When round 2 brings newer orders (paid from
      // another address), those are read in round 3 and the guesses that fell out are wasted.
      void ordersByEmail
        .then((listed) => {
          const guess = mergeOrders(listed ?? []).filter((order) =>
            isOwnedBy(order, { email: senderEmail, customerIds: new Set() }),
          );
          const latest = mentioned.length === 0 ? latestOrder(guess) : null;
          for (const order of guess.slice(0, options.detailedOrders)) details.start(order, order === latest);
          if (latest) details.start(latest, true);
        })
        // A failure here is reported where the list itself is awaited.
        .catch(() => undefined);
    }

    const [products, info, customerList, byEmail, byCustomer, mentionedResults, sender] = await Promise.all([
      productSearch,
      storeInfo,
      customers,
      ordersByEmail,
      ordersByCustomer,
      Promise.all(mentionedOwned),
      identity,
    ]);

    assertStoreReadable(customerList, byEmail, notices);

    // Lists are filtered too: a filter the API applied loosely must not hand us someone else's order.
    const ownedListed = mergeOrders(byEmail ?? [], ...byCustomer.map((list) => list ?? [])).filter((order) =>
      isOwnedBy(order, sender),
    );
    const recent = ownedListed.slice(0, options.recentOrders);

    const mentionedOrders: Order[] = [];
    const unmatchedOrderNumbers: number[] = [];
    mentioned.forEach((id, index) => {
      const order = ownedListed.find((listed) => listed.id === id) ?? mentionedResults[index];
      if (order) mentionedOrders.push(order);
      // `undefined` means the lookup failed: that is a notice, not "not yours".
      else if (order === null) unmatchedOrderNumbers.push(id);
    });

    const focus = mentionedOrders[0] ?? latestOrder(recent);
    const orders = mergeOrders(recent, mentionedOrders);
    const about = new Set([...mentionedOrders.map((order) => order.id), ...(focus ? [focus.id] : [])]);
    const detailed = new Set([...about, ...recent.slice(0, options.detailedOrders).map((order) => order.id)]);

    // Round 3: details of every order the reply can use, all at once.
    const orderDetails = await Promise.all(
      orders.map((order) => (detailed.has(order.id) ? details.get(order, about.has(order.id)) : NO_DETAILS)),
    );
    const contextOrders = orders.map((order, index) =>
      toContextOrder(order, orderDetails[index] ?? NO_DETAILS, options),
    );

    const customer = customerList?.[0];
    return {
      senderEmail,
      store: info ? { hash: info.hash, name: info.name, currency: info.currency, timezone: info.timezone } : null,
      customer: customer ? toContextCustomer(customer, options) : null,
      senderName: senderNameFrom(customer, orders, link ? (customer?.email ?? '') : senderEmail),
      orders: contextOrders,
      focusOrder: focus ? (contextOrders.find((order) => order.id === focus.id) ?? null) : null,
      focusReason: focus ? (mentionedOrders[0] ? 'mentioned' : 'latest') : null,
      unmatchedOrderNumbers,
      // A failed lookup by id is moot when the order came in through a list anyway.
      notices: notices
        .toArray()
        .filter((notice) => !(notice.resource === 'order' && orders.some((order) => order.id === notice.orderId))),
      ...(products ? { products } : {}),
      ...(link ? { customerLink: link } : {}),
      fetchedAt,
    };
  } finally {
    input.signal?.removeEventListener('abort', forwardAbort);
  }
}

/**
 * BigCommerce answers 403 both for a missing scope and for a store hash that does not belong to
 * the token. When both the customer and the order lookups are refused, nothing about the sender
 * can be known: that is a broken integration, not a partial context, and drafting "we could not
 * find your order" from it would mislead the customer.
 */
function assertStoreReadable(
  customers: Customer[] | undefined,
  ordersByEmail: Order[] | undefined,
  notices: NoticeList,
): void {
  if (customers !== undefined || ordersByEmail !== undefined) return;
  const refused = new Set(
    notices
      .toArray()
      .filter((notice) => notice.code === 'missing_scope')
      .map((notice) => notice.resource),
  );
  if (refused.has('customer') && refused.has('orders')) {
    throw new AppError(
      'store_access_denied',
      'BigCommerce refused both customer and order lookups: check that the store hash belongs to this token and that it has the Customers and Orders read scopes (snoooz connect-test tells which).',
    );
  }
}

/** Most keywords searched for one email: one round trip, in parallel with round 1. */
const MAX_PRODUCT_KEYWORDS = 6;

/**
 * Catalog products for the keywords (longest words first, the most telling), de-duplicated;
 * undefined when nothing was asked. A failed search is a notice, like any optional lookup.
 */
async function searchProductsFor(
  store: StoreDataSource,
  keywords: readonly string[],
  request: RequestOptions,
  attempt: ReturnType<typeof createAttempt>,
): Promise<ContextProduct[] | undefined> {
  const search = store.searchProducts?.bind(store);
  const words = [...new Set(keywords.map((k) => k.trim().toLowerCase()).filter((k) => k.length >= 3))]
    // In the order given (the caller puts the most telling first).
    .slice(0, MAX_PRODUCT_KEYWORDS);
  if (!search || words.length === 0) return keywords.length > 0 ? [] : undefined;
  const results = await Promise.all(words.map((word) => attempt('products', () => search(word, request))));
  const byId = new Map<number, ContextProduct>();
  for (const list of results) {
    for (const p of list ?? []) {
      if (!byId.has(p.id)) {
        byId.set(p.id, {
          id: p.id,
          name: p.name,
          sku: p.sku,
          availability: p.availability,
          inventoryLevel: p.inventoryLevel,
          isVisible: p.isVisible,
        });
      }
    }
  }
  return [...byId.values()];
}

/**
 * The linked account, as a one-element list like the lookup by email (empty when the store no
 * longer has it: a notice says so, and the reply uses only the orders under its id).
 */
async function linkedCustomer(
  store: StoreDataSource,
  customerId: number,
  request: RequestOptions,
  attempt: ReturnType<typeof createAttempt>,
): Promise<Customer[] | undefined> {
  const read = store.getCustomerById?.bind(store);
  if (!read) return [];
  const found = await attempt('customer', () => read(customerId, request));
  return found === undefined ? undefined : found && found.id === customerId ? [found] : [];
}

/** A store that answers "not found" with an error is treated like one that answers null. */
async function getOrderOrNull(store: StoreDataSource, id: number, request: RequestOptions): Promise<Order | null> {
  try {
    return await store.getOrder(id, request);
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') return null;
    throw error;
  }
}

/**
 * The name to greet with: the account's, else the billing name on the sender's newest order paid
 * from this very address (a registered customer's order may carry someone else's billing name).
 */
function senderNameFrom(
  customer: Customer | undefined,
  ordersNewestFirst: readonly Order[],
  senderEmail: string,
): CustomerContext['senderName'] {
  if (customer && customer.firstName.trim()) {
    return { firstName: customer.firstName.trim(), lastName: customer.lastName.trim() };
  }
  const billing = ordersNewestFirst.find((order) => sameEmail(order.billingAddress.email, senderEmail))?.billingAddress;
  if (!billing?.firstName.trim()) return null;
  return { firstName: billing.firstName.trim(), lastName: billing.lastName.trim() };
}
