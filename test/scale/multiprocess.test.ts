/**
 * The scale-out end to end, with real processes: 1 web and 2 worker processes of the built CLI
 * (`snoooz serve --role web|worker`) against a fresh PostgreSQL database, pg-boss and Redis, and
 * the BigCommerce simulator with a 150 requests / 30 s quota per store.
 *
 * 1,000 emails across 20 inboxes (4 stores) arrive through the SMTP receiver and the HTTP API;
 * a worker is killed with SIGKILL in the middle. Afterwards: every email is stored once and has
 * exactly one draft, replies sent by rules went out once each, and the simulator never saw more
 * than the quota in any 30 s window (sliding, so stricter than BigCommerce's fixed window), nor a 429.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOKEN, generateStore, startSimulator, type Simulator, type StoreData } from '../../simulator/index.js';
import type { Database, Repositories } from '../../src/db/index.js';
import { createRepositories, generateSecretKey, hashToken } from '../../src/db/index.js';
import { createTestDatabase, type TestDatabaseTarget } from '../../src/db/test-databases.js';
import {
  dropPrefix,
  maxInSlidingWindow,
  testRedis,
  uniquePrefix,
  TEST_REDIS_URL,
} from '../../src/scale/test-support.js';
import { startSmtpPeer, type SmtpPeer } from '../service/helpers.js';

const REPO_ROOT = join(import.meta.dirname, '../..');
const BUILD_DIR = join(REPO_ROOT, 'node_modules/.cache/snoooz-scale-cli');
const CLI = join(BUILD_DIR, 'src/cli/main.js');
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

const QUOTA = 150;
const WINDOW_MS = 30_000;
const STORES = 4;
const INBOXES = 20;
const EMAILS = 1_000;
const SENDERS_PER_STORE = 100;

interface Proc {
  child: ChildProcess;
  out: string[];
  exited: Promise<number | null>;
}

function runNode(args: string[], env: NodeJS.ProcessEnv): Proc {
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

async function waitForLine(proc: Proc, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(proc.out.join(''));
    if (match) return match;
    if (proc.child.exitCode !== null || Date.now() > until) {
      throw new Error(`process did not print ${pattern}:\n${proc.out.join('').slice(-4000)}`);
    }
    await delay(50);
  }
}

let target: TestDatabaseTarget;
let db: Database;
let repos: Repositories;
let simulator: Simulator;
let peer: SmtpPeer;
const redisPrefix = uniquePrefix('mp');
const processes: Proc[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'snoooz-scale-'));
const secretKey = generateSecretKey();
const stores: StoreData[] = [];

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) =>
        !/^(BIGCOMMERCE_|SNOOOZ_|DATABASE_URL|REDIS_URL)/.test(key) &&
        !['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'NODE_OPTIONS'].includes(key),
    ),
  );
  return {
    ...base,
    DATABASE_URL: target.url ?? '',
    REDIS_URL: TEST_REDIS_URL,
    SNOOOZ_REDIS_PREFIX: redisPrefix,
    SNOOOZ_SECRET_KEY: secretKey.export(),
    SNOOOZ_DATA_DIR: dataDir,
    BIGCOMMERCE_API_URL: simulator.url,
    LOG_LEVEL: 'warn',
    SNOOOZ_POLL_MS: '100',
    SNOOOZ_WORKER_CONCURRENCY: '12',
    SNOOOZ_STORE_CONCURRENCY: '32',
    // A killed worker's jobs run again after 10 s (maintenance checks every second).
    SNOOOZ_JOB_EXPIRE_SECONDS: '10',
    SNOOOZ_JOB_MAINTENANCE_SECONDS: '1',
    SNOOOZ_JOB_RETRY_DELAY_SECONDS: '1',
    SNOOOZ_RATE_LIMIT_QUOTA: String(QUOTA),
    // Lookups stay cached for the whole run, so the test's length is set by the quota, not by expiry.
    SNOOOZ_CACHE_TTL_MS: '300000',
    // The inboxes' SMTP peer listens on loopback, which tenant mail hosts may not be unless allowed.
    SNOOOZ_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    // Every SMTP message of the test comes from one client (loopback), far above a relay's rate.
    SNOOOZ_SMTP_MESSAGES_PER_MINUTE: '0',
    SNOOOZ_SMTP_CONNECTIONS_PER_MINUTE: '0',
    ...extra,
  };
}

interface Inbox {
  workspaceId: number;
  inboxId: number;
  /** The inbox's forwarding address (`inbox-<token>@…`). */
  forwarding: string;
  token: string;
  store: StoreData;
  autoSend: boolean;
}
const inboxes: Inbox[] = [];

beforeAll(async () => {
  mkdirSync(BUILD_DIR, { recursive: true });
  writeFileSync(join(BUILD_DIR, 'package.json'), '{ "type": "module" }\n');
  const build = runNode(
    [
      TSC,
      '-p',
      'tsconfig.build.json',
      '--outDir',
      BUILD_DIR,
      '--incremental',
      '--tsBuildInfoFile',
      join(BUILD_DIR, '.tsbuildinfo'),
    ],
    process.env,
  );
  await build.exited;
  if (!existsSync(CLI)) throw new Error(`Could not build the CLI:\n${build.out.join('')}`);

  for (let i = 0; i < STORES; i++) {
    stores.push(generateStore({ customers: 120, seed: 100 + i, hash: `scalestore${i}`, name: `Scale Store ${i}` }));
  }
  simulator = await startSimulator({
    stores: stores.map((data) => ({ data })),
    rateLimit: { quota: QUOTA, windowMs: WINDOW_MS },
    latencyMs: 2,
  });
  peer = await startSmtpPeer();
  target = await createTestDatabase('postgres');
  db = await target.open();
  repos = createRepositories(db, secretKey);

  for (let i = 0; i < INBOXES; i++) {
    const store = stores[i % STORES] as StoreData;
    const slug = `scale-${i}-${randomBytes(2).toString('hex')}`;
    const workspace = await repos.workspaces.create({ slug, name: `Shop ${i}` });
    await repos.workspaces.enableIntegration(workspace.id, 'bigcommerce', 'cli');
    const integration = await repos.integrations.saveConnected(workspace.id, {
      storeHash: store.hash,
      storeName: store.name ?? store.hash,
      accessToken: DEFAULT_TOKEN,
      scopes: ['customers', 'orders', 'products', 'information'],
    });
    // Two inboxes in twenty let rules send order-status replies, so sending is exercised too. Only
    // two: each automatic send re-reads the store without the cache (freshness), and the test must
    // stay within every store's 150-per-30-s quota in CI time.
    const autoSend = i % 10 === 0;
    const inbox = await repos.inboxes.create(workspace.id, {
      name: 'Support',
      address: `support@${slug}.example`,
      storeIntegrationId: integration.id,
      ...(autoSend
        ? { smtp: { host: '127.0.0.1', port: peer.port, secure: false, user: 'snoooz' }, password: 'smtp-pass-1234' }
        : {}),
    });
    if (autoSend) {
      await repos.settings.update(workspace.id, {
        mode: 'auto',
        autoSendIntents: ['order_status', 'shipping_tracking'],
      });
      // Only mail from a verified sender is answered automatically: these trust Gmail's results.
      await repos.senderAuth.setTrustedAuthserv(workspace.id, inbox.id, 'google');
    }
    const token = `snz_${randomBytes(24).toString('hex')}`;
    await repos.auth.createApiToken(workspace.id, {
      tokenHash: hashToken(token),
      name: 'scale',
      last4: token.slice(-4),
      scopes: ['read', 'draft'],
    });
    const forwarding = `inbox-${inbox.forwardingToken}@snoooz.localhost`;
    inboxes.push({ workspaceId: workspace.id, inboxId: inbox.id, forwarding, token, store, autoSend });
  }
}, 240_000);

afterAll(async () => {
  for (const proc of processes) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  await db?.close();
  await target?.drop();
  await simulator?.close();
  await peer?.close();
  const redis = testRedis();
  await dropPrefix(redis, redisPrefix);
  await redis.quit();
  rmSync(dataDir, { recursive: true, force: true });
});

function email(n: number, inbox: Inbox): Buffer {
  const customers = inbox.store.customers.slice(0, SENDERS_PER_STORE);
  const customer = customers[n % customers.length] ?? inbox.store.customers[0];
  const subjects = ['Where is my order?', 'Tracking for my package', 'Order status please'];
  const domain = (customer?.email ?? 'c@example.com').split('@')[1] ?? 'example.com';
  return Buffer.from(
    [
      // What Gmail writes for a sender that passed DMARC; trusted only by the auto-send inboxes.
      ...(inbox.autoSend ? [`Authentication-Results: mx.google.com; dmarc=pass header.from=${domain}`] : []),
      `From: ${customer?.first_name ?? 'C'} <${customer?.email ?? 'c@example.com'}>`,
      `To: support@example.com`,
      `Subject: ${subjects[n % subjects.length] ?? 'Hi'}`,
      `Message-ID: <scale-${n}-${randomBytes(4).toString('hex')}@customer.example>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Hi, where is my order? Has it shipped yet? Thanks',
      '',
    ].join('\r\n'),
  );
}

async function count(query: string): Promise<number> {
  const result = await sql<{ n: string }>`${sql.raw(query)}`.execute(db.kysely);
  return Number(result.rows[0]?.n ?? 0);
}

describe('1 web + 2 workers on PostgreSQL, pg-boss and Redis', () => {
  it('turns 1,000 emails into exactly one draft each, through a kill -9, within the store quotas', async () => {
    const web = runNode(
      [CLI, 'serve', '--role', 'web', '--port', '0', '--smtp-port', '0'],
      childEnv({ HOST: '127.0.0.1' }),
    );
    processes.push(web);
    const ready = await waitForLine(web, /running at (http:\/\/\S+?); SMTP receiver on port (\d+)/);
    const url = (ready[1] ?? '').replace('localhost', '127.0.0.1');
    const smtpPort = Number(ready[2]);
    const workers = [0, 1].map(() => runNode([CLI, 'serve', '--role', 'worker'], childEnv()));
    processes.push(...workers);
    await Promise.all(workers.map((w) => waitForLine(w, /worker \S+ running/)));

    const smtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 8,
    });
    const started = Date.now();
    const feed = Array.from({ length: EMAILS }, (_, n) => n);
    let killed = false;
    // Half by SMTP (to the forwarding address), half by the HTTP API; 16 at a time.
    const lanes = Array.from({ length: 16 }, async (_, lane) => {
      for (let k = lane; k < feed.length; k += 16) {
        const n = feed[k] ?? 0;
        const inbox = inboxes[n % INBOXES] as Inbox;
        const raw = email(n, inbox);
        // Alternating per round over the inboxes, so every inbox gets both: mail through our SMTP
        // receiver is checked with DNS (none here, so never verified), API mail by its Gmail results.
        if (Math.floor(n / INBOXES) % 2 === 0) {
          await smtp.sendMail({
            envelope: { from: 'customer@example.com', to: [inbox.forwarding] },
            raw,
          });
        } else {
          const response = await fetch(`${url}/api/inboxes/${inbox.inboxId}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${inbox.token}`, 'content-type': 'message/rfc822' },
            body: raw,
          });
          expect(response.status).toBe(202);
        }
      }
    });

    // Kill one worker hard once it is well into the work.
    const killer = (async () => {
      while (!killed) {
        if ((await count('select count(*) as n from drafts')) >= 250) {
          workers[0]?.child.kill('SIGKILL');
          killed = true;
        }
        await delay(100);
      }
    })();
    await Promise.all(lanes);
    smtp.close();
    expect(await count('select count(*) as n from messages')).toBe(EMAILS);

    const until = Date.now() + 240_000;
    // Done = a draft for every email and no send left open: a send the kill cut short stays
    // `approved` until its job expires (10 s) and the next run marks it failed.
    const settled = async () =>
      (await count('select count(*) as n from drafts')) >= EMAILS &&
      (await count(`select count(*) as n from drafts where status = 'approved'`)) === 0;
    while (!(await settled()) && Date.now() < until) await delay(500);
    await killer;
    expect(await workers[0]?.exited).toBeNull(); // killed by a signal
    const elapsedS = (Date.now() - started) / 1000;

    // Exactly one draft per email, nothing lost, nothing failed.
    expect(await count('select count(*) as n from messages')).toBe(EMAILS);
    expect(await count('select count(*) as n from drafts')).toBe(EMAILS);
    expect(await count('select count(distinct message_id) as n from drafts')).toBe(EMAILS);
    expect(await count(`select count(*) as n from messages where state not in ('drafted', 'sent')`)).toBe(0);

    // Replies sent by rules: each at most once (the Message-ID derives from the draft id). A send
    // cut short by the kill is not repeated: its draft is failed for a person to check, and it
    // may or may not have reached the SMTP server before the kill.
    await delay(500);
    const sent = await count(`select count(*) as n from drafts where status = 'sent'`);
    const interrupted = await count(
      `select count(*) as n from drafts where status = 'failed' and status_reason like 'The send was interrupted%'`,
    );
    const ids = peer.received.map((m) => /^Message-ID:\s*(\S+)/im.exec(m.raw)?.[1] ?? '');
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(sent);
    expect(ids.length).toBeLessThanOrEqual(sent + interrupted);
    expect(sent).toBeGreaterThan(0);
    expect(await count(`select count(*) as n from drafts where status = 'approved'`)).toBe(0);
    expect(await count(`select count(*) as n from drafts where status = 'failed'`)).toBe(interrupted);

    // The store quotas held across both workers: no 30 s window over the quota, no 429.
    const perStore = new Map<string, number[]>();
    for (const request of simulator.requests) {
      const list = perStore.get(request.storeHash) ?? [];
      list.push(request.at);
      perStore.set(request.storeHash, list);
    }
    const worst = Math.max(...[...perStore.values()].map((times) => maxInSlidingWindow(times, WINDOW_MS)));
    expect(simulator.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(worst).toBeLessThanOrEqual(QUOTA);
    console.log(
      `multiprocess: ${EMAILS} emails in ${elapsedS.toFixed(1)} s, ${simulator.requests.length} store requests, ` +
        `busiest 30 s window ${worst}/${QUOTA}, ${sent} replies sent, ${interrupted} sends interrupted by the kill`,
    );

    // Graceful shutdown of the survivors.
    const survivor = workers[1] as Proc;
    survivor.child.kill('SIGTERM');
    web.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
    expect(await web.exited).toBe(0);
  }, 330_000);
});
