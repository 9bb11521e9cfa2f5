import { DEFAULT_TOKEN, generateStore, startSimulator, type Simulator } from '../../simulator/index.js';

/** The built-in demo store: a deterministic generated BigCommerce store served by the simulator. */
export const DEMO_STORE = { hash: 'demo7store', name: 'Northwind Outfitters', customers: 250, seed: 2026 } as const;

export interface DemoStore {
  simulator: Simulator;
  storeHash: string;
  accessToken: string;
  apiUrl: string;
}

export async function startDemoStore(options: { port?: number; latencyMs?: number } = {}): Promise<DemoStore> {
  const data = generateStore({
    customers: DEMO_STORE.customers,
    seed: DEMO_STORE.seed,
    hash: DEMO_STORE.hash,
    name: DEMO_STORE.name,
  });
  const simulator = await startSimulator({
    stores: [{ data }],
    port: options.port ?? 0,
    latencyMs: options.latencyMs ?? 0,
    rateLimit: null,
  });
  return { simulator, storeHash: DEMO_STORE.hash, accessToken: DEFAULT_TOKEN, apiUrl: simulator.url };
}
