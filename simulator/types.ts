/** The simulator's public types (re-exported from `index.ts`; other folders depend on these names). */
import type { SimToken } from './http/auth.js';
import type { SimFault } from './http/faults.js';
import type { SimHook } from './routes/hooks.js';
import type { StoreData } from './store-data.js';

export interface SimStoreConfig {
  data: StoreData;
  /** Defaults to `DEFAULT_TOKEN` with every read scope. */
  tokens?: SimToken[];
}

export interface SimulatorOptions {
  stores: SimStoreConfig[];
  /** Default 0 (a random free port); the host is always 127.0.0.1. */
  port?: number;
  /** Added to every response (default 0). */
  latencyMs?: number;
  /** For v3 `email:in` and v2 `email` (default case-insensitive; BigCommerce does not document it). */
  emailMatch?: 'case-insensitive' | 'case-sensitive';
  /** Per store; default `{ quota: 150, windowMs: 30000 }` (Standard plan); `null` = unlimited. */
  rateLimit?: { quota: number; windowMs: number } | null;
  /** Request log sink, one line per request; never sees the token. */
  logger?: (line: string) => void;
}

export interface SimRequestLog {
  method: string;
  /** The path after `/stores/{hash}` (e.g. `/v2/orders/101/shipments`); the full path when not under `/stores/`. */
  path: string;
  /** The raw query string without `?` (still percent-encoded). */
  query: string;
  /** 0 while unanswered, or when a fault hung or reset the connection. */
  status: number;
  storeHash: string;
  /** Arrival time, ms since the epoch. */
  at: number;
}

export interface Simulator {
  /** e.g. http://127.0.0.1:41234 (clients call `${url}/stores/{hash}/v3/...`). */
  url: string;
  /** The hashes of the stores it serves, in the order given. */
  storeHashes: string[];
  requests: SimRequestLog[];
  /** Every POST/PUT/PATCH/DELETE (or other non-GET/HEAD) request to store data; all are refused. */
  writeAttempts: SimRequestLog[];
  /** Every non-GET to `/v3/hooks` (webhook registrations: they change no store data). */
  hookRequests: SimRequestLog[];
  /** The webhook subscriptions registered on a store (copies). */
  hooks(hash: string): SimHook[];
  addFault(fault: SimFault): void;
  clearFaults(): void;
  setLatency(ms: number): void;
  resetLog(): void;
  /** Live data: mutations show in later responses. */
  store(hash: string): StoreData;
  close(): Promise<void>;
}

export type { SimFault, SimHook, SimToken, StoreData };
