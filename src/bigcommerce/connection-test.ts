/**
 * The connection test behind `snoooz connect-test` and the Connect button.
 *
 * BigCommerce answers 403 both for a missing scope and for a store hash that does not belong to
 * the token, so one request cannot tell them apart. We probe one cheap read per scope in
 * parallel: if some pass, the hash is right and the 403s are missing scopes; if all are refused,
 * the hash (or the whole token) is wrong.
 */
import type { RequestOptions, StoreInfo } from '../shared/store-data.js';
import { createBigCommerceClient, type BigCommerceClient, type BigCommerceClientOptions } from './client.js';
import {
  SCOPE_LABELS,
  invalidTokenError,
  isBigCommerceError,
  missingScopeError,
  storeHashMismatchError,
  type BigCommerceError,
  type BigCommerceScope,
} from './errors.js';
import { parseWire } from './paging.js';
import { catalogProductList, customerList, orderList } from './schemas.js';
import { parseStoreInfo, STORE_PATH } from './store-info.js';

export interface ConnectionTestOptions extends BigCommerceClientOptions {
  signal?: AbortSignal;
}

export interface ConnectionScopes {
  customers: boolean;
  orders: boolean;
  products: boolean;
  information: boolean;
  /** Shipments are read with the Orders scope: true exactly when `orders` is. */
  shipments: boolean;
}

export interface ConnectionReport {
  /** null when the Information & Settings scope is missing. */
  store: StoreInfo | null;
  scopes: ConnectionScopes;
  /** One line each, for scopes that are missing but not required. */
  warnings: string[];
}

/** Without these Snoooz cannot find the sender or their orders. */
const REQUIRED: readonly BigCommerceScope[] = ['customers', 'orders'];

const WHAT_IS_LOST: Record<'products' | 'information', string> = {
  products: 'product details (availability, links) will be left out of replies',
  information: 'the store name and currency cannot be read',
};

interface Probe {
  scope: BigCommerceScope;
  path: string;
  query: Record<string, number>;
  /** Checks the body looks like BigCommerce's, so a wrong API URL is not reported as "connected". */
  check: (body: unknown, client: BigCommerceClient) => StoreInfo | null;
}

const PROBES: readonly Probe[] = [
  {
    scope: 'information',
    path: STORE_PATH,
    query: {},
    check: (body, client) => parseStoreInfo(body, client.storeHash),
  },
  { scope: 'customers', path: '/v3/customers', query: { limit: 1 }, check: checkWith(customerList, '/v3/customers') },
  // No orders yet is a 204 with an empty body: still proof the scope works.
  { scope: 'orders', path: '/v2/orders', query: { limit: 1 }, check: checkWith(orderList, '/v2/orders', true) },
  {
    scope: 'products',
    path: '/v3/catalog/products',
    query: { limit: 1 },
    check: checkWith(catalogProductList, '/v3/catalog/products'),
  },
];

type ProbeResult =
  | { scope: BigCommerceScope; ok: true; store: StoreInfo | null }
  | { scope: BigCommerceScope; ok: false; error: BigCommerceError };

/** Resolves with a report, or throws BigCommerceError (invalid_store_hash, invalid_token, missing_scope, …). */
export async function testConnection(options: ConnectionTestOptions): Promise<ConnectionReport> {
  const client = createBigCommerceClient(options);
  const requestOptions: RequestOptions = options.signal ? { signal: options.signal } : {};
  const results = await Promise.all(PROBES.map((probe) => runProbe(client, probe, requestOptions)));

  const failures = results.filter((r): r is Extract<ProbeResult, { ok: false }> => !r.ok);
  // 401 anywhere: the token itself is wrong, whatever else happened.
  if (failures.some((f) => f.error.code === 'invalid_token')) throw invalidTokenError();
  // 404 on these fixed paths: the store does not exist under this hash.
  if (failures.some((f) => f.error.code === 'not_found')) throw storeHashMismatchError();
  // Anything else but a 403 (outage, timeout, rate limit, odd body) prevents a diagnosis.
  const other = failures.find((f) => f.error.code !== 'missing_scope');
  if (other) throw other.error;
  if (failures.length === PROBES.length) throw storeHashMismatchError();

  const allowed = new Set(results.filter((r) => r.ok).map((r) => r.scope));
  const missingRequired = REQUIRED.filter((scope) => !allowed.has(scope));
  if (missingRequired.length > 0) throw missingScopeError(missingRequired);

  const warnings = (['products', 'information'] as const)
    .filter((scope) => !allowed.has(scope))
    .map(
      (scope) =>
        `The API account lacks the ${SCOPE_LABELS[scope].label} read scope (${SCOPE_LABELS[scope].oauth}): ${WHAT_IS_LOST[scope]}.`,
    );
  const info = results.find((r) => r.ok && r.scope === 'information');
  return {
    store: info && info.ok ? info.store : null,
    scopes: {
      customers: allowed.has('customers'),
      orders: allowed.has('orders'),
      products: allowed.has('products'),
      information: allowed.has('information'),
      shipments: allowed.has('orders'),
    },
    warnings,
  };
}

async function runProbe(client: BigCommerceClient, probe: Probe, options: RequestOptions): Promise<ProbeResult> {
  try {
    const response = await client.get(probe.path, probe.query, options);
    return { scope: probe.scope, ok: true, store: probe.check(response.body, client) };
  } catch (error) {
    if (isBigCommerceError(error)) return { scope: probe.scope, ok: false, error };
    throw error; // the caller aborted
  }
}

function checkWith(schema: Parameters<typeof parseWire>[0], path: string, emptyIsFine = false) {
  return (body: unknown): null => {
    if (body === null && emptyIsFine) return null;
    parseWire(schema, body, path);
    return null;
  };
}
