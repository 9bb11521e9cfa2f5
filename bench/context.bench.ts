/**
 * `npm run bench:context`: how long building a CustomerContext takes against the simulator with
 * a fixed latency per request, for the naive sequential baseline and for ours, cold (empty cache)
 * and warm (the same sender again), per intent (only the order details the intent needs) and for a
 * mix of intents (the headline). Prints a table, then one JSON line (always the last line).
 *
 * Environment: BENCH_LATENCY_MS (default 50), BENCH_EMAILS per measurement (default 40),
 * BENCH_CUSTOMERS in the generated store (default 10,000).
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { DEFAULT_TOKEN } from '../simulator/index.js';
import { createBigCommerceStore } from '../src/bigcommerce/index.js';
import {
  buildCustomerContext,
  createCachedStore,
  type ContextNeeds,
  type ContextOptions,
} from '../src/context/index.js';
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
  /** Requests the reply's facts come from (per intent rows). */
  minimum?: number;
}

/**
 * The intents, as the pipeline turns them into `needs` (assistant/minimise.ts `contextNeedsFor`),
 * and the minimum set of requests each needs for a registered customer with no order number in
 * the email: store, customer, orders by billing email, orders by customer id (4), plus what the
 * focus order's reply states (items, shipments, ship-to).
 */
const INTENTS: { name: string; needs: ContextNeeds }[] = [
  { name: 'order status', needs: { items: true, shipments: true, shipTo: true } },
  { name: 'items / refund / cancel / return', needs: { items: true, shipments: true, shipTo: false } },
  { name: 'payment', needs: { items: true, shipments: false, shipTo: false } },
  { name: 'details on file / other', needs: { items: false, shipments: false, shipTo: false } },
];
const minimumFor = (needs: ContextNeeds): number =>
  4 + Number(needs.items) + Number(needs.shipments) + Number(needs.shipTo);

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
    // The headline: each email gets the next intent in turn, as a real inbox mixes them.
    const oursRow: Row = { label: 'ours, intent mix (headline)', cold: [], warm: [] };
    const everything: Row = { label: 'ours, every detail (no intent)', cold: [], warm: [] };
    const before: Row = { label: 'ours, speculativeDetails: false (before)', cold: [], warm: [] };
    const allDetailed: Row = { label: 'ours, details for all 5 orders', cold: [], warm: [] };
    const byIntent: Row[] = INTENTS.map((intent) => ({
      label: `ours, ${intent.name}`,
      cold: [],
      warm: [],
      minimum: minimumFor(intent.needs),
    }));
    // Interleaved per sender, so any drift in the machine's speed hits every row alike.
    for (const [index, email] of headline.slice(0, EMAILS).entries()) {
      const intent = INTENTS[index % INTENTS.length] ?? INTENTS[0];
      naive.cold.push(await measure(() => naiveCustomerContext(newClient(), email)));
      const cached = createCachedStore(newClient());
      oursRow.cold.push(await measure(() => ours(cached, email, { needs: intent?.needs })));
      oursRow.warm.push(await measure(() => ours(cached, email, { needs: intent?.needs })));
      everything.cold.push(await measure(() => ours(newClient(), email)));
      before.cold.push(await measure(() => ours(newClient(), email, { speculativeDetails: false })));
      allDetailed.cold.push(await measure(() => ours(newClient(), email, { detailedOrders: HEADLINE_ORDERS })));
      for (const [i, row] of byIntent.entries())
        row.cold.push(await measure(() => ours(newClient(), email, { needs: INTENTS[i]?.needs })));
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
        row.minimum === undefined ? '-' : String(row.minimum),
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
        [
          'implementation',
          'emails',
          'cold p50',
          'cold p95',
          'req/email',
          'round trips',
          'minimum req',
          'warm p50',
          'warm req/email',
        ],
        [naive, oursRow, ...byIntent, everything, before, allDetailed, ...byCount].map(cells),
      ),
    );
    console.log(
      '\nminimum req: store, customer, orders by billing email, orders by customer id, and what the focus ' +
        "order's reply states; the rest is the items of the two next-newest orders (they tell which order " +
        '"the blanket" is) and their shipments where the intent reports shipments.',
    );
    console.log(
      `One round trip here: ${ms(roundTripMs)} (naive p50 / its ${naiveStats.requests.toFixed(0)} sequential requests). ` +
        `Ours cold (intent mix): ${ms(coldStats.p50)} p50 = ${(coldStats.p50 / roundTripMs).toFixed(2)} round trips ` +
        `(target ≤ 2.3), ${coldStats.requests.toFixed(1)} requests per email; ` +
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
          coldRoundTrips: round(coldStats.p50 / roundTripMs, 2),
          coldRequestsPerEmail: round(coldStats.requests, 2),
          warmRequestsPerEmail: round(warmStats.requests, 2),
        },
        everyDetail: {
          coldRoundTrips: round(summarise(everything.cold).p50 / roundTripMs, 2),
          coldRequestsPerEmail: round(summarise(everything.cold).requests, 2),
        },
        before: {
          coldRoundTrips: round(summarise(before.cold).p50 / roundTripMs, 2),
          coldRequestsPerEmail: round(summarise(before.cold).requests, 2),
        },
        byIntent: Object.fromEntries(
          INTENTS.map((intent, i) => [
            intent.name,
            { requests: round(summarise(byIntent[i]?.cold ?? []).requests, 2), minimum: minimumFor(intent.needs) },
          ]),
        ),
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
