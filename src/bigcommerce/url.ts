/**
 * Builds request URLs. The store hash is validated before it gets here (store-hash.ts) and the
 * path must be a plain `/v2/...` or `/v3/...` path, so no caller can reach another host or
 * climb out of `/stores/{hash}`.
 */
import type { QueryParams } from './logging.js';

const PATH = /^\/v[23](?:\/[A-Za-z0-9_:-]+)+$/;

export function isApiPath(path: string): boolean {
  return PATH.test(path);
}

/**
 * `email:in=a@x.com,b@x.com` and `sort=date_created:desc` are how BigCommerce documents its
 * parameters, so `:` (legal in a query) and the commas between list items stay literal;
 * everything else (notably `+` and `@` in emails, and a comma inside one item) is
 * percent-encoded.
 */
export function buildQueryString(query: QueryParams): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const encodedValue = Array.isArray(value)
      ? value.map(encode).join(',')
      : encode(value as string | number | boolean);
    parts.push(`${encode(key)}=${encodedValue}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function encode(value: string | number | boolean): string {
  return encodeURIComponent(String(value)).replace(/%3A/gi, ':');
}

export function buildUrl(apiUrl: string, storeHash: string, path: string, query: QueryParams): string {
  return `${apiUrl}/stores/${storeHash}${path}${buildQueryString(query)}`;
}
