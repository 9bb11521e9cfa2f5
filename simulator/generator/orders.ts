/** Orders for registered customers and guests, with lines, totals, payment state and shipments. */
import type { SimAddress, SimOrder, SimOrderLine } from '../store-data.js';
import type { GeneratedProduct } from './catalog.js';
import { COLOURS, SIZES } from './catalog.js';
import { FULLY_SHIPPED, PAYMENT_METHODS, paymentStatusFor } from './order-status.js';
import type { Market } from './places.js';
import type { Rng } from './random.js';
import { BASE_DATE_MS, DAY_MS, chance, int, isoAt, pick, weighted } from './random.js';
import { planShipments } from './shipments.js';

/** Who placed an order: a registered customer (id > 0) or a guest (id 0, identified by email only). */
export interface Buyer {
  customerId: number;
  first_name: string;
  last_name: string;
  /** The email the buyer uses at checkout (billing email). */
  email: string;
  phone?: string;
  market: Market;
  address: SimAddress;
}

export interface OrderPlan {
  buyer: Buyer;
  atMs: number;
  statusId: number;
}

const RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79 };

const MESSAGES = [
  'Please leave the parcel at the back door.',
  'This is a gift, please do not include the invoice.',
  'Could you ship this before Friday? Thank you!',
  'Ring the bell twice, the buzzer is broken.',
  'Please gift wrap.',
];
const STAFF_NOTES = [
  'Customer called about delivery date.',
  'VIP customer - include a thank-you card.',
  'Address verified by phone.',
];

function makeLines(rng: Rng, orderId: number, products: GeneratedProduct[], rate: number): SimOrderLine[] {
  const physical = products.filter((p) => p.type !== 'digital' && p.is_visible !== false);
  const count = weighted(rng, [
    [1, 50],
    [2, 30],
    [3, 15],
    [4, 5],
  ]);
  const chosen = rng.helpers.arrayElements(physical, count);
  if (chance(rng, 0.04))
    chosen.push(
      pick(
        rng,
        products.filter((p) => p.type === 'digital'),
      ),
    );
  return chosen.map((product, i) => {
    const line: SimOrderLine = {
      id: orderId * 100 + i + 1,
      product_id: product.id,
      variant_id: product.id * 10 + 1,
      name: product.name,
      sku: product.sku,
      type: product.type === 'digital' ? 'digital' : 'physical',
      quantity:
        product.type === 'digital'
          ? 1
          : weighted(rng, [
              [1, 75],
              [2, 18],
              [3, 7],
            ] as const),
      price: (Math.round(Number(product.price) * rate * 100) / 100).toFixed(2),
    };
    if (product.apparel)
      line.options = [
        { name: 'Size', value: pick(rng, SIZES) },
        { name: 'Colour', value: pick(rng, COLOURS) },
      ];
    return line;
  });
}

const units = (lines: SimOrderLine[]): number =>
  lines.reduce((sum, line) => sum + Number(line.price) * line.quantity, 0);
const cents = (value: number): string => (Math.round(value * 100) / 100).toFixed(2);

export function buildOrder(rng: Rng, id: number, plan: OrderPlan, products: GeneratedProduct[]): SimOrder {
  const { buyer, atMs, statusId } = plan;
  const currency = buyer.market.currency;
  const lines = makeLines(rng, id, products, RATES[currency] ?? 1);
  const physicalUnits = lines.filter((l) => l.type !== 'digital').reduce((s, l) => s + l.quantity, 0);
  if (statusId === 3 && physicalUnits < 2 && lines[0]) lines[0].quantity += 1; // something must stay behind
  const subtotal = units(lines);
  const method = weighted(rng, PAYMENT_METHODS);
  const order: SimOrder = {
    id,
    customer_id: buyer.customerId,
    status_id: statusId,
    date_created: isoAt(atMs),
    billing_address: { ...buyer.address, email: buyer.email, ...(buyer.phone ? { phone: buyer.phone } : {}) },
    payment_method: method,
    payment_status: paymentStatusFor(rng, statusId, method),
    currency_code: currency,
    products: lines,
    shipping_cost: subtotal >= 100 ? '0.00' : pick(rng, ['5.99', '7.50', '9.99']),
    customer_locale: buyer.market.locale,
  };
  if (buyer.market.iso2 === 'US' && chance(rng, 0.4)) order.tax = cents(subtotal * 0.0725);
  if (chance(rng, 0.08)) order.customer_message = pick(rng, MESSAGES);
  if (chance(rng, 0.05)) order.staff_notes = pick(rng, STAFF_NOTES);
  if (chance(rng, 0.06)) {
    // Shipped to someone else (a gift), same market.
    const giftee = { first_name: rng.person.firstName(), last_name: buyer.last_name };
    order.shipping_addresses = [{ ...buyer.address, ...giftee, shipping_method: 'Flat Rate' }];
  }
  const shipsFully = FULLY_SHIPPED.has(statusId) || (statusId === 4 && chance(rng, 0.5));
  if (shipsFully || statusId === 3) {
    const shipments = planShipments(rng, buyer.market, id, atMs, lines, statusId === 3 ? 'partial' : 'full');
    if (shipments.length > 0) order.shipments = shipments;
  }
  if (statusId === 4) {
    order.refunded_amount = cents(subtotal + Number(order.shipping_cost) + Number(order.tax ?? 0));
    for (const line of lines) line.quantity_refunded = line.quantity;
  }
  if (statusId === 14 && lines[0]) {
    order.refunded_amount = cents(Number(lines[0].price));
    lines[0].quantity_refunded = 1;
  }
  if ([4, 5, 6, 14].includes(statusId))
    order.date_modified = isoAt(Math.min(BASE_DATE_MS, atMs + int(rng, 2, 12) * DAY_MS));
  return order;
}
