/** Store information: `GET /v2/store` (Information & Settings scope). */
import type { RequestOptions, StoreInfo } from '../shared/store-data.js';
import type { BigCommerceClient } from './client.js';
import { invalidResponseError } from './errors.js';
import { textOrNull } from './normalise.js';
import { parseWire } from './paging.js';
import { storeSchema, type WireStore } from './schemas.js';

export const STORE_PATH = '/v2/store';

export async function fetchStoreInfo(client: BigCommerceClient, options: RequestOptions = {}): Promise<StoreInfo> {
  const response = await client.get(STORE_PATH, {}, options);
  return parseStoreInfo(response.body, client.storeHash);
}

/** Also used by the connection test, which already holds the body. */
export function parseStoreInfo(body: unknown, storeHash: string): StoreInfo {
  if (body === null) throw invalidResponseError('empty store information', { path: STORE_PATH });
  return mapStore(parseWire(storeSchema, body, STORE_PATH), storeHash);
}

export function mapStore(wire: WireStore, storeHash: string): StoreInfo {
  return {
    // The hash we asked for is authoritative; `id` is the same value on real stores.
    hash: textOrNull(wire.id) ?? storeHash,
    name: wire.name.trim(),
    domain: textOrNull(wire.domain),
    secureUrl: textOrNull(wire.secure_url),
    currency: wire.currency.trim().toUpperCase(),
    language: textOrNull(wire.language),
    country: textOrNull(wire.country),
    timezone: textOrNull(wire.timezone?.name),
    orderEmail: textOrNull(wire.order_email),
  };
}
