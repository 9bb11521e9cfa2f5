/**
 * Defaults and the single place where the environment is read.
 *
 * `apiUrl` resolution order: the explicit option (e.g. `--api-url`), then
 * `process.env.BIGCOMMERCE_API_URL`, then {@link DEFAULT_API_URL}. Nothing else in
 * `src/bigcommerce/` looks at `process.env`, so tests and the simulator can point a client
 * anywhere by passing `apiUrl`.
 */
import { BigCommerceError } from './errors.js';

export const DEFAULT_API_URL = 'https://api.bigcommerce.com';
export const API_URL_ENV = 'BIGCOMMERCE_API_URL';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY_BASE_DELAY_MS = 250;
/** Backoff never grows past this, however many retries are configured. */
export const MAX_RETRY_DELAY_MS = 10_000;
/** A server-announced wait longer than this is clamped: a bad header must not stall us for hours. */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;
export const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_USER_AGENT = 'snoooz-bigcommerce-client/0.1 (read-only)';

/** BigCommerce caps page sizes at 250 (v3 everywhere; v2 documented on its other collections). */
export const MAX_PAGE_SIZE = 250;
/** Never follow more pages than this in one call: protects against servers that ignore `page`. */
export const MAX_PAGES = 200;

/**
 * Returns a normalised base URL without a trailing slash. Throws `bad_request` for anything that
 * is not a plain http(s) URL: credentials, a query or a fragment would end up in every request.
 */
export function resolveApiUrl(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = option?.trim() || env[API_URL_ENV]?.trim() || DEFAULT_API_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidApiUrl();
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) throw invalidApiUrl();
  if (url.search || url.hash) throw invalidApiUrl();
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** True for hosts where plain http cannot leak the token onto a network. */
export function isLoopbackUrl(apiUrl: string): boolean {
  const host = new URL(apiUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function invalidApiUrl(): BigCommerceError {
  return new BigCommerceError(
    'bad_request',
    `The BigCommerce API URL is not valid: set ${API_URL_ENV} or --api-url to an http(s) URL such as ${DEFAULT_API_URL}.`,
  );
}
