/**
 * A request waterfall for one context build: each store call with when it started and ended, and
 * its wave (1 + the latest wave that had ended before it started, i.e. how many round trips it
 * waited for). `snoooz draft --trace` prints it, so a change that adds a round trip is visible.
 */
import { performance } from 'node:perf_hooks';
import type { StoreDataSource } from '../shared/store-data.js';

export interface TracedRequest {
  /** The store call, e.g. `listOrders`. */
  call: string;
  /** What it asked for (an order id, `email`, `customerId 12`), never a token. */
  target: string;
  startMs: number;
  endMs: number;
  ok: boolean;
  wave: number;
}

export interface StoreTrace {
  store: StoreDataSource;
  /** Requests so far, in start order, with their waves. */
  requests(): TracedRequest[];
  /** The deepest wave: the round trips the build took. */
  roundTrips(): number;
}

const TRACED: readonly (keyof StoreDataSource)[] = [
  'getStoreInfo',
  'findCustomersByEmail',
  'listOrders',
  'getOrder',
  'listOrderProducts',
  'listOrderShipments',
  'listOrderShippingAddresses',
  'getProductsByIds',
  'listOrderStatuses',
  'searchProducts',
  'getCustomerById',
];

export function traceStore(store: StoreDataSource): StoreTrace {
  const origin = performance.now();
  const log: Omit<TracedRequest, 'wave'>[] = [];
  const wrappers = new Map<PropertyKey, unknown>();
  for (const name of TRACED) {
    const method = store[name] as ((...args: unknown[]) => Promise<unknown>) | undefined;
    if (typeof method !== 'function') continue;
    wrappers.set(name, async (...args: unknown[]) => {
      const entry = {
        call: name,
        target: describeTarget(name, args[0]),
        startMs: performance.now() - origin,
        endMs: 0,
        ok: false,
      };
      log.push(entry);
      try {
        const result = await method.apply(store, args);
        entry.ok = true;
        return result;
      } finally {
        entry.endMs = performance.now() - origin;
      }
    });
  }
  // A new object (the store may be frozen): every other member is the store's own, bound to it.
  const traced: Record<PropertyKey, unknown> = {};
  for (const key of memberNames(store)) {
    const value = (store as unknown as Record<PropertyKey, unknown>)[key];
    traced[key] = wrappers.get(key) ?? (typeof value === 'function' ? value.bind(store) : value);
  }
  const requests = (): TracedRequest[] => {
    const sorted = [...log].sort((a, b) => a.startMs - b.startMs);
    const out: TracedRequest[] = [];
    for (const entry of sorted) {
      const before = out.filter((done) => done.endMs > 0 && done.endMs <= entry.startMs);
      out.push({ ...entry, wave: 1 + Math.max(0, ...before.map((done) => done.wave)) });
    }
    // Times from the first request, so parsing and understanding the email are not counted.
    const first = out[0]?.startMs ?? 0;
    return out.map((r) => ({ ...r, startMs: round(r.startMs - first), endMs: round(r.endMs - first) }));
  };
  return {
    store: traced as unknown as StoreDataSource,
    requests,
    roundTrips: () => Math.max(0, ...requests().map((r) => r.wave)),
  };
}

function describeTarget(call: string, arg: unknown): string {
  if (call === 'listOrders' && arg && typeof arg === 'object') {
    const query = arg as { email?: string; customerId?: number };
    if (query.customerId !== undefined) return `customerId ${query.customerId}`;
    if (query.email !== undefined) return 'billing email';
  }
  if (call === 'findCustomersByEmail') return 'email';
  if (typeof arg === 'number' || (typeof arg === 'string' && call === 'searchProducts')) return String(arg);
  if (Array.isArray(arg)) return arg.join(',');
  return '';
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function memberNames(object: object): Set<PropertyKey> {
  const names = new Set<PropertyKey>();
  for (let o: object | null = object; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null)
    for (const key of Reflect.ownKeys(o)) if (key !== 'constructor') names.add(key);
  return names;
}
