/**
 * The store hash goes into every URL path, so it is validated against a strict alphabet before
 * use: with only [a-z0-9] allowed, no input can add a path segment, a query or another host.
 */
import { invalidStoreHashError } from './errors.js';

const HASH = /^[a-z0-9]{1,64}$/;
/** The control-panel host, e.g. store-abc123def.mybigcommerce.com. */
const CONTROL_PANEL_HOST = /^store-([a-z0-9]{1,64})\.mybigcommerce\.com$/;
/** An API path, e.g. /stores/abc123def/v3/customers (the host does not matter: only the hash is kept). */
const API_PATH = /^\/stores\/([a-z0-9]{1,64})(?:\/|$)/;

/**
 * Accepts a bare hash (`abc123def`), a pasted API URL or path
 * (`https://api.bigcommerce.com/stores/abc123def/v3/customers`, `/stores/abc123def/v3/`) or the
 * control-panel host (`store-abc123def.mybigcommerce.com`, with or without scheme and path), with
 * surrounding spaces. Returns the hash; throws `invalid_store_hash` for anything else. The input is
 * never echoed: a token pasted into the wrong field must not end up in a message.
 */
export function parseStoreHash(input: string): string {
  if (typeof input !== 'string') throw invalidStoreHashError();
  const text = input.trim();
  if (HASH.test(text)) return text;
  if (text === '' || /\s/.test(text)) throw invalidStoreHashError();

  const url = parseUrlish(text);
  if (url) {
    // Host names are case-insensitive (URL lower-cases them); path segments are not, so a
    // mixed-case hash in a path is rejected rather than guessed.
    const host = CONTROL_PANEL_HOST.exec(url.hostname);
    if (host?.[1]) return host[1];
    const path = API_PATH.exec(url.pathname);
    if (path?.[1]) return path[1];
  }
  throw invalidStoreHashError();
}

function parseUrlish(text: string): URL | null {
  try {
    if (/^https?:\/\//i.test(text)) return new URL(text);
    // A path without host, e.g. "/stores/abc123def/v3/customers".
    if (text.startsWith('/')) return new URL(text, 'https://api.bigcommerce.com');
    // A host without scheme, e.g. "store-abc.mybigcommerce.com/manage" or "api.bigcommerce.com/stores/abc/v3".
    if (/^[a-z0-9.-]+\.[a-z]{2,}(?:[/:]|$)/i.test(text)) return new URL(`https://${text}`);
  } catch {
    return null;
  }
  return null;
}
