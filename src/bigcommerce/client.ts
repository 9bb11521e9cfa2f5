/**
 * The low-level BigCommerce client. Read-only by construction: `get` is its only operation and
 * the fetch call below hard-codes the GET method; there is no generic "request" to misuse.
 *
 * Each call: validate path → wait for a rate-limit slot → take a concurrency slot → fetch with a
 * per-attempt timeout → record rate-limit headers → classify (status first, body second) →
 * retry network errors, timeouts, 5xx and 429 with backoff → return or throw BigCommerceError.
 */
import pLimit from 'p-limit';
import type { RequestOptions } from '../shared/store-data.js';
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_RETRIES,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_USER_AGENT,
  isLoopbackUrl,
  resolveApiUrl,
} from './config.js';
import {
  BigCommerceError,
  badRequestError,
  invalidResponseError,
  invalidTokenError,
  missingScopeError,
  notFoundError,
  rateLimitedError,
  redact,
  safeCause,
  timeoutError,
  unavailableError,
  type BigCommerceScope,
} from './errors.js';
import { loggableQuery, maskEmails, silentLogger, type BigCommerceLogger, type QueryParams } from './logging.js';
import { InMemoryRateLimitState, readRateLimitHeaders, retryAfterMs, type RateLimitState } from './rate-limit.js';
import { backoffDelay, isRetryableStatus, sleep } from './retry.js';
import { parseStoreHash } from './store-hash.js';
import { buildUrl, isApiPath } from './url.js';

export interface BigCommerceClientOptions {
  /** A bare hash, a pasted API URL, or the control-panel host; see parseStoreHash. */
  storeHash: string;
  accessToken: string;
  /** Default: `BIGCOMMERCE_API_URL`, then https://api.bigcommerce.com (see config.ts). */
  apiUrl?: string;
  fetch?: typeof fetch;
  /** Per attempt, including reading the body. Default 10 000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, for network errors, timeouts, 5xx and 429. Default 3. */
  maxRetries?: number;
  /** First backoff step; doubles per retry (with jitter). Default 250 ms. */
  retryBaseDelayMs?: number;
  /** Requests in flight at once for this client (one client per store). Default 8. */
  concurrency?: number;
  /** Share one across clients (or processes) of the same store. Default: a fresh in-memory one. */
  rateLimitState?: RateLimitState;
  logger?: BigCommerceLogger;
  userAgent?: string;
}

export interface BigCommerceResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for 204 / an empty body. */
  body: unknown;
}

export interface BigCommerceClient {
  readonly storeHash: string;
  readonly apiUrl: string;
  /** `path` is relative to /stores/{hash}, e.g. "/v2/orders" or "/v3/customers". */
  get(path: string, query?: QueryParams, options?: RequestOptions): Promise<BigCommerceResponse>;
}

type Attempt =
  | { kind: 'response'; status: number; headers: Headers; text: string }
  | { kind: 'timeout' }
  | { kind: 'network'; error: unknown };

/** Visible ASCII only: anything else cannot be a BigCommerce token and would make fetch throw (echoing it). */
const TOKEN = /^[\x21-\x7e]+$/;

export function createBigCommerceClient(options: BigCommerceClientOptions): BigCommerceClient {
  const storeHash = parseStoreHash(options.storeHash);
  const apiUrl = resolveApiUrl(options.apiUrl);
  const token = typeof options.accessToken === 'string' ? options.accessToken.trim() : '';
  if (!TOKEN.test(token)) throw invalidTokenError();
  const secrets = [token];

  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = positive(options.timeoutMs, DEFAULT_TIMEOUT_MS);
  const maxRetries = nonNegativeInt(options.maxRetries, DEFAULT_MAX_RETRIES);
  const baseDelayMs = nonNegative(options.retryBaseDelayMs, DEFAULT_RETRY_BASE_DELAY_MS);
  const limit = pLimit(Math.max(1, nonNegativeInt(options.concurrency, DEFAULT_CONCURRENCY)));
  const rateLimit = options.rateLimitState ?? new InMemoryRateLimitState();
  const logger = options.logger ?? silentLogger;
  const userAgent = options.userAgent?.trim() || DEFAULT_USER_AGENT;

  if (!apiUrl.startsWith('https:') && !isLoopbackUrl(apiUrl)) {
    logger.warn(
      { store: storeHash, apiUrl },
      'BigCommerce API URL is plain http: the access token travels unencrypted',
    );
  }

  async function attempt(url: string, callerSignal: AbortSignal | undefined): Promise<Attempt> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
    try {
      const response = await fetchImpl(url, {
        method: 'GET',
        headers: { 'X-Auth-Token': token, Accept: 'application/json', 'User-Agent': userAgent },
        // A redirect would carry X-Auth-Token (a custom header fetch does not strip) to another host.
        redirect: 'manual',
        signal,
      });
      // Read the body inside the same timeout; a 204 has none by definition.
      const text = response.status === 204 ? '' : await response.text();
      return { kind: 'response', status: response.status, headers: response.headers, text };
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (timeout.aborted) return { kind: 'timeout' };
      return { kind: 'network', error };
    }
  }

  async function get(path: string, query: QueryParams = {}, requestOptions: RequestOptions = {}) {
    if (!isApiPath(path)) {
      throw new BigCommerceError(
        'bad_request',
        'Snoooz built an invalid BigCommerce API path; this is a bug, please report it.',
      );
    }
    const url = buildUrl(apiUrl, storeHash, path, query);
    const signal = requestOptions.signal;
    const logContext = { store: storeHash, method: 'GET', path, query: loggableQuery(query) };

    for (let attemptNo = 1; ; attemptNo++) {
      signal?.throwIfAborted();
      const wait = await rateLimit.reserve(storeHash);
      if (wait > 0) {
        logger.debug({ ...logContext, waitMs: wait }, 'bigcommerce self-throttle');
        await sleep(wait, signal);
      }

      // Timed inside the concurrency slot: the duration is the request's, not the queue's.
      const { outcome, durationMs } = await limit(async () => {
        const started = performance.now();
        const result = await attempt(url, signal);
        return { outcome: result, durationMs: Math.round(performance.now() - started) };
      });
      const details = { path, attempts: attemptNo };
      const retriesLeft = attemptNo <= maxRetries;

      if (outcome.kind !== 'response') {
        logger.debug(
          { ...logContext, status: null, error: outcome.kind, durationMs, attempt: attemptNo },
          'bigcommerce request',
        );
        if (retriesLeft) {
          await retryAfter(backoffDelay(attemptNo - 1, baseDelayMs), outcome.kind, attemptNo, signal);
          continue;
        }
        if (outcome.kind === 'timeout') throw timeoutError(timeoutMs, details);
        throw unavailableError({ ...details, cause: safeCause(outcome.error, secrets) });
      }

      const { status, headers, text } = outcome;
      logger.debug({ ...logContext, status, durationMs, attempt: attemptNo }, 'bigcommerce request');
      const observed = readRateLimitHeaders(headers);

      if (status === 429) {
        const waitMs = retryAfterMs(headers);
        // Tell the shared state the quota is gone so every other request waits too. A 429 without
        // a wait means platform load rather than our quota: only this request backs off.
        if (waitMs !== null) await rateLimit.record(storeHash, { ...observed, left: 0, resetMs: waitMs });
        if (retriesLeft) {
          await retryAfter(waitMs ?? backoffDelay(attemptNo - 1, baseDelayMs), 'HTTP 429', attemptNo, signal);
          continue;
        }
        throw rateLimitedError({ ...details, status });
      }
      await rateLimit.record(storeHash, observed);

      if (status >= 200 && status < 300) return { status, headers, body: parseBody(status, headers, text, path) };
      if (isRetryableStatus(status)) {
        if (retriesLeft) {
          await retryAfter(backoffDelay(attemptNo - 1, baseDelayMs), `HTTP ${status}`, attemptNo, signal);
          continue;
        }
        throw unavailableError({ ...details, status });
      }
      throw errorForStatus(status, text, { ...details, status });
    }

    async function retryAfter(delayMs: number, reason: string, attemptNo: number, signal?: AbortSignal) {
      logger.warn({ ...logContext, reason, attempt: attemptNo, delayMs }, 'bigcommerce request will be retried');
      await sleep(delayMs, signal);
    }
  }

  function errorForStatus(status: number, text: string, details: { path: string; attempts: number; status: number }) {
    if (status === 401) return invalidTokenError(details);
    if (status === 403) {
      const scope = scopeForPath(details.path);
      // BigCommerce also answers 403 when the hash does not match the token.
      return missingScopeError(scope ? [scope] : [], details, { mayBeWrongHash: true });
    }
    if (status === 404) return notFoundError(details);
    if (status >= 300 && status < 400) return invalidResponseError(`redirect HTTP ${status}`, details);
    return badRequestError(errorDetail(text, secrets), details);
  }

  function parseBody(status: number, headers: Headers, text: string, path: string): unknown {
    if (status === 204 || text.trim() === '') return null;
    const type = headers.get('content-type') ?? '';
    if (/html/i.test(type)) throw invalidResponseError('HTML instead of JSON', { path, status });
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw invalidResponseError('not JSON', { path, status });
    }
  }

  return Object.freeze({ storeHash, apiUrl, get });
}

/** Which read scope guards a path; used to name the missing scope on a 403. */
export function scopeForPath(path: string): BigCommerceScope | null {
  if (path.startsWith('/v3/customers') || path.startsWith('/v2/customers')) return 'customers';
  if (path.startsWith('/v2/orders') || path.startsWith('/v2/order_statuses')) return 'orders';
  if (path.startsWith('/v3/catalog') || path.startsWith('/v2/products')) return 'products';
  if (path === '/v2/store' || path === '/v2/time' || path.startsWith('/v3/settings')) return 'information';
  return null;
}

/**
 * The human part of an error body (v3 `title`, v2 `[{message}]`), one line, without emails or the
 * token, or null when the body is not JSON (5xx pages can be HTML; we never show those).
 */
function errorDetail(text: string, secrets: readonly string[]): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  const first: unknown = Array.isArray(body) ? body[0] : body;
  if (!first || typeof first !== 'object') return null;
  const record = first as Record<string, unknown>;
  const detail = [record.title, record.message, record.detail].find((value) => typeof value === 'string');
  if (typeof detail !== 'string' || detail.trim() === '') return null;
  return redact(maskEmails(detail.replace(/\s+/g, ' ').trim()), secrets).slice(0, 160);
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function nonNegativeInt(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}
