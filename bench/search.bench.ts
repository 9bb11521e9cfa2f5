/**
 * `npm run bench:search`: full-text search of the inbox on a generated database of 100,000
 * customer emails, on SQLite (FTS5) and PostgreSQL (tsvector + GIN), through the same repository
 * call the inbox page makes (`queue.page` with `search`, 100 rows). Queries mix order numbers
 * (with and without #), sender addresses and names, common and rare words and two-word searches.
 * Baseline, measured in the same run on the same database: the inbox's first page without a
 * search (an indexed keyset read). Prints a table per engine, then one JSON line (the last line).
 *
 * Environment: BENCH_MESSAGES (default 100,000), BENCH_POSTGRES_URL (an admin connection; default
 * postgres://postgres@127.0.0.1:5432/test; a throwaway database is created and dropped).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/connect.js';
import { createRepositories } from '../src/db/repositories/index.js';
import { generateSecretKey } from '../src/db/secrets.js';
import { ms, percentile, round, table } from './context-stats.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100_000);
const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 500;
const ROUNDS = 5;

/** A small deterministic generator (mulberry32), so both engines get the same mail. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Maya', 'Jonas', 'Priya', 'Liam', 'Sofia', 'Ahmed', 'Chloe', 'Mateo', 'Hannah', 'Kenji', 'Olga', 'Tom'];
const LAST = ['Lopez', 'Berg', 'Shah', 'Murphy', 'Rossi', 'Khan', 'Martin', 'Silva', 'Weber', 'Sato', 'Novak', 'Reed'];
const DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.co.uk', 'icloud.com', 'web.de', 'proton.me', 'shop-mail.example'];
const PRODUCTS = [
  'Enamel Camp Kettle',
  'Ash Handle Pruning Shears',
  'Wool Throw Blanket',
  'Galvanised Watering Can',
  'Linen Apron',
  'Beeswax Candle Set',
  'Cast Iron Skillet',
  'Copper Plant Mister',
  'Bamboo Cutting Board',
  'Stoneware Mug',
];
const SUBJECTS = [
  'Where is my order #{n}?',
  'Order {n} not arrived',
  'Refund for #{n}',
  'Question about my order',
  'Damaged item',
  'Wrong size sent',
  'Change delivery address',
  'Invoice please',
  'Re: Your order #{n} has shipped',
  'Is the {p} back in stock?',
];
const OPENERS = ['Hi,', 'Hello there,', 'Good morning,', 'Hey team,', 'Dear support,', 'Hallo,'];
const BODIES = [
  'I ordered the {p} last week (order #{n}) and the tracking has not moved since Monday. Can you check?',
  'My order {n} arrived today but the {p} was cracked in the box. I would like a replacement or a refund.',
  'Could you change the delivery address on #{n}? I moved and forgot to update it.',
  'I was charged twice for order {n}, please look into it. The {p} is a gift so I need it by Friday.',
  'Do you ship to Norway? I would love to order the {p} but the checkout does not show my country.',
  'Please cancel order #{n}, I ordered the wrong colour of the {p}.',
  'Can I get an invoice for my order {n}? Our accounting needs the VAT number on it.',
  'The {p} I received is not what I ordered. Order number {n}. What should I do?',
  'Just wanted to say thanks, the {p} is lovely and arrived quickly!',
  'Is there any update on my refund for #{n}? It has been two weeks.',
];
const SIGN = ['Thanks', 'Cheers', 'Best regards', 'Kind regards', 'Sent from my iPhone', 'Thank you so much'];

interface Row {
  from_address: string;
  from_name: string;
  subject: string;
  body_text: string;
  order: number;
}

function generate(count: number): Row[] {
  const next = random(17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const rows: Row[] = [];
  for (let i = 0; i < count; i += 1) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const order = 10_000 + Math.floor(next() * 890_000);
    const product = pick(PRODUCTS);
    const fill = (text: string) => text.replaceAll('{n}', String(order)).replaceAll('{p}', product);
    // Some customers write from addresses with numbers; a few per thousand share a rare word.
    const rare = next() < 0.002 ? ' PS: the parcel smelled of lavender.' : '';
    rows.push({
      from_address: `${first}.${last}${Math.floor(next() * 900)}@${pick(DOMAINS)}`.toLowerCase(),
      from_name: `${first} ${last}`,
      subject: fill(pick(SUBJECTS)),
      body_text: `${pick(OPENERS)}\n\n${fill(pick(BODIES))}${rare}\n\n${pick(SIGN)},\n${first}`,
      order,
    });
  }
  return rows;
}

async function seed(db: Database, rows: Row[]): Promise<number> {
  const repos = createRepositories(db, generateSecretKey());
  const ws = await repos.workspaces.create({ slug: `bench-${randomBytes(3).toString('hex')}`, name: 'Bench' });
  const inbox = await repos.inboxes.create(ws.id, { name: 'Support', address: 'support@bench.example' });
  const start = Date.UTC(2024, 0, 1);
  const raw = Buffer.from('bench');
  for (let i = 0; i < rows.length; i += BATCH) {
    const values = rows.slice(i, i + BATCH).map((r, j) => {
      const at = new Date(start + (i + j) * 60_000).toISOString();
      return {
        workspace_id: ws.id,
        inbox_id: inbox.id,
        message_id: `<bench-${i + j}@bench.example>`,
        thread_key: `<bench-${i + j}@bench.example>`,
        from_address: r.from_address,
        from_name: r.from_name,
        subject: r.subject,
        body_text: r.body_text,
        received_at: at,
        raw,
        state: 'drafted' as const,
        attempts: 1,
        created_at: at,
        updated_at: at,
      };
    });
    await db.kysely.insertInto('messages').values(values).execute();
  }
  if (db.dialect === 'postgres') await sql`analyze messages`.execute(db.kysely);
  else await sql`pragma optimize`.execute(db.kysely);
  return ws.id;
}

function queries(rows: Row[]): string[] {
  const next = random(99);
  const some = (k: number) => Array.from({ length: k }, () => rows[Math.floor(next() * rows.length)] as Row);
  return [
    ...some(6).map((r) => String(r.order)),
    ...some(6).map((r) => `#${r.order}`),
    ...some(4).map((r) => r.from_address),
    ...some(3).map((r) => r.from_name),
    'refund',
    'order',
    'cracked',
    'lavender',
    'kettle',
    'invoice vat',
    'pruning shears',
    'norway',
    'zeppelin',
    'wool blanket refund',
  ];
}

interface Result {
  p50: number;
  p95: number;
  baselineP50: number;
  perQuery: Array<{ q: string; ms: number; rows: number }>;
}

async function measure(db: Database, workspaceId: number, list: string[]): Promise<Result> {
  const repos = createRepositories(db, generateSecretKey());
  const timed = async (search?: string) => {
    const t = performance.now();
    const page = await repos.queue.page(workspaceId, { limit: 100, ...(search ? { search } : {}) });
    return { ms: performance.now() - t, rows: page.items.length };
  };
  for (const q of list.slice(0, 5)) await timed(q); // warm-up: caches and plans
  const baseline: number[] = [];
  const samples: number[] = [];
  const perQuery = new Map<string, { ms: number[]; rows: number }>();
  for (let round = 0; round < ROUNDS; round += 1) {
    baseline.push((await timed()).ms);
    for (const q of list) {
      const r = await timed(q);
      samples.push(r.ms);
      const entry = perQuery.get(q) ?? { ms: [], rows: r.rows };
      entry.ms.push(r.ms);
      perQuery.set(q, entry);
    }
  }
  return {
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    baselineP50: percentile(baseline, 50),
    perQuery: [...perQuery].map(([q, e]) => ({ q, ms: percentile(e.ms, 50), rows: e.rows })),
  };
}

async function runEngine(name: 'sqlite' | 'postgres', rows: Row[], list: string[]): Promise<Result> {
  const dir = mkdtempSync(path.join(tmpdir(), 'snoooz-bench-search-'));
  const dbName = `snoooz_bench_${randomBytes(5).toString('hex')}`;
  let url: string | undefined;
  if (name === 'postgres') {
    await admin(`CREATE DATABASE ${dbName} TEMPLATE template0`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const db = await openDatabase({ dataDir: dir, ...(url ? { url } : {}) });
  try {
    const t = performance.now();
    const workspaceId = await seed(db, rows);
    console.log(`${name}: ${rows.length} messages generated and indexed in ${ms(performance.now() - t)}`);
    return await measure(db, workspaceId, list);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
    if (name === 'postgres') await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  }
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const rows = generate(MESSAGES);
  const list = queries(rows);
  const results = { sqlite: await runEngine('sqlite', rows, list), postgres: await runEngine('postgres', rows, list) };
  for (const [engine, r] of Object.entries(results)) {
    console.log(
      `\n${engine}: search p50 ${ms(r.p50)}, p95 ${ms(r.p95)}; baseline (first inbox page, no search) p50 ${ms(r.baselineP50)}; p50 ratio ${(r.p50 / r.baselineP50).toFixed(1)}x, p95 ratio ${(r.p95 / r.baselineP50).toFixed(1)}x`,
    );
    console.log(
      table(
        ['query', 'p50', 'rows'],
        r.perQuery.map((q) => [q.q, ms(q.ms), String(q.rows)]),
      ),
    );
  }
  const engine = (r: Result) => ({
    p50Ms: round(r.p50, 2),
    p95Ms: round(r.p95, 2),
    baselineP50Ms: round(r.baselineP50, 2),
    p50Ratio: round(r.p50 / r.baselineP50, 2),
  });
  console.log(
    JSON.stringify({
      bench: 'search',
      messages: MESSAGES,
      sqlite: engine(results.sqlite),
      postgres: engine(results.postgres),
    }),
  );
}

await main();
