/** A small, fixed apparel-and-home catalog; apparel carries size/colour options so order lines have them. */
import type { SimProduct } from '../store-data.js';
import { slug } from '../wire/catalog.js';
import type { Rng } from './random.js';
import { BASE_DATE_MS, DAY_MS, chance, int, isoAt } from './random.js';

interface CatalogSeed {
  name: string;
  price: number;
  apparel?: boolean;
  type?: 'digital';
}

const ITEMS: readonly CatalogSeed[] = [
  { name: 'Classic Crew T-Shirt', price: 24, apparel: true },
  { name: 'Merino Wool Sweater', price: 89, apparel: true },
  { name: 'Everyday Pullover Hoodie', price: 59, apparel: true },
  { name: 'Slim Fit Chino Pants', price: 68, apparel: true },
  { name: 'Packable Rain Shell Jacket', price: 129, apparel: true },
  { name: 'Linen Button-Down Shirt', price: 74, apparel: true },
  { name: 'Trail Running Shoes', price: 115, apparel: true },
  { name: 'Canvas Low-Top Sneakers', price: 55, apparel: true },
  { name: 'Organic Cotton Socks (3-Pack)', price: 18, apparel: true },
  { name: 'Ribbed Wool Beanie', price: 28, apparel: true },
  { name: 'Orbit Terrarium - Large', price: 109 },
  { name: 'Orbit Terrarium - Small', price: 89 },
  { name: 'Fog Linen Chambray Towel - Beige Stripe', price: 49 },
  { name: 'Ceramic Pour-Over Coffee Set', price: 42 },
  { name: 'French Press 1L', price: 39.5 },
  { name: 'Enamel Camp Mug', price: 16 },
  { name: 'Leather Card Wallet', price: 45 },
  { name: 'Waxed Canvas Tote Bag', price: 65 },
  { name: 'Insulated Water Bottle 750ml', price: 32 },
  { name: 'Bamboo Cutting Board', price: 36 },
  { name: 'Scented Soy Candle - Cedar', price: 24.95 },
  { name: 'Weekender Duffel Bag', price: 149 },
  { name: 'Travel Backpack 28L', price: 135 },
  { name: 'Cast Iron Skillet 10in', price: 54 },
  { name: 'Linen Napkins (Set of 4)', price: 29 },
  { name: 'Wireless Charging Pad', price: 39.99 },
  { name: 'Desk Plant Starter Kit', price: 27.5 },
  { name: 'Able Brewing System', price: 225 },
  { name: 'Digital Gift Card', price: 50, type: 'digital' },
  { name: 'Plant Care Guide (eBook)', price: 9.99, type: 'digital' },
];

export const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'] as const;
export const COLOURS = ['Navy', 'Black', 'Heather Grey', 'Forest Green', 'Sand', 'Burgundy'] as const;

export interface GeneratedProduct extends SimProduct {
  apparel: boolean;
}

function skuOf(name: string, id: number): string {
  const initials = name
    .replace(/[^A-Za-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
  return `${initials}-${id}`;
}

/** Products get ids from 77 up (real catalogs rarely start at 1). */
export function generateCatalog(rng: Rng): GeneratedProduct[] {
  return ITEMS.map((item, i) => {
    const id = 77 + i;
    const created = BASE_DATE_MS - int(rng, 400, 900) * DAY_MS;
    const inventory = chance(rng, 0.1) ? 0 : int(rng, 3, 250);
    const product: GeneratedProduct = {
      id,
      name: item.name,
      sku: skuOf(item.name, id),
      price: item.price,
      type: item.type ?? 'physical',
      inventory_level: item.type === 'digital' ? 0 : inventory,
      is_visible: i !== ITEMS.length - 3, // one hidden product, as real catalogs have
      availability: i === 27 ? 'preorder' : 'available',
      url: `/${slug(item.name)}/`,
      categories: [item.apparel ? 23 : item.type === 'digital' ? 31 : 18],
      date_created: isoAt(created),
      date_modified: isoAt(created + int(rng, 0, 300) * DAY_MS),
      apparel: item.apparel ?? false,
    };
    if (chance(rng, 0.15)) product.sale_price = Math.round(item.price * 80) / 100;
    return product;
  });
}
