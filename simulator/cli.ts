/** Builds simulator options from the `snoooz simulator` flags and starts it. */
import { generateStore } from './generator/index.js';
import { loadStoreFile } from './load.js';
import { startSimulator } from './server.js';
import type { Simulator } from './types.js';

export interface SimulatorCliOptions {
  port: number;
  /** Path(s) of store JSON files (see README), each served under its own hash; otherwise one store is generated. */
  data?: string | readonly string[];
  customers?: number;
  seed?: number;
  latencyMs?: number;
  caseSensitive?: boolean;
  /** Requests per 30 s window per store; `null` = unlimited; default 150. */
  quota?: number | null;
  logger?: (line: string) => void;
}

export const DEFAULT_CLI_CUSTOMERS = 200;

export function simulatorFromCliOptions(options: SimulatorCliOptions): Promise<Simulator> {
  const files = typeof options.data === 'string' ? [options.data] : (options.data ?? []);
  const stores =
    files.length > 0
      ? files.map((file) => loadStoreFile(file))
      : [generateStore({ customers: options.customers ?? DEFAULT_CLI_CUSTOMERS, seed: options.seed ?? 1 })];
  const quota = options.quota === undefined ? 150 : options.quota;
  return startSimulator({
    stores: stores.map((data) => ({ data })),
    port: options.port,
    latencyMs: options.latencyMs ?? 0,
    emailMatch: options.caseSensitive ? 'case-sensitive' : 'case-insensitive',
    rateLimit: quota === null ? null : { quota, windowMs: 30_000 },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}
