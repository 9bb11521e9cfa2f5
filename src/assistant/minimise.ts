/**
 * Field-level minimisation: for each intent, only the store fields a reply to it needs reach the
 * composer (and the LLM, and the fact check). Everything else is left out and listed as withheld,
 * with the reason, so the evidence panel can show what the draft was deliberately not given.
 *
 * The policy mirrors what the built-in composer writes per intent (see builtin/sections/), so the
 * built-in draft is the same with the minimised context as with the full one:
 * - order_status, shipping_tracking, order_help: status, dates, items, shipments, ship-to city and
 *   country (never the street); the totals for order_help's summary;
 * - order_items: items with options, dates, totals, status;
 * - payment_status: status, payment method and status, totals, dates;
 * - customer_info: name, email, company; phone only when the workspace allows it; the delivery
 *   address only when the workspace allows addresses;
 * - refund, cancel, return: the order, its status and items;
 * - other: the name and the order numbers.
 * The orders a reply names are kept (the focus order, the other orders the email mentions, the
 * recent orders a status or items reply lists); the sender's other orders are withheld. Order-level
 * amounts have no "absent" value in the context type, so they stay with the orders that are kept.
 */
import type { ContextCustomer, ContextNeeds, ContextOrder, CustomerContext } from '../context/types.js';
import type { Intent, Understanding, WorkspaceSettings } from './types.js';
import { intentOfItem } from './understanding/understand.js';

export type EvidenceRecord = 'customer' | 'order' | 'shipment' | 'item' | 'store';

/** A field the composer was deliberately not given. */
export interface WithheldField {
  record: EvidenceRecord;
  recordId?: number;
  /** Several records at once (e.g. the sender's other orders). */
  recordIds?: number[];
  field: string;
  reason: string;
}

export interface MinimisedContext {
  context: CustomerContext;
  withheld: WithheldField[];
}

type OrderField = 'items' | 'shipments' | 'shipTo' | 'street' | 'payment' | 'dateShipped';

interface Policy {
  /** Words for the reasons: "not needed to answer {purpose}". */
  purpose: string;
  /** Order fields the main orders keep. */
  orderFields: readonly OrderField[];
  /** Whether the reply may list the sender's other recent orders (status and date only). */
  listsRecentOrders: boolean;
  /** Customer fields beyond the name and email. */
  customerDetails: boolean;
  /** Orders are kept as numbers and status only (no details at all). */
  orderNumbersOnly?: boolean;
}

const STATUS_FIELDS: readonly OrderField[] = ['items', 'shipments', 'shipTo', 'dateShipped'];
/** A request shows the store fact that decides it (already shipped, with carrier and date), so shipments stay. */
const ACTION_FIELDS: readonly OrderField[] = ['items', 'shipments', 'dateShipped'];

const POLICIES: Record<Intent, Policy> = {
  order_status: {
    purpose: 'a question about where an order is',
    orderFields: STATUS_FIELDS,
    listsRecentOrders: true,
    customerDetails: false,
  },
  shipping_tracking: {
    purpose: 'a shipping question',
    orderFields: STATUS_FIELDS,
    listsRecentOrders: true,
    customerDetails: false,
  },
  order_help: {
    purpose: 'a question about an order',
    orderFields: STATUS_FIELDS,
    listsRecentOrders: false,
    customerDetails: false,
  },
  order_items: {
    purpose: 'a question about what was ordered',
    // On a partly shipped order "what is still to come" is answered with the shipments.
    orderFields: ['items', 'shipments', 'dateShipped'],
    listsRecentOrders: true,
    customerDetails: false,
  },
  payment_status: {
    purpose: 'a payment question',
    orderFields: ['payment'],
    listsRecentOrders: false,
    customerDetails: false,
  },
  customer_info: {
    purpose: 'a question about the details on file',
    orderFields: [],
    listsRecentOrders: false,
    customerDetails: true,
    orderNumbersOnly: true,
  },
  refund_request: {
    purpose: 'a refund request',
    orderFields: ACTION_FIELDS,
    listsRecentOrders: false,
    customerDetails: false,
  },
  cancel_request: {
    purpose: 'a cancellation request',
    orderFields: ACTION_FIELDS,
    listsRecentOrders: false,
    customerDetails: false,
  },
  return_request: {
    purpose: 'a return or exchange request',
    orderFields: ACTION_FIELDS,
    listsRecentOrders: false,
    customerDetails: false,
  },
  other: {
    purpose: 'this message',
    orderFields: [],
    listsRecentOrders: false,
    customerDetails: false,
    orderNumbersOnly: true,
  },
};

/** How many of the sender's orders one reply answers for (as in the built-in composer). */
const MAX_ORDERS_ANSWERED = 3;

export function minimiseForIntent(
  context: CustomerContext,
  understanding: Understanding,
  settings: WorkspaceSettings,
): MinimisedContext {
  const policy = policyFor(understanding);
  const notNeeded = `not needed to answer ${policy.purpose}`;
  const withheld: WithheldField[] = [];

  // Customer: name and email always; company and phone only for "details on file".
  let customer: ContextCustomer | null = context.customer;
  if (customer) {
    const c = customer;
    const keepPhone = policy.customerDetails && settings.allowPhone;
    if (c.phone && !keepPhone) withheld.push({ record: 'customer', recordId: c.id, field: 'phone', reason: notNeeded });
    if (!c.phone && !settings.allowPhone) {
      withheld.push({
        record: 'customer',
        recordId: c.id,
        field: 'phone',
        reason: 'not read: the workspace does not allow phone numbers',
      });
    }
    if (c.company && !policy.customerDetails) {
      withheld.push({ record: 'customer', recordId: c.id, field: 'company', reason: notNeeded });
    }
    if (c.dateCreated) {
      withheld.push({ record: 'customer', recordId: c.id, field: 'customer since', reason: notNeeded });
    }
    const keepAddress = policy.customerDetails && settings.allowAddress;
    if (c.address && !keepAddress) {
      withheld.push({ record: 'customer', recordId: c.id, field: 'saved address', reason: notNeeded });
    }
    customer = {
      ...c,
      address: keepAddress ? (c.address ?? null) : null,
      phone: keepPhone ? c.phone : null,
      company: policy.customerDetails ? c.company : null,
      customerGroupId: null,
      dateCreated: null,
    };
  }

  // Which orders the reply may name.
  const main = mainOrders(context, understanding);
  const recent = policy.listsRecentOrders ? recentOrderIds(context, understanding, settings, main) : new Set<number>();
  const keep = new Set<number>([...main, ...recent]);
  // The composer tells "no orders found" and "lookup failed" apart by whether the sender has any
  // orders: at least one stays (as a number and status) so that does not change.
  const first = context.orders[0];
  if (keep.size === 0 && first) keep.add(first.id);

  const addressOrder = policy.customerDetails && settings.allowAddress ? (context.focusOrder ?? first)?.id : undefined;
  const fieldsFor = (order: ContextOrder): ReadonlySet<OrderField> => {
    const fields = new Set<OrderField>(policy.orderNumbersOnly || !main.has(order.id) ? [] : policy.orderFields);
    // The address on file for a details question, on top of what the email's other items need.
    if (order.id === addressOrder) fields.add('shipTo').add('street');
    return fields;
  };

  const minimised = new Map<number, ContextOrder>();
  for (const order of allOrders(context)) {
    if (!keep.has(order.id)) continue;
    minimised.set(order.id, minimiseOrder(order, fieldsFor(order), notNeeded, withheld));
  }
  const others = context.orders.filter((o) => !keep.has(o.id)).map((o) => o.id);
  if (others.length > 0) {
    withheld.push({
      record: 'order',
      recordIds: others,
      field: `${others.length > 1 ? 'orders' : 'order'} ${others.map((id) => `#${id}`).join(', ')}`,
      reason: 'not the order the email is about',
    });
  }
  if (!settings.allowAddress && context.orders.length > 0) {
    withheld.push({
      record: 'order',
      field: 'street address',
      reason: 'not read: the workspace does not allow street addresses',
    });
  }

  const focus = context.focusOrder ? (minimised.get(context.focusOrder.id) ?? null) : null;
  return {
    context: {
      ...context,
      customer,
      orders: context.orders.filter((o) => keep.has(o.id)).map((o) => minimised.get(o.id) ?? o),
      focusOrder: focus,
      focusReason: focus ? context.focusReason : null,
    },
    withheld,
  };
}

/**
 * One policy for the whole email: with an answer plan, every item's needs together (the fields
 * any item needs, the customer's details only for a details-on-file item); else the intent's.
 */
/**
 * What the context builder needs to read for this email: exactly the order details that survive
 * minimisation, plus the items whenever any order detail is kept (item names tell which order
 * "the blanket" is). Reading less than this would change the reply; reading more is wasted
 * requests to the store.
 */
export function contextNeedsFor(
  understanding: Understanding,
  settings: Pick<WorkspaceSettings, 'allowAddress'>,
): ContextNeeds {
  const policy = policyFor(understanding);
  const fields = new Set(policy.orderNumbersOnly ? [] : policy.orderFields);
  const addressForDetails = policy.customerDetails && settings.allowAddress;
  return {
    items: !policy.orderNumbersOnly,
    shipments: fields.has('shipments'),
    shipTo: fields.has('shipTo') || addressForDetails,
  };
}

function policyFor(understanding: Understanding): Policy {
  const plan = understanding.plan;
  if (!plan || plan.items.length === 0) return POLICIES[understanding.intent] ?? POLICIES.other;
  const policies = [...new Set(plan.items.map(intentOfItem))].map((intent) => POLICIES[intent] ?? POLICIES.other);
  return {
    purpose: policies.map((p) => p.purpose).join(' and '),
    orderFields: [...new Set(policies.flatMap((p) => p.orderFields))],
    listsRecentOrders: false,
    customerDetails: policies.some((p) => p.customerDetails),
    orderNumbersOnly: policies.every((p) => p.orderNumbersOnly === true),
  };
}

/** The orders a reply answers for: the focus (or latest) order and the other orders the email names. */
function mainOrders(context: CustomerContext, understanding: Understanding): Set<number> {
  const out = new Set<number>();
  // With a resolved plan, exactly the orders its items are about.
  if (understanding.plan && understanding.plan.items.some((i) => i.orderSource !== 'none' || i.orderIds.length > 0)) {
    for (const item of understanding.plan.items) for (const id of item.orderIds) out.add(id);
    return out;
  }
  const focus = context.focusOrder ?? (context.unmatchedOrderNumbers.length > 0 ? null : (context.orders[0] ?? null));
  if (focus) out.add(focus.id);
  for (const id of understanding.orderNumbers) {
    if (out.size >= MAX_ORDERS_ANSWERED) break;
    if (context.orders.some((o) => o.id === id)) out.add(id);
  }
  return out;
}

/** The other recent orders a status or items reply lists (when the email named no order). */
function recentOrderIds(
  context: CustomerContext,
  understanding: Understanding,
  settings: WorkspaceSettings,
  main: Set<number>,
): Set<number> {
  if (context.focusReason === 'mentioned' || understanding.orderNumbers.length > 0) return new Set();
  const limit = Math.max(0, Math.floor(settings.recentOrdersToMention || 0)) - 1;
  if (limit <= 0) return new Set();
  return new Set(
    context.orders
      .filter((o) => !main.has(o.id))
      .slice(0, limit)
      .map((o) => o.id),
  );
}

function minimiseOrder(
  order: ContextOrder,
  fields: ReadonlySet<OrderField>,
  notNeeded: string,
  withheld: WithheldField[],
): ContextOrder {
  const drop = (field: string): void => {
    withheld.push({ record: 'order', recordId: order.id, field, reason: notNeeded });
  };
  const out: ContextOrder = { ...order };
  if (!fields.has('items') && order.items !== null) {
    if (order.items.length > 0) drop('items');
    out.items = null;
  }
  if (!fields.has('shipments') && order.shipments !== null) {
    if (order.shipments.length > 0) drop('shipments');
    out.shipments = null;
  }
  if (!fields.has('dateShipped') && order.dateShipped !== null && !fields.has('shipments')) {
    out.dateShipped = null;
  }
  if (!fields.has('payment') && (order.paymentMethod || order.paymentStatus)) {
    drop('payment method and status');
    out.paymentMethod = null;
    out.paymentStatus = null;
  }
  if (order.shipTo) {
    if (!fields.has('shipTo')) {
      drop('ship-to address');
      out.shipTo = null;
    } else if (!fields.has('street') && (order.shipTo.street || order.shipTo.zip)) {
      drop('street and postcode');
      out.shipTo = { ...order.shipTo, street: null, zip: null };
    }
  }
  return out;
}

function allOrders(context: CustomerContext): ContextOrder[] {
  const orders = [...context.orders];
  if (context.focusOrder && !orders.some((o) => o.id === context.focusOrder?.id)) orders.push(context.focusOrder);
  return orders;
}
