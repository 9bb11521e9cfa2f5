/** What every route handler receives, and the paging rules shared by v2 and v3 lists. */
import type { ScopeFamily } from '../http/auth.js';
import type { ApiVersion, Reply } from '../http/reply.js';
import { v2Error, v3Error } from '../http/reply.js';
import type { EmailMatch, StoreView } from '../store-index.js';
import type { StoreData } from '../store-data.js';
import type { RenderContext } from '../wire/orders.js';

export interface RouteContext {
  data: StoreData;
  index: StoreView;
  render: RenderContext;
  query: URLSearchParams;
  /** Capture groups of the route pattern (e.g. the order id). */
  params: string[];
  emailMatch: EmailMatch;
}

export interface Route {
  version: ApiVersion;
  /** Matched against the path after `/stores/{hash}`, anchored. */
  pattern: RegExp;
  /** `null` = any valid token for the store (only `/v2/time`). */
  scope: ScopeFamily | null;
  handle(ctx: RouteContext): Reply;
}

export const MAX_LIMIT = 250;
export const DEFAULT_LIMIT = 50;

/** A strictly positive integer query value, `fallback` when absent, `null` when malformed. */
export function positiveInt(query: URLSearchParams, name: string, fallback: number): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= 1 ? value : null;
}

export interface Paging {
  page: number;
  limit: number;
}

/**
 * `page`/`limit` for either API. Above 250 is capped (the documented max; what BigCommerce does
 * beyond it is unrecorded). Malformed values are a client bug worth surfacing: 400 (v2) / 422 (v3).
 */
export function paging(query: URLSearchParams, version: ApiVersion): Paging | Reply {
  const page = positiveInt(query, 'page', 1);
  const limit = positiveInt(query, 'limit', DEFAULT_LIMIT);
  for (const [name, value] of [
    ['page', page],
    ['limit', limit],
  ] as const) {
    if (value === null) {
      return version === 'v2'
        ? v2Error(400, `The field '${name}' is invalid.`)
        : v3Error(422, `The following fields are invalid: ${name}`);
    }
  }
  return { page: page ?? 1, limit: Math.min(limit ?? DEFAULT_LIMIT, MAX_LIMIT) };
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'status' in value;
}

export function pageSlice<T>(items: readonly T[], { page, limit }: Paging): T[] {
  return items.slice((page - 1) * limit, page * limit);
}
