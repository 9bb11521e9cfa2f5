/**
 * Walking BigCommerce collections. v2 is a bare array paged with `page`/`limit` and no totals:
 * stop on a short page or a 204. v3 wraps rows in `{data, meta.pagination}`: stop at
 * `total_pages`. Both are async generators so callers that need only N rows stop early.
 */
import type { z } from 'zod';
import type { RequestOptions } from '../shared/store-data.js';
import type { BigCommerceClient } from './client.js';
import { MAX_PAGES, MAX_PAGE_SIZE } from './config.js';
import { invalidResponseError } from './errors.js';
import type { QueryParams } from './logging.js';
import { v3List } from './schemas.js';

/** Validates a body; a mismatch is `invalid_response` naming the path (never the body: it may hold PII). */
export function parseWire<T extends z.ZodType>(schema: T, body: unknown, path: string): z.output<T> {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw invalidResponseError(`unexpected shape${where}`, { path });
  }
  return result.data;
}

export function pageSize(wanted: number): number {
  return Math.min(Math.max(Math.ceil(wanted), 1), MAX_PAGE_SIZE);
}

/** Rows of a v2 collection, page by page. `204 No Content` (empty or past the end) ends it. */
export async function* v2Pages<T extends z.ZodType>(
  client: BigCommerceClient,
  path: string,
  query: QueryParams,
  rowSchema: z.ZodArray<T>,
  perPage: number,
  options: RequestOptions = {},
): AsyncGenerator<z.output<T>[]> {
  const limit = pageSize(perPage);
  let previousFirst: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await client.get(path, { ...query, page, limit }, options);
    if (response.status === 204 || response.body === null) return;
    const rows = parseWire(rowSchema, response.body, path) as z.output<T>[];
    // A server that ignores `page` would hand us page 1 forever; a repeated page ends the walk.
    const first = rows.length > 0 ? JSON.stringify(rows[0]) : undefined;
    if (first !== undefined && first === previousFirst) return;
    previousFirst = first;
    if (rows.length > 0) yield rows;
    if (rows.length < limit) return;
  }
}

/** Rows of a v3 collection, page by page, following `meta.pagination`. */
export async function* v3Pages<T extends z.ZodType>(
  client: BigCommerceClient,
  path: string,
  query: QueryParams,
  rowSchema: T,
  perPage: number,
  options: RequestOptions = {},
): AsyncGenerator<z.output<T>[]> {
  const limit = pageSize(perPage);
  const envelope = v3List(rowSchema);
  for (let page = 1; page <= MAX_PAGES; page++) {
    const response = await client.get(path, { ...query, page, limit }, options);
    if (response.status === 204 || response.body === null) return;
    const { data, meta } = parseWire(envelope, response.body, path);
    const rows = data as z.output<T>[];
    if (rows.length > 0) yield rows;
    const pagination = meta?.pagination;
    const totalPages = pagination?.total_pages;
    const currentPage = pagination?.current_page ?? page;
    if (rows.length === 0) return;
    if (typeof totalPages === 'number' ? currentPage >= totalPages : rows.length < limit) return;
  }
}

/** Every row of a paged collection (for small per-order collections). */
export async function collectAll<T>(pages: AsyncGenerator<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const rows of pages) out.push(...rows);
  return out;
}
