/**
 * Webhook subscriptions of one store: the ONLY code in Snoooz that sends anything but GET to
 * BigCommerce, and it can reach nothing but `/v3/hooks` (see paths.ts). These requests change
 * Snoooz's own subscriptions, never customers, orders, products or inventory.
 *
 * `registerWebhooks` is idempotent: it reads the store's hooks, creates the scopes that have no
 * hook for our destination, and updates a hook for our destination whose secret header (or
 * active flag) differs. The secret travels as a header BigCommerce sends back with every
 * delivery; it is never part of an error or a log line.
 */
import { isLoopbackUrl, resolveApiUrl } from '../bigcommerce/config.js';
import { redact } from '../bigcommerce/errors.js';
import { parseStoreHash } from '../bigcommerce/store-hash.js';
import { WebhookError, errorForStatus } from './errors.js';
import { hooksPath } from './paths.js';

/** The header carrying the shared secret in every delivery. */
export const WEBHOOK_SECRET_HEADER = 'X-Snoooz-Webhook-Secret';
/** What Snoooz subscribes to: every order and shipment event (lightweight payloads). */
export const SNOOOZ_WEBHOOK_SCOPES = ['store/order/*', 'store/shipment/*'] as const;

const DEFAULT_TIMEOUT_MS = 10_000;
const MIN_SECRET_LENGTH = 24;

export interface HooksConnection {
  storeHash: string;
  accessToken: string;
  /** Default: `BIGCOMMERCE_API_URL`, then https://api.bigcommerce.com. */
  apiUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface RegisterInput extends HooksConnection {
  /** Must be HTTPS on port 443 (BigCommerce delivers nowhere else). */
  destination: string;
  secret: string;
  scopes?: readonly string[];
}

export interface Webhook {
  id: number;
  scope: string;
  destination: string;
  isActive: boolean;
  /** Whether the hook carries `secret` (only when one was given to `listWebhooks`). */
  secretMatches: boolean | null;
}

export interface RegisterResult {
  created: Webhook[];
  updated: Webhook[];
  unchanged: Webhook[];
}

interface RawHook {
  id: number;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
}

export async function listWebhooks(conn: HooksConnection, options: { secret?: string } = {}): Promise<Webhook[]> {
  const hooks = await rawList(conn);
  return hooks.map((hook) => toWebhook(hook, options.secret));
}

export async function registerWebhooks(input: RegisterInput): Promise<RegisterResult> {
  const destination = checkDestination(input.destination);
  checkSecret(input.secret);
  const scopes = [...new Set(input.scopes ?? SNOOOZ_WEBHOOK_SCOPES)];
  const existing = (await rawList(input)).filter((hook) => sameDestination(hook.destination, destination));
  const result: RegisterResult = { created: [], updated: [], unchanged: [] };
  const headers = { [WEBHOOK_SECRET_HEADER]: input.secret };
  for (const scope of scopes) {
    const hook = existing.find((h) => h.scope === scope);
    if (!hook) {
      const created = await send(input, 'POST', hooksPath(), { scope, destination, is_active: true, headers });
      result.created.push(toWebhook(created, input.secret));
    } else if (!hook.is_active || headerValue(hook.headers) !== input.secret) {
      const updated = await send(input, 'PUT', hooksPath(hook.id), { destination, is_active: true, headers });
      result.updated.push(toWebhook(updated, input.secret));
    } else {
      result.unchanged.push(toWebhook(hook, input.secret));
    }
  }
  return result;
}

/** Deletes our hooks: those for `destination` (default: every hook with our secret header). */
export async function removeWebhooks(
  conn: HooksConnection,
  match: { destination?: string; scopes?: readonly string[] } = {},
): Promise<Webhook[]> {
  const scopes = match.scopes ? new Set(match.scopes) : null;
  const ours = (await rawList(conn)).filter(
    (hook) =>
      (match.destination === undefined
        ? headerValue(hook.headers) !== null
        : sameDestination(hook.destination, match.destination)) &&
      (scopes === null || scopes.has(hook.scope)),
  );
  const removed: Webhook[] = [];
  for (const hook of ours) {
    await send(conn, 'DELETE', hooksPath(hook.id), undefined);
    removed.push(toWebhook(hook, undefined));
  }
  return removed;
}

/** BigCommerce delivers only to HTTPS on port 443; anything else would be accepted and never called. */
export function checkDestination(destination: string): string {
  let url: URL;
  try {
    url = new URL(destination);
  } catch {
    throw invalidDestination();
  }
  if (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443') || url.username || url.password) {
    throw invalidDestination();
  }
  return url.toString();
}

function invalidDestination(): WebhookError {
  return new WebhookError(
    'invalid_destination',
    'The webhook destination must be an https:// URL on port 443 (set SNOOOZ_PUBLIC_URL to the public HTTPS address of Snoooz).',
  );
}

function checkSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH || !/^[\x21-\x7e]+$/.test(secret)) {
    throw new WebhookError(
      'invalid_secret',
      `The webhook secret must be at least ${MIN_SECRET_LENGTH} visible ASCII characters.`,
    );
  }
}

function sameDestination(a: string, b: string): boolean {
  try {
    return new URL(a).toString() === new URL(b).toString();
  } catch {
    return a === b;
  }
}

function headerValue(headers: Record<string, string> | null): string | null {
  if (!headers) return null;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === WEBHOOK_SECRET_HEADER.toLowerCase());
  return key === undefined ? null : (headers[key] ?? null);
}

function toWebhook(hook: RawHook, secret: string | undefined): Webhook {
  return {
    id: hook.id,
    scope: hook.scope,
    destination: hook.destination,
    isActive: hook.is_active,
    secretMatches: secret === undefined ? null : headerValue(hook.headers) === secret,
  };
}

async function rawList(conn: HooksConnection): Promise<RawHook[]> {
  const body = await send(conn, 'GET', hooksPath(), undefined);
  if (!Array.isArray(body)) throw invalidResponse(hooksPath());
  return body.map((hook) => asHook(hook, hooksPath()));
}

function asHook(value: unknown, path: string): RawHook {
  const h = value as Partial<RawHook> | null;
  if (!h || typeof h.id !== 'number' || typeof h.scope !== 'string' || typeof h.destination !== 'string') {
    throw invalidResponse(path);
  }
  const headers =
    h.headers && typeof h.headers === 'object' && !Array.isArray(h.headers)
      ? Object.fromEntries(Object.entries(h.headers).filter((e): e is [string, string] => typeof e[1] === 'string'))
      : null;
  return { id: h.id, scope: h.scope, destination: h.destination, is_active: h.is_active !== false, headers };
}

function invalidResponse(path: string): WebhookError {
  return new WebhookError('invalid_response', `BigCommerce sent a webhook answer Snoooz cannot read (${path}).`);
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One request to a path from `hooksPath`; returns the unwrapped `data` of the v3 envelope. */
async function send(conn: HooksConnection, method: 'GET' | 'DELETE', path: string, body: undefined): Promise<unknown>;
async function send(conn: HooksConnection, method: 'POST' | 'PUT', path: string, body: object): Promise<RawHook>;
async function send(conn: HooksConnection, method: Method, path: string, body: object | undefined): Promise<unknown> {
  const storeHash = parseStoreHash(conn.storeHash);
  const apiUrl = resolveApiUrl(conn.apiUrl);
  if (apiUrl.startsWith('http:') && !isLoopbackUrl(apiUrl)) {
    throw new WebhookError('bad_request', 'The BigCommerce API URL must use https (plain http only on loopback).');
  }
  if (!/^[\x21-\x7e]+$/.test(conn.accessToken)) {
    throw new WebhookError('invalid_token', 'The access token has characters a BigCommerce token never has.');
  }
  const secrets = [conn.accessToken, ...secretOf(body)];
  const timeoutMs = conn.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch = conn.fetch ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(`${apiUrl}/stores/${storeHash}${path}`, {
      method,
      headers: {
        'X-Auth-Token': conn.accessToken,
        Accept: 'application/json',
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (error) {
    if ((error as { name?: string } | null)?.name === 'TimeoutError') {
      throw new WebhookError('timeout', `BigCommerce did not answer within ${timeoutMs} ms (${path}).`);
    }
    const reason = redact(error instanceof Error ? error.message : String(error), secrets).slice(0, 200);
    throw new WebhookError('unavailable', `BigCommerce could not be reached (${path}): ${reason}`);
  }
  if (!response.ok) throw errorForStatus(response.status, path, titleOf(text));
  if (method === 'DELETE' || response.status === 204 || text.trim() === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidResponse(path);
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (method === 'GET') return data;
  return asHook(data, path);
}

function secretOf(body: object | undefined): string[] {
  const headers = (body as { headers?: Record<string, string> } | undefined)?.headers;
  return headers ? Object.values(headers) : [];
}

function titleOf(text: string): string | null {
  try {
    const body = JSON.parse(text) as { title?: unknown } | null;
    return typeof body?.title === 'string' ? body.title.replace(/\s+/g, ' ') : null;
  } catch {
    return null;
  }
}
