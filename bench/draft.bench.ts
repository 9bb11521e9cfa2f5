/**
 * `npm run bench:draft`: drafts per second and per-draft latency of the whole pipeline (parse →
 * guard → understand → context → compose → decide) over the quality corpus
 * (`test/fixtures/emails/*.eml` answered from `test/fixtures/corpus/store.json`), with a warm
 * context cache, so what is measured is the pipeline's own cost rather than the network's.
 *
 * The simulator serves the corpus store; every email runs once to fill the cache, then the emails
 * that get a draft run BENCH_ROUNDS times (default 20), one after another. Mail the loop guard
 * skips (auto-replies, bulk, bounces) produces no draft and is not timed. Prints a summary, then
 * one JSON line (always the last line):
 *   {"bench":"draft","emails":n,"draftsPerSecond":n,"p50Ms":n,"p95Ms":n}
 *
 * Environment: BENCH_ROUNDS (default 20), BENCH_LATENCY_MS simulator latency (default 0).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEFAULT_TOKEN, loadStoreFile, startSimulator } from '../simulator/index.js';
import { DEFAULT_SETTINGS, type WorkspaceSettings } from '../src/assistant/types.js';
import { createBigCommerceStore } from '../src/bigcommerce/index.js';
import { createCachedStore } from '../src/context/index.js';
import { processEmail, type PipelineDeps } from '../src/pipeline/process-email.js';

const ROUNDS = envNumber('BENCH_ROUNDS', 20);
const LATENCY_MS = envNumber('BENCH_LATENCY_MS', 0);
/** Long enough that nothing expires during the run: the benchmark is about a warm context. */
const CACHE_TTL_MS = 60 * 60 * 1000;
const SETTINGS: WorkspaceSettings = {
  ...DEFAULT_SETTINGS,
  businessName: 'Larkspur & Pine',
  signature: 'Rosa\nLarkspur & Pine customer care',
};
/** A fixed clock, so every round does exactly the same work. */
const NOW = new Date('2026-11-26T16:00:00Z');

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return value;
}

/** The repository root: the first folder up from this file (src or compiled) that holds the corpus. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'test/fixtures/emails'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? 0;
}

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** Every request that leaves the process, counted where it leaves (a warm run sends none). */
let requestsSent = 0;
const countingFetch: typeof fetch = (input, init) => {
  requestsSent += 1;
  return fetch(input, init);
};

async function main(): Promise<void> {
  const root = repoRoot();
  const emailDir = join(root, 'test/fixtures/emails');
  const data = loadStoreFile(join(root, 'test/fixtures/corpus/store.json'));
  const files = readdirSync(emailDir)
    .filter((name) => name.endsWith('.eml'))
    .sort();
  if (files.length === 0) throw new Error(`No .eml files in ${emailDir}`);
  const emails = files.map((file) => ({ file, raw: readFileSync(join(emailDir, file)) }));

  const simulator = await startSimulator({ stores: [{ data }], latencyMs: LATENCY_MS, rateLimit: null });
  try {
    const store = createCachedStore(
      createBigCommerceStore({
        storeHash: data.hash,
        accessToken: DEFAULT_TOKEN,
        apiUrl: simulator.url,
        fetch: countingFetch,
      }),
      { ttlMs: CACHE_TTL_MS },
    );
    const deps: PipelineDeps = {
      store,
      settings: SETTINGS,
      inboxAddresses: [`support@${data.domain ?? 'example.com'}`],
      now: () => NOW,
    };

    // Warm-up: fills the context cache and lets the JIT settle; also sorts out what gets a draft.
    const drafted: typeof emails = [];
    for (const email of emails) {
      const result = await processEmail(email.raw, deps);
      if (result.draft) drafted.push(email);
    }
    for (const email of drafted) await processEmail(email.raw, deps);
    const warmRequests = requestsSent;

    const samples: number[] = [];
    const started = performance.now();
    for (let r = 0; r < ROUNDS; r += 1) {
      for (const email of drafted) {
        const t0 = performance.now();
        const result = await processEmail(email.raw, deps);
        samples.push(performance.now() - t0);
        if (!result.draft) throw new Error(`${email.file} produced no draft on round ${r + 1}`);
      }
    }
    const elapsedMs = performance.now() - started;
    const timedRequests = requestsSent - warmRequests;

    const sorted = [...samples].sort((a, b) => a - b);
    const draftsPerSecond = samples.length / (elapsedMs / 1000);
    const p50 = percentile(sorted, 50);
    const p95 = percentile(sorted, 95);
    const mean = samples.reduce((sum, value) => sum + value, 0) / Math.max(1, samples.length);

    const lines = [
      'Draft pipeline benchmark: parse → guard → understand → context (warm cache) → compose → decide',
      `corpus: ${emails.length} emails, ${drafted.length} answered with a draft (timed), ` +
        `${emails.length - drafted.length} skipped by the loop guard (not timed)`,
      `rounds: ${ROUNDS}, simulator latency: ${LATENCY_MS} ms, built-in composer`,
      `drafts: ${samples.length} in ${elapsedMs.toFixed(1)} ms → ${draftsPerSecond.toFixed(1)} drafts/s`,
      `latency per draft: p50 ${p50.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms, ` +
        `mean ${mean.toFixed(3)} ms, max ${(sorted.at(-1) ?? 0).toFixed(3)} ms`,
      `store requests: ${warmRequests} while warming, ${timedRequests} during the timed rounds` +
        (timedRequests > 0 ? ' (the context was not fully warm)' : ''),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'draft',
        emails: drafted.length,
        draftsPerSecond: round(draftsPerSecond, 1),
        p50Ms: round(p50, 3),
        p95Ms: round(p95, 3),
      })}\n`,
    );
  } finally {
    await simulator.close();
  }
}

await main();
