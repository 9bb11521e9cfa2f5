/** Shipments for an order: none, one, or a split in two; partially shipped orders keep something back. */
import type { SimOrderLine, SimShipment } from '../store-data.js';
import type { Market } from './places.js';
import type { Rng } from './random.js';
import { BASE_DATE_MS, DAY_MS, chance, int, isoAt, weighted } from './random.js';

type Item = { order_product_id: number; quantity: number };

function makeShipment(rng: Rng, market: Market, id: number, atMs: number, items: Item[]): SimShipment {
  const carrier = weighted(rng, market.carriers);
  const tracking = carrier.tracking(rng);
  const shipment: SimShipment = {
    id,
    tracking_number: tracking,
    shipping_provider: carrier.provider,
    shipping_method: carrier.method,
    date_created: isoAt(Math.min(atMs, BASE_DATE_MS - 3_600_000)),
    items,
  };
  if (carrier.display) shipment.provider_display_name = carrier.display;
  if (carrier.link) shipment.tracking_link = carrier.link(tracking);
  return shipment;
}

/**
 * `mode` full: every physical unit ships (one shipment, or two when there are several lines);
 * partial: some units ship and at least one stays behind. Returns [] for digital-only orders.
 */
export function planShipments(
  rng: Rng,
  market: Market,
  orderId: number,
  orderMs: number,
  lines: SimOrderLine[],
  mode: 'full' | 'partial',
): SimShipment[] {
  const physical = lines.filter((line) => line.type !== 'digital');
  const items: Item[] = physical.map((line) => ({ order_product_id: line.id ?? 0, quantity: line.quantity }));
  if (items.length === 0) return [];
  const firstMs = orderMs + int(rng, 6, 96) * 3_600_000;
  const secondMs = firstMs + int(rng, 1, 6) * DAY_MS;
  if (mode === 'partial') {
    const units = items.reduce((sum, item) => sum + item.quantity, 0);
    if (units < 2) return []; // nothing can be held back; the caller avoids this case
    let shipped: Item[];
    if (items.length >= 2) {
      shipped = items.slice(0, Math.max(1, Math.floor(items.length / 2)));
    } else {
      const only = items[0]!;
      shipped = [{ order_product_id: only.order_product_id, quantity: int(rng, 1, only.quantity - 1) }];
    }
    if (shipped.length >= 2 && chance(rng, 0.4)) {
      // Two partial shipments, still leaving the rest behind.
      return [
        makeShipment(rng, market, orderId * 10 + 1, firstMs, shipped.slice(0, 1)),
        makeShipment(rng, market, orderId * 10 + 2, secondMs, shipped.slice(1)),
      ];
    }
    return [makeShipment(rng, market, orderId * 10 + 1, firstMs, shipped)];
  }
  if (items.length >= 2 && chance(rng, 0.3)) {
    const cut = int(rng, 1, items.length - 1);
    return [
      makeShipment(rng, market, orderId * 10 + 1, firstMs, items.slice(0, cut)),
      makeShipment(rng, market, orderId * 10 + 2, secondMs, items.slice(cut)),
    ];
  }
  return [makeShipment(rng, market, orderId * 10 + 1, firstMs, items)];
}
