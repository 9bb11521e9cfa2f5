/**
 * `npm run bench:context`: how long building a CustomerContext takes against the simulator with
 * a fixed latency per request, for the naive sequential baseline and for ours, cold (empty cache)
 * and warm (the same sender again). Prints a table, then one JSON line (always the last line).
 *
 * Environment: BENCH_LATENCY_MS (default 50), BENCH_EMAILS per measurement (default 40),
 * BENCH_CUSTOMERS in the generated store (default 10,000).
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DEFAULT_TOKEN } from '../simulator/index.js';
import { createBigCommerceStore } from '../src/bigcommerce/index.js';
import { buildCustomerContext, createCachedStore, type ContextOptions } from '../src/context/index.js';
import type { StoreDataSource } from '../src/shared/store-data.js';
import { naiveCustomerContext } from './context-naive.js';
import type { SimWorkerInput, SimWorkerReady } from './context-sim-worker.js';
import { mean, ms, percentile, round, table } from './context-stats.js';

const LATENCY_MS = envNumber('BENCH_LATENCY_MS', 50);
const EMAILS = envNumber('BENCH_EMAILS', 40);
const CUSTOMERS = envNumber('BENCH_CUSTOMERS', 10_000);
const HEADLINE_ORDERS = 5;
const SEED = 42;
/** Emails run before measuring, so JIT warm-up and the first TCP connections are not counted. */
const WARM_UP_EMAILS = 3;

interface Sample {
  ms: number;
  requests: number;
}

interface Row {
  label: string;
  cold: Sample[];
  warm: Sample[];
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/** Every request that leaves the process, retries included, counted where it leaves. */
let requestsSent = 0;
const countingFetch: typeof fetch = (input, init) => {
  requestsSent += 1;
  return fetch(input, init);
};

async function measure(run: () => Promise<unknown>): Promise<Sample> {
  const before = requestsSent;
  const started = performance.now();
  await run();
  return { ms: performance.now() - started, requests: requestsSent - before };
}

async function startSimulatorThread(input: SimWorkerInput): Promise<{ worker: Worker; ready: SimWorkerReady }> {
  const worker = new Worker(new URL('./context-sim-worker.js', import.meta.url), { workerData: input });
  const [ready] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'error').then(([error]) => Promise.reject(error)),
  ])) as [SimWorkerReady];
  return { worker, ready };
}

function summarise(samples: readonly Sample[]) {
  const times = samples.map((sample) => sample.ms);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    requests: mean(samples.map((sample) => sample.requests)),
  };
}

async function main(): Promise<void> {
  const { worker, ready } = await startSimulatorThread({ customers: CUSTOMERS, seed: SEED, latencyMs: LATENCY_MS });
  const senders = ready.sendersByOrderCount;
  const headline = senders[HEADLINE_ORDERS] ?? [];
  // A fresh client per email: nothing a previous email taught it is reused when "cold".
  const newClient = (): StoreDataSource =>
    createBigCommerceStore({
      storeHash: ready.hash,
      accessToken: DEFAULT_TOKEN,
      apiUrl: ready.url,
      fetch: countingFetch,
    });
  const ours = (store: StoreDataSource, email: string, options?: ContextOptions) =>
    buildCustomerContext({ store, senderEmail: email, mentionedOrderNumbers: [], ...(options ? { options } : {}) });

  try {
    if (headline.length < EMAILS + WARM_UP_EMAILS) {
      throw new Error(
        `only ${headline.length} customers have exactly ${HEADLINE_ORDERS} orders; need ${EMAILS + WARM_UP_EMAILS}`,
      );
    }
    for (const email of headline.slice(EMAILS, EMAILS + WARM_UP_EMAILS)) {
      await naiveCustomerContext(newClient(), email);
      const cached = createCachedStore(newClient());
      await ours(cached, email);
      await ours(cached, email);
    }

    // Both must describe the same orders, or the comparison means nothing.
    const probe = headline[0] ?? '';
    const [naiveProbe, oursProbe] = [await naiveCustomerContext(newClient(), probe), await ours(newClient(), probe)];
    const ids = (context: { orders: { id: number }[] }) => context.orders.map((order) => order.id).join(',');
    if (ids(naiveProbe) !== ids(oursProbe) || oursProbe.orders.length !== HEADLINE_ORDERS) {
      throw new Error(`naive and ours disagree for ${probe}: [${ids(naiveProbe)}] vs [${ids(oursProbe)}]`);
    }

    const naive: Row = { label: 'naive sequential', cold: [], warm: [] };
    const oursRow: Row = { label: 'ours (default options)', cold: [], warm: [] };
    const allDetailed: Row = { label: 'ours, details for all 5 orders', cold: [], warm: [] };
    const speculative: Row = { label: 'ours, speculativeDetails: true', cold: [], warm: [] };
    // Interleaved per sender, so any drift in the machine's speed hits every row alike.
    for (const email of headline.slice(0, EMAILS)) {
      naive.cold.push(await measure(() => naiveCustomerContext(newClient(), email)));
      const cached = createCachedStore(newClient());
      oursRow.cold.push(await measure(() => ours(cached, email)));
      oursRow.warm.push(await measure(() => ours(cached, email)));
      allDetailed.cold.push(await measure(() => ours(newClient(), email, { detailedOrders: HEADLINE_ORDERS })));
      speculative.cold.push(await measure(() => ours(newClient(), email, { speculativeDetails: true })));
    }

    // "Whatever the number of orders": ours, cold, for senders with few and with many orders.
    const byCount: Row[] = [];
    const heavyCount = Object.keys(senders)
      .map(Number)
      .filter((count) => count >= 40)
      .sort((a, b) => a - b);
    const groups: [string, string[]][] = [
      ['ours, senders with 1 order', (senders[1] ?? []).slice(0, 10)],
      ['ours, senders with 0 orders (unknown)', ['nobody.at.all@example.org']],
      [
        `ours, senders with ${heavyCount[0] ?? '?'}+ orders`,
        heavyCount.flatMap((count) => senders[count] ?? []).slice(0, 10),
      ],
    ];
    for (const [label, emails] of groups) {
      const row: Row = { label, cold: [], warm: [] };
      for (const email of emails) row.cold.push(await measure(() => ours(newClient(), email)));
      byCount.push(row);
    }

    const naiveStats = summarise(naive.cold);
    const coldStats = summarise(oursRow.cold);
    const warmStats = summarise(oursRow.warm);
    const speedup = naiveStats.p50 / coldStats.p50;

    // The naive version sends one request at a time, so its p50 per request is what one round
    // trip costs here (latency plus HTTP and parsing): the yardstick for "about 3 round trips".
    const roundTripMs = naiveStats.p50 / naiveStats.requests;
    const cells = (row: Row): string[] => {
      const cold = summarise(row.cold);
      const warm = row.warm.length > 0 ? summarise(row.warm) : null;
      return [
        row.label,
        String(row.cold.length),
        ms(cold.p50),
        ms(cold.p95),
        cold.requests.toFixed(1),
        (cold.p50 / roundTripMs).toFixed(2),
        warm ? ms(warm.p50) : '-',
        warm ? warm.requests.toFixed(1) : '-',
      ];
    };
    console.log(
      `Context benchmark: ${ready.customers.toLocaleString('en')} customers, ${ready.orders.toLocaleString('en')} orders ` +
        `(generated in ${Math.round(ready.generateMs)} ms), ${LATENCY_MS} ms simulated latency per request, rate limit off, ` +
        `simulator on its own thread.`,
    );
    console.log(
      `Headline senders: registered customers with exactly ${HEADLINE_ORDERS} orders, ${EMAILS} emails each.\n`,
    );
    console.log(
      table(
        ['implementation', 'emails', 'cold p50', 'cold p95', 'req/email', 'round trips', 'warm p50', 'warm req/email'],
        [naive, oursRow, allDetailed, speculative, ...byCount].map(cells),
      ),
    );
    console.log(
      `\nOne round trip here: ${ms(roundTripMs)} (naive p50 / its ${naiveStats.requests.toFixed(0)} sequential requests). ` +
        `Ours cold: ${ms(coldStats.p50)} p50 = ${(coldStats.p50 / roundTripMs).toFixed(2)} round trips; ` +
        `warm: ${ms(warmStats.p50)} p50 with ${warmStats.requests.toFixed(1)} requests. ` +
        `Speedup over naive (cold p50): ${speedup.toFixed(2)}x.`,
    );

    await stopSimulatorThread(worker);
    console.log(
      JSON.stringify({
        bench: 'context',
        latencyMs: LATENCY_MS,
        orders: HEADLINE_ORDERS,
        naive: { coldP50Ms: round(naiveStats.p50), requestsPerEmail: round(naiveStats.requests, 2) },
        ours: {
          coldP50Ms: round(coldStats.p50),
          coldP95Ms: round(coldStats.p95),
          warmP50Ms: round(warmStats.p50, 3),
          coldRequestsPerEmail: round(coldStats.requests, 2),
          warmRequestsPerEmail: round(warmStats.requests, 2),
        },
        speedup: round(speedup, 2),
      }),
    );
  } catch (error) {
    await stopSimulatorThread(worker);
    throw error;
  }
}

async function stopSimulatorThread(worker: Worker): Promise<void> {
  worker.postMessage('close');
  await once(worker, 'exit');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
