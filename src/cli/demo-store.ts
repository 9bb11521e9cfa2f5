import { readFileSync, writeFileSync } from 'node:fs';
import { DEFAULT_TOKEN } from '../../simulator/http/auth.js';
import { startSimulator } from '../../simulator/server.js';
import { markValidated, type StoreData } from '../../simulator/store-data.js';
import type { Simulator } from '../../simulator/types.js';

/** The built-in demo store: a deterministic generated BigCommerce store served by the simulator. */
export const DEMO_STORE = { hash: 'demo7store', name: 'Northwind Outfitters', customers: 250, seed: 2026 } as const;

/** Written by `npm run build` (pack-demo-store.ts) next to the compiled module. */
export const DEMO_STORE_FILE = new URL('./demo-store.json', import.meta.url);

export interface DemoStore {
  simulator: Simulator;
  storeHash: string;
  accessToken: string;
  apiUrl: string;
}

/** The demo store generated now (faker and the generator: about 200 ms). */
export async function generateDemoStore(): Promise<StoreData> {
  const { generateStore } = await import('../../simulator/generator/index.js');
  return generateStore({
    customers: DEMO_STORE.customers,
    seed: DEMO_STORE.seed,
    hash: DEMO_STORE.hash,
    name: DEMO_STORE.name,
  });
}

/** Writes the demo store as JSON (the build step, pack-demo-store.ts). */
export async function packDemoStore(file: URL = DEMO_STORE_FILE): Promise<void> {
  writeFileSync(file, JSON.stringify(await generateDemoStore()));
}

/**
 * The demo store's data: the copy the build wrote (a JSON parse, about 20 ms), else generated now
 * (sources run by vitest, a bare `tsc` build, a damaged file). The copy is our own build's output
 * of the same generator, so it is not validated again; a test keeps it equal to a fresh one.
 */
export async function loadDemoStoreData(file: URL = DEMO_STORE_FILE): Promise<StoreData> {
  let text: string | null;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = null;
  }
  if (text !== null) {
    try {
      const data = JSON.parse(text) as StoreData;
      if (data.hash === DEMO_STORE.hash) return markValidated(data);
    } catch {
      // fall through to generating it
    }
  }
  return generateDemoStore();
}

export async function startDemoStore(options: { port?: number; latencyMs?: number } = {}): Promise<DemoStore> {
  const simulator = await startSimulator({
    stores: [{ data: await loadDemoStoreData() }],
    port: options.port ?? 0,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: null,
  });
  return { simulator, storeHash: DEMO_STORE.hash, accessToken: DEFAULT_TOKEN, apiUrl: simulator.url };
}
