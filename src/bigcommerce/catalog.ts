/** Catalog products by id: `GET /v3/catalog/products?id:in=...` (Products scope), chunked. */
import type { CatalogProduct, RequestOptions } from '../shared/store-data.js';
import type { BigCommerceClient } from './client.js';
import { MAX_PAGE_SIZE } from './config.js';
import { textOrNull, toMoney } from './normalise.js';
import { collectAll, v3Pages } from './paging.js';
import { catalogProductSchema, type WireCatalogProduct } from './schemas.js';

export const CATALOG_PRODUCTS_PATH = '/v3/catalog/products';
/** Ids per request: keeps the URL well under common 2–8 KB proxy limits. */
export const PRODUCT_ID_CHUNK = 100;

/**
 * Products for the given ids, in the order asked (unknown ids are simply absent).
 * `currency`: the store's default currency (catalog prices are in it), or null when unknown,
 * in which case prices are null rather than guessed.
 */
export async function getProductsByIds(
  client: BigCommerceClient,
  productIds: readonly number[],
  currency: string | null,
  options: RequestOptions = {},
): Promise<CatalogProduct[]> {
  const rows = await fetchProductRows(client, productIds, options);
  return rows.map((row) => mapCatalogProduct(row, currency));
}

/** Raw rows for the ids, in the order asked; invalid and unknown ids are skipped. */
export async function fetchProductRows(
  client: BigCommerceClient,
  productIds: readonly number[],
  options: RequestOptions = {},
): Promise<WireCatalogProduct[]> {
  const ids = [...new Set(productIds.filter((id) => Number.isSafeInteger(id) && id > 0))];
  if (ids.length === 0) return [];
  const chunks: number[][] = [];
  for (let i = 0; i < ids.length; i += PRODUCT_ID_CHUNK) chunks.push(ids.slice(i, i + PRODUCT_ID_CHUNK));

  const results = await Promise.all(
    chunks.map((chunk) =>
      collectAll(
        v3Pages(client, CATALOG_PRODUCTS_PATH, { 'id:in': chunk }, catalogProductSchema, MAX_PAGE_SIZE, options),
      ),
    ),
  );
  const byId = new Map<number, WireCatalogProduct>();
  for (const rows of results) for (const row of rows) byId.set(row.id, row);
  return ids.map((id) => byId.get(id)).filter((row): row is WireCatalogProduct => row !== undefined);
}

export function mapCatalogProduct(wire: WireCatalogProduct, currency: string | null): CatalogProduct {
  // calculated_price is what the storefront shows (sale price when set); price is the list price.
  const amount = wire.calculated_price ?? wire.price;
  return {
    id: wire.id,
    name: wire.name.trim(),
    sku: textOrNull(wire.sku),
    price: currency && amount !== null && amount !== undefined ? toMoney(amount, currency) : null,
    availability: textOrNull(wire.availability),
    // With tracking off, inventory_level is a meaningless 0.
    inventoryLevel: wire.inventory_tracking === 'none' ? null : (wire.inventory_level ?? null),
    isVisible: wire.is_visible !== false,
    url: textOrNull(wire.custom_url?.url),
  };
}

/** How many products one keyword search returns: enough to pick the one a customer names. */
export const PRODUCT_SEARCH_LIMIT = 20;

/**
 * Visible products whose name or SKU matches a keyword: `GET /v3/catalog/products?keyword=…`
 * (Products scope), first page only. Used for "is X in stock?".
 */
export async function searchProducts(
  client: BigCommerceClient,
  keyword: string,
  currency: string | null,
  options: RequestOptions = {},
): Promise<CatalogProduct[]> {
  const word = keyword.trim().slice(0, 100);
  if (word.length < 2) return [];
  const pages = v3Pages(
    client,
    CATALOG_PRODUCTS_PATH,
    { keyword: word, is_visible: 'true' },
    catalogProductSchema,
    PRODUCT_SEARCH_LIMIT,
    options,
  );
  const first = await pages.next();
  await pages.return(undefined);
  return (first.done ? [] : first.value).map((row) => mapCatalogProduct(row, currency));
}
