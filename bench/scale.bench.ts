/**
 * `npm run bench:scale`: emails per minute with 1, 2, 4 … worker processes, never more than the
 * machine has CPU cores (`snoooz serve --role worker`, built CLI), plus one web process, and the
 * same figure per core, so it means the same on any machine, on PostgreSQL (pg-boss) and Redis (shared rate-limit
 * budget and cache), against the simulator with 50 ms latency and 150 requests / 30 s per store.
 *
 * - manyStores: traffic spread over 60 stores (fresh ones per run), the workers are the limit.
 * - oneStore: every email for one store, the quota is the limit: how close to it we get, the
 *   share of lookups served from the cache, and the 429s (should be 0).
 *
 * Needs PostgreSQL (BENCH_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/test; a
 * database per run is created and dropped) and Redis (BENCH_REDIS_URL, default
 * redis://127.0.0.1:6379). The last line is one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import pg from 'pg';
import { DEFAULT_TOKEN, generateStore, startSimulator, type Simulator, type StoreData } from '../simulator/index.js';
import { createRepositories, generateSecretKey, hashToken, openDatabase, type Database } from '../src/db/index.js';
import { readCacheStats } from '../src/scale/index.js';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const QUOTA = 150;
const WINDOW_MS = 30_000;
const MANY_EMAILS = Number(process.env.BENCH_MANY_EMAILS ?? 400);
const ONE_STORE_SECONDS = Number(process.env.BENCH_ONE_STORE_SECONDS ?? 90);
/** Enough stores that their quotas are not what limits the "many stores" runs. */
const MANY_STORES = Number(process.env.BENCH_MANY_STORES ?? 60);
const CLI = join(import.meta.dirname, '../src/cli/main.js');

interface Proc {
  child: ChildProcess;
  out: string[];
  exited: Promise<number | null>;
}

function run(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  child.stdout?.on('data', (c: Buffer) => out.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => out.push(c.toString()));
  return { child, out, exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
}

async function waitFor(proc: Proc, pattern: RegExp): Promise<RegExpExecArray> {
  const until = Date.now() + 60_000;
  for (;;) {
    const m = pattern.exec(proc.out.join(''));
    if (m) return m;
    if (proc.child.exitCode !== null || Date.now() > until) throw new Error(`process failed:\n${proc.out.join('')}`);
    await delay(50);
  }
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

interface Scenario {
  label: string;
  stores: StoreData[];
  workers: number;
  emails: number;
  /** Which customers of a store write (a pool; repeats hit the cache). */
  senders: number;
  /** Stop measuring after this long even if not all are drafted. */
  maxSeconds: number;
}

interface Result {
  emailsPerMinute: number;
  drafted: number;
  seconds: number;
  requests: number;
  responses429: number;
  quotaUsedShare: number;
  cacheHitShare: number;
}

async function runScenario(scenario: Scenario, simulator: Simulator): Promise<Result> {
  const name = `snoooz_bench_${randomBytes(5).toString('hex')}`;
  await admin(`CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'snoooz-bench-'));
  const prefix = `snoooz-bench-${randomBytes(4).toString('hex')}`;
  const key = generateSecretKey();
  const procs: Proc[] = [];
  let db: Database | null = null;
  try {
    db = await openDatabase({ url: url.toString() });
    const repos = createRepositories(db, key);
    const targets: Array<{ inboxId: number; token: string; store: StoreData }> = [];
    for (const [i, store] of scenario.stores.entries()) {
      const ws = await repos.workspaces.create({ slug: `bench-${i}`, name: `Bench ${i}` });
      await repos.workspaces.enableIntegration(ws.id, 'bigcommerce', 'cli');
      const integration = await repos.integrations.saveConnected(ws.id, {
        storeHash: store.hash,
        storeName: store.hash,
        accessToken: DEFAULT_TOKEN,
        scopes: ['customers', 'orders', 'products', 'information'],
      });
      const inbox = await repos.inboxes.create(ws.id, {
        name: 'Support',
        address: `support@bench-${i}.example`,
        storeIntegrationId: integration.id,
      });
      const token = `snz_${randomBytes(24).toString('hex')}`;
      await repos.auth.createApiToken(ws.id, {
        tokenHash: hashToken(token),
        name: 'bench',
        last4: token.slice(-4),
        scopes: ['read', 'draft'],
      });
      targets.push({ inboxId: inbox.id, token, store });
    }
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: url.toString(),
      REDIS_URL,
      SNOOOZ_REDIS_PREFIX: prefix,
      SNOOOZ_SECRET_KEY: key.export(),
      SNOOOZ_DATA_DIR: dataDir,
      BIGCOMMERCE_API_URL: simulator.url,
      LOG_LEVEL: 'error',
      HOST: '127.0.0.1',
      SNOOOZ_POLL_MS: '100',
      SNOOOZ_WORKER_CONCURRENCY: '8',
      SNOOOZ_STORE_CONCURRENCY: '32',
    };
    const web = run(['serve', '--role', 'web', '--port', '0', '--smtp-port', 'off'], env);
    procs.push(web);
    const base = ((await waitFor(web, /running at (http:\/\/\S+?)\.?\s/))[1] ?? '').replace('localhost', '127.0.0.1');
    const workers = Array.from({ length: scenario.workers }, () => run(['serve', '--role', 'worker'], env));
    procs.push(...workers);
    await Promise.all(workers.map((w) => waitFor(w, /worker \S+ running/)));

    simulator.resetLog();
    const started = Date.now();
    // Feed everything at once (16 uploads in flight): the queue, not the feeder, sets the pace.
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < scenario.emails) {
          const n = next++;
          const target = targets[n % targets.length];
          if (!target) continue;
          const customer = target.store.customers[Math.floor(n / targets.length) % scenario.senders];
          const raw = [
            `From: ${customer?.first_name ?? 'C'} <${customer?.email ?? 'c@example.com'}>`,
            'To: support@example.com',
            'Subject: Where is my order?',
            `Message-ID: <bench-${n}-${randomBytes(4).toString('hex')}@customer.example>`,
            'Content-Type: text/plain; charset=utf-8',
            '',
            'Hi, where is my order? Has it shipped? Thanks',
            '',
          ].join('\r\n');
          const response = await fetch(`${base}/api/inboxes/${target.inboxId}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${target.token}`, 'content-type': 'message/rfc822' },
            body: raw,
          });
          if (response.status !== 202) throw new Error(`upload failed: HTTP ${response.status}`);
        }
      }),
    );
    const kysely = db.kysely;
    const count = async (): Promise<number> =>
      Number((await sql<{ n: string }>`select count(*) as n from drafts`.execute(kysely)).rows[0]?.n ?? 0);
    let drafted = 0;
    const until = started + scenario.maxSeconds * 1000;
    while (Date.now() < until) {
      drafted = await count();
      if (drafted >= scenario.emails) break;
      await delay(200);
    }
    const seconds = (Date.now() - started) / 1000;
    const requests = simulator.requests.length;
    const redis = new Redis(REDIS_URL);
    const stats = await readCacheStats(redis, prefix);
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = nextCursor;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
    const storesUsed = scenario.stores.length;
    return {
      emailsPerMinute: Math.round((drafted / seconds) * 60),
      drafted,
      seconds: Math.round(seconds * 10) / 10,
      requests,
      responses429: simulator.requests.filter((r) => r.status === 429).length,
      quotaUsedShare: round3(requests / ((QUOTA * storesUsed * seconds * 1000) / WINDOW_MS)),
      cacheHitShare: stats.lookups === 0 ? 0 : round3(stats.hits / stats.lookups),
    };
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.race([Promise.all(procs.map((p) => p.exited)), delay(20_000)]);
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await db?.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

async function main(): Promise<void> {
  // Fresh stores per run: the simulator's quota windows outlive a run, and a new cluster must not
  // inherit the last one's spending.
  const manyFor = (workers: number) =>
    Array.from({ length: MANY_STORES }, (_, i) =>
      generateStore({ customers: 200, seed: 500 + i, hash: `benchmany${workers}x${i}` }),
    );
  // More worker processes than cores only measures the scheduler, not Snoooz.
  const cores = availableParallelism();
  const workerCounts = [1, 2, 4, 8].filter((w) => w <= cores);
  const many = new Map(workerCounts.map((w) => [w, manyFor(w)]));
  const one = generateStore({ customers: 2_000, seed: 900, hash: 'benchone' });
  const simulator = await startSimulator({
    stores: [...[...many.values()].flat(), one].map((data) => ({ data })),
    rateLimit: { quota: QUOTA, windowMs: WINDOW_MS },
    latencyMs: LATENCY_MS,
  });
  try {
    const manyStores: Record<string, number> = {};
    const perCore: Record<string, number> = {};
    process.stdout.write(
      `bench:scale — simulator latency ${LATENCY_MS} ms, quota ${QUOTA} requests / ${WINDOW_MS / 1000} s per store, ` +
        `${cores} CPU cores (worker processes: ${workerCounts.join(', ')})\n`,
    );
    for (const workers of workerCounts) {
      // Every email from a different customer: little for the cache to do, the workers are the limit.
      const r = await runScenario(
        {
          label: `many-${workers}`,
          stores: many.get(workers) ?? [],
          workers,
          emails: MANY_EMAILS,
          senders: 200,
          maxSeconds: 120,
        },
        simulator,
      );
      manyStores[`workers${workers}`] = r.emailsPerMinute;
      // Per core in use: the workers (and the web process beside them) share at most this many.
      perCore[`workers${workers}`] = Math.round(r.emailsPerMinute / Math.min(workers, cores));
      process.stdout.write(
        `manyStores  workers=${workers}: ${r.emailsPerMinute} emails/min = ` +
          `${perCore[`workers${workers}`]} emails/min per core (${r.drafted} in ${r.seconds} s, ` +
          `${r.requests} store requests, ${r.responses429} × 429, cache hits ${Math.round(r.cacheHitShare * 100)}%)\n`,
      );
    }
    // One store, 100 customers writing again and again; 2 workers: the quota is the limit.
    const r = await runScenario(
      { label: 'one', stores: [one], workers: 2, emails: 2_000, senders: 100, maxSeconds: ONE_STORE_SECONDS },
      simulator,
    );
    process.stdout.write(
      `oneStore    workers=2: ${r.emailsPerMinute} emails/min (${r.drafted} in ${r.seconds} s), ${r.requests} requests = ` +
        `${Math.round(r.quotaUsedShare * 100)}% of the quota, cache hits ${Math.round(r.cacheHitShare * 100)}%, ` +
        `${r.responses429} × 429\n`,
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'scale',
        quotaPer30s: QUOTA,
        cores,
        manyStores,
        emailsPerMinutePerCore: perCore,
        oneStore: {
          emailsPerMinute: r.emailsPerMinute,
          quotaUsedShare: r.quotaUsedShare,
          cacheHitShare: r.cacheHitShare,
          responses429: r.responses429,
        },
      })}\n`,
    );
  } finally {
    await simulator.close();
  }
}

await main();
