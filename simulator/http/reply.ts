/** What a route hands back; `server.ts` adds headers, latency and gzip. */
export type ApiVersion = 'v2' | 'v3';

export interface Reply {
  status: number;
  /** JSON-serialised unless `raw` is set; omitted for 204. */
  body?: unknown;
  /** A pre-rendered body (e.g. an HTML error page) with its content type. */
  raw?: { text: string; contentType: string };
  headers?: Record<string, string>;
}

/** The status-code page every error `type` points at (written out in full, as BigCommerce does). */
export const STATUS_TYPE = 'https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes';

export const json = (body: unknown, status = 200): Reply => ({ status, body });
export const noContent = (): Reply => ({ status: 204 });

/** v3 errors are objects. */
export function v3Error(status: number, title: string, type: string = STATUS_TYPE): Reply {
  return { status, body: { status, title, type, errors: {} } };
}

/** v2 errors are arrays of `{status, message}`. */
export function v2Error(status: number, message: string): Reply {
  return { status, body: [{ status, message }] };
}

export function errorFor(version: ApiVersion | null, status: number, message: string): Reply {
  return version === 'v2' ? v2Error(status, message) : v3Error(status, message);
}

export const SCOPE_TITLE = "You don't have a required scope to access the endpoint";
/** Missing scope, wrong store, malformed hash, and writes with a read-only token: identical on v2 and v3. */
export const scopeError = (): Reply => v3Error(403, SCOPE_TITLE);
/** The exact 401 body is unrecorded; the v3 object shape is the documented suggestion. */
export const unauthorized = (): Reply => v3Error(401, 'Unauthorized: a valid X-Auth-Token header is required');
export const notFoundV2 = (): Reply => v2Error(404, 'The requested resource was not found.');
export const notFoundV3 = (title = 'The resource at that URL is not found.'): Reply => v3Error(404, title);
export const notFound = (version: ApiVersion | null): Reply => (version === 'v2' ? notFoundV2() : notFoundV3());

export function invalidFilters(names: string[]): Reply {
  return v3Error(422, `The filter(s): ${names.join(', ')} are not valid filter parameter(s).`);
}

/** The spec's 429 body carries a relative `type`. */
export function tooManyRequests(): Reply {
  return v3Error(429, 'Too many requests', '/api-docs/getting-started/api-status-codes');
}

export function htmlError(status: number): Reply {
  const text =
    `<!DOCTYPE html>\n<html><head><title>${status} Server Error</title></head>` +
    `<body><h1>${status} Server Error</h1><p>The server encountered an error and could not complete your request.</p></body></html>\n`;
  return { status, raw: { text, contentType: 'text/html; charset=UTF-8' } };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  429: 'Too many requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  507: 'Insufficient Storage',
};

export function statusReply(version: ApiVersion | null, status: number): Reply {
  if (status === 403) return scopeError();
  if (status === 429) return tooManyRequests();
  return errorFor(version, status, REASONS[status] ?? `HTTP ${status}`);
}
