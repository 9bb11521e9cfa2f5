/**
 * `/v3/hooks`: webhook subscriptions, the one write BigCommerce's API offers that Snoooz uses.
 * Registrations are kept per store (and per token, as hooks belong to the API account that made
 * them) and recorded apart from write attempts to store data: they change no customer, order,
 * product or inventory record. Any valid token may manage its own hooks; no store-data scope is
 * needed. Bodies follow the documented shape `{scope, destination, is_active, headers}`.
 */
import type { Reply } from '../http/reply.js';
import { json, v3Error } from '../http/reply.js';

export interface SimHook {
  id: number;
  client_id: string;
  store_hash: string;
  scope: string;
  destination: string;
  is_active: boolean;
  headers: Record<string, string> | null;
  created_at: number;
  updated_at: number;
}

export const HOOKS_PATH = /^\/v3\/hooks(?:\/(\d+))?$/;

/** The hooks of every store, by store hash. */
export class HookRegistry {
  private readonly hooks = new Map<string, SimHook[]>();
  private nextId = 1;

  list(storeHash: string): SimHook[] {
    return this.hooks.get(storeHash) ?? [];
  }

  handle(input: { storeHash: string; clientId: string; method: string; id: number | null; body: string }): Reply {
    const own = this.list(input.storeHash).filter((h) => h.client_id === input.clientId);
    const found = input.id === null ? null : (own.find((h) => h.id === input.id) ?? null);
    const now = Math.floor(Date.now() / 1000);
    switch (input.method) {
      case 'GET':
      case 'HEAD':
        if (input.id === null) return json({ data: own.map(view), meta: {} });
        return found ? json({ data: view(found), meta: {} }) : v3Error(404, 'Webhook not found');
      case 'POST': {
        if (input.id !== null) return v3Error(405, 'Method Not Allowed');
        const parsed = parseBody(input.body, true);
        if ('error' in parsed) return parsed.error;
        const fields = parsed.fields;
        if (own.some((h) => h.scope === fields.scope && h.destination === fields.destination)) {
          return v3Error(422, 'A webhook with this scope and destination already exists.');
        }
        const hook: SimHook = {
          id: this.nextId++,
          client_id: input.clientId,
          store_hash: input.storeHash,
          scope: fields.scope ?? '',
          destination: fields.destination ?? '',
          is_active: fields.is_active ?? true,
          headers: fields.headers ?? null,
          created_at: now,
          updated_at: now,
        };
        this.hooks.set(input.storeHash, [...this.list(input.storeHash), hook]);
        return json({ data: view(hook), meta: {} });
      }
      case 'PUT': {
        if (!found) return v3Error(404, 'Webhook not found');
        const parsed = parseBody(input.body, false);
        if ('error' in parsed) return parsed.error;
        Object.assign(found, parsed.fields, { updated_at: now });
        return json({ data: view(found), meta: {} });
      }
      case 'DELETE': {
        if (!found) return v3Error(404, 'Webhook not found');
        this.hooks.set(
          input.storeHash,
          this.list(input.storeHash).filter((h) => h !== found),
        );
        return json({ data: view(found), meta: {} });
      }
      default:
        return v3Error(405, 'Method Not Allowed');
    }
  }
}

type HookFields = Partial<Pick<SimHook, 'scope' | 'destination' | 'is_active' | 'headers'>>;

function parseBody(text: string, create: boolean): { fields: HookFields } | { error: Reply } {
  let body: unknown;
  try {
    body = JSON.parse(text || 'null');
  } catch {
    return { error: v3Error(400, 'The request body is not valid JSON.') };
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { error: v3Error(400, 'Expected an object.') };
  const b = body as Record<string, unknown>;
  const fields: HookFields = {};
  if (b.scope !== undefined) {
    if (typeof b.scope !== 'string' || !/^store\/[a-z_/*]+$/.test(b.scope)) return invalid('scope');
    fields.scope = b.scope;
  }
  if (b.destination !== undefined) {
    // BigCommerce only delivers to HTTPS on port 443.
    if (typeof b.destination !== 'string') return invalid('destination');
    let url: URL;
    try {
      url = new URL(b.destination);
    } catch {
      return invalid('destination');
    }
    if (url.protocol !== 'https:' || (url.port !== '' && url.port !== '443')) return invalid('destination');
    fields.destination = b.destination;
  }
  if (b.is_active !== undefined) {
    if (typeof b.is_active !== 'boolean') return invalid('is_active');
    fields.is_active = b.is_active;
  }
  if (b.headers !== undefined && b.headers !== null) {
    if (
      typeof b.headers !== 'object' ||
      Array.isArray(b.headers) ||
      !Object.values(b.headers).every((v) => typeof v === 'string')
    ) {
      return invalid('headers');
    }
    fields.headers = b.headers as Record<string, string>;
  }
  if (create && (fields.scope === undefined || fields.destination === undefined)) {
    return invalid(fields.scope === undefined ? 'scope' : 'destination');
  }
  return { fields };
}

function invalid(field: string): { error: Reply } {
  return { error: v3Error(422, `The field "${field}" is invalid.`) };
}

function view(hook: SimHook): SimHook {
  return { ...hook, headers: hook.headers ? { ...hook.headers } : null };
}
