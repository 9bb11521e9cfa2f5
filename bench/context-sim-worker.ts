/**
 * Runs the simulator on its own thread for the context benchmark. A real BigCommerce server does
 * not share our CPU; in one thread, the simulator's work on seven parallel requests would queue
 * behind the client's and be counted as ours.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateStore, startSimulator } from '../simulator/index.js';
import { sendersByOrderCount } from './context-senders.js';

export interface SimWorkerInput {
  customers: number;
  seed: number;
  latencyMs: number;
}

export interface SimWorkerReady {
  url: string;
  hash: string;
  customers: number;
  orders: number;
  generateMs: number;
  sendersByOrderCount: Record<number, string[]>;
}

const input = workerData as SimWorkerInput;
const port = parentPort;
if (!port) throw new Error('context-sim-worker must run as a worker thread');

const started = performance.now();
const data = generateStore({ customers: input.customers, seed: input.seed });
const generateMs = performance.now() - started;
// Unlimited rate: the benchmark measures our request pattern, not the plan's quota.
const sim = await startSimulator({ stores: [{ data }], latencyMs: input.latencyMs, rateLimit: null });
port.on('message', (message: unknown) => {
  if (message === 'close') void sim.close().then(() => port.close());
});
const ready: SimWorkerReady = {
  url: sim.url,
  hash: data.hash,
  customers: data.customers.length,
  orders: data.orders.length,
  generateMs,
  sendersByOrderCount: sendersByOrderCount(data),
};
port.postMessage(ready);
