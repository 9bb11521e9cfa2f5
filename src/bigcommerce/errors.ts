/**
 * BigCommerce failures as one typed error with a stable `code`.
 *
 * Messages are one line addressed to the merchant ("what to check"). They are built here from
 * facts we control (status, scope, path without query) so the access token can never reach a
 * message, a `cause`, or a stack: causes from lower layers are copied into fresh, redacted
 * errors by {@link safeCause} instead of being attached as they are.
 */
import { AppError } from '../shared/errors.js';

export type BigCommerceErrorCode =
  | 'invalid_store_hash'
  | 'invalid_token'
  | 'missing_scope'
  | 'not_found'
  | 'rate_limited'
  | 'unavailable'
  | 'timeout'
  | 'invalid_response'
  | 'bad_request';

/** The read scopes Snoooz needs, by the name the merchant sees in the API-account form. */
export type BigCommerceScope = 'customers' | 'orders' | 'products' | 'information';

export const SCOPE_LABELS: Record<BigCommerceScope, { label: string; oauth: string }> = {
  customers: { label: 'Customers', oauth: 'store_v2_customers_read_only' },
  orders: { label: 'Orders', oauth: 'store_v2_orders_read_only' },
  products: { label: 'Products', oauth: 'store_v2_products_read_only' },
  information: { label: 'Information & Settings', oauth: 'store_v2_information_read_only' },
};

const RETRYABLE: ReadonlySet<BigCommerceErrorCode> = new Set(['rate_limited', 'unavailable', 'timeout']);

export interface BigCommerceErrorDetails {
  /** HTTP status of the last response, when there was one. */
  status?: number;
  scope?: BigCommerceScope;
  /** Every missing required scope (connection test); `scope` is the first of them. */
  missingScopes?: BigCommerceScope[];
  /** API path without the query string (queries can hold customer emails). */
  path?: string;
  /** How many requests were sent before giving up. */
  attempts?: number;
  /** Must already be safe: pass it through {@link safeCause}. */
  cause?: Error;
}

export class BigCommerceError extends AppError {
  override readonly code: BigCommerceErrorCode;
  readonly status: number | null;
  readonly scope: BigCommerceScope | null;
  readonly missingScopes: BigCommerceScope[];
  readonly path: string | null;
  readonly attempts: number | null;

  constructor(code: BigCommerceErrorCode, message: string, details: BigCommerceErrorDetails = {}) {
    super(code, oneLine(message), { cause: details.cause, retryable: RETRYABLE.has(code) });
    this.name = 'BigCommerceError';
    this.code = code;
    this.status = details.status ?? null;
    this.scope = details.scope ?? details.missingScopes?.[0] ?? null;
    this.missingScopes = details.missingScopes ?? (details.scope ? [details.scope] : []);
    this.path = details.path ?? null;
    this.attempts = details.attempts ?? null;
  }
}

export function isBigCommerceError(error: unknown, code?: BigCommerceErrorCode): error is BigCommerceError {
  return error instanceof BigCommerceError && (code === undefined || error.code === code);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Replaces every occurrence of each secret; short strings are skipped so messages stay readable. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/**
 * A copy of a lower-level error that keeps only what helps diagnosis (name, one-line message,
 * `code` such as ECONNREFUSED), redacted. The original — which may reference request headers —
 * is dropped.
 */
export function safeCause(error: unknown, secrets: readonly string[]): Error | undefined {
  if (error === undefined || error === null) return undefined;
  const source = error instanceof Error ? error : new Error(String(error));
  const nested = source.cause instanceof Error ? source.cause : undefined;
  const parts = [source.message, nested?.message].filter((part): part is string => Boolean(part));
  const copy = new Error(redact(oneLine(parts.join(': ')), secrets).slice(0, 300));
  copy.name = source.name;
  const code = errorCode(source) ?? (nested ? errorCode(nested) : undefined);
  if (code) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  // The stack of the copy is ours (created above); drop it to keep logs short and certainly clean.
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

function errorCode(error: Error): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

// ---- messages: one line each, telling the merchant what to check -------------------------------

export function invalidStoreHashError(): BigCommerceError {
  return new BigCommerceError(
    'invalid_store_hash',
    'The store hash is not valid: use the lower-case letters and digits from your API path, e.g. abc123def from https://api.bigcommerce.com/stores/abc123def/v3/.',
  );
}

export function storeHashMismatchError(details: BigCommerceErrorDetails = {}): BigCommerceError {
  return new BigCommerceError(
    'invalid_store_hash',
    'The store hash does not match this token: copy the hash from the API path shown with the token (…/stores/{hash}/v3/).',
    details,
  );
}

export function invalidTokenError(details: BigCommerceErrorDetails = {}): BigCommerceError {
  return new BigCommerceError(
    'invalid_token',
    'BigCommerce rejected the access token: check it was copied in full and that the API account was not deleted or its token regenerated.',
    details,
  );
}

export function missingScopeError(
  scopes: BigCommerceScope[],
  details: BigCommerceErrorDetails = {},
  options: { mayBeWrongHash?: boolean } = {},
): BigCommerceError {
  const names = scopes.map((scope) => `${SCOPE_LABELS[scope].label} (${SCOPE_LABELS[scope].oauth})`).join(' and ');
  const what = scopes.length > 0 ? `the ${names} read scope${scopes.length > 1 ? 's' : ''}` : 'a required read scope';
  const hashHint = options.mayBeWrongHash ? ', and that the store hash matches the token' : '';
  return new BigCommerceError(
    'missing_scope',
    `The API account lacks ${what}: in BigCommerce, give the API account read-only access to it${hashHint}.`,
    { ...details, missingScopes: scopes },
  );
}

export function notFoundError(details: BigCommerceErrorDetails = {}): BigCommerceError {
  return new BigCommerceError(
    'not_found',
    `BigCommerce has no such record${details.path ? ` (${details.path})` : ''}: check the id, or that the store hash is right.`,
    details,
  );
}

export function rateLimitedError(details: BigCommerceErrorDetails = {}): BigCommerceError {
  return new BigCommerceError(
    'rate_limited',
    'BigCommerce is rate-limiting this store and retries ran out: try again in a minute, or reduce other apps’ API use on the store.',
    details,
  );
}

export function unavailableError(details: BigCommerceErrorDetails = {}): BigCommerceError {
  const what = details.status ? `answered HTTP ${details.status}` : 'could not be reached';
  return new BigCommerceError(
    'unavailable',
    `BigCommerce ${what}${attemptsText(details)}: check status.bigcommerce.com, your network and the API URL, then try again.`,
    details,
  );
}

export function timeoutError(timeoutMs: number, details: BigCommerceErrorDetails = {}): BigCommerceError {
  return new BigCommerceError(
    'timeout',
    `BigCommerce did not answer within ${formatMs(timeoutMs)}${attemptsText(details)}: check your network and status.bigcommerce.com, then try again.`,
    details,
  );
}

export function invalidResponseError(reason: string, details: BigCommerceErrorDetails = {}): BigCommerceError {
  return new BigCommerceError(
    'invalid_response',
    `BigCommerce sent a response Snoooz cannot read (${reason}${details.path ? ` on ${details.path}` : ''}): check the API URL points at BigCommerce.`,
    details,
  );
}

export function badRequestError(detail: string | null, details: BigCommerceErrorDetails = {}): BigCommerceError {
  const status = details.status ? `HTTP ${details.status}` : 'bad request';
  return new BigCommerceError(
    'bad_request',
    `BigCommerce refused the request (${status}${detail ? `: ${detail}` : ''}): check the values sent, such as ids and emails.`,
    details,
  );
}

function attemptsText(details: BigCommerceErrorDetails): string {
  return details.attempts && details.attempts > 1 ? ` after ${details.attempts} attempts` : '';
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
