/**
 * The database side of `bench:e2e`: a fresh SQLite folder or PostgreSQL database per engine, one
 * workspace per case (its own simulator store, its own mailbox), and, afterwards, when each
 * message was stored and its draft written, read from the rows the serve process wrote.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { DEFAULT_TOKEN } from '../simulator/index.js';
import {
  createRepositories,
  generateSecretKey,
  openDatabase,
  type Database,
  type Repositories,
  type SecretKey,
} from '../src/db/index.js';

export type Engine = 'sqlite' | 'postgres';

export interface BenchDatabase {
  engine: Engine;
  dataDir: string;
  /** PostgreSQL only. */
  url?: string;
  key: SecretKey;
  db: Database;
  repos: Repositories;
  drop(): Promise<void>;
}

async function admin(adminUrl: string, query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** Creates and migrates the database the serve process will use (nothing else is in it). */
export async function createBenchDatabase(engine: Engine, adminUrl: string): Promise<BenchDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'snoooz-e2e-'));
  const key = generateSecretKey();
  let url: string | undefined;
  let name = '';
  if (engine === 'postgres') {
    name = `snoooz_e2e_${randomBytes(5).toString('hex')}`;
    await admin(adminUrl, `CREATE DATABASE ${name} TEMPLATE template0`);
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  }
  const db = await openDatabase(url ? { url, dataDir } : { dataDir });
  return {
    engine,
    dataDir,
    ...(url ? { url } : {}),
    key,
    db,
    repos: createRepositories(db, key),
    async drop() {
      await db.close();
      if (name) await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface CaseInbox {
  workspaceId: number;
  inboxId: number;
  /** `inbox-<token>@<SNOOOZ_SMTP_DOMAIN>`. */
  forwardingAddress: string;
}

/**
 * What an owner sets up on the web pages: a workspace with BigCommerce enabled and connected, an
 * inbox (with IMAP, or forwarding only) on that store and "also save drafts to the Drafts folder".
 */
export async function createCaseInbox(
  repos: Repositories,
  input: {
    slug: string;
    storeHash: string;
    imap: { host: string; port: number; user: string; password: string } | null;
    smtpDomain: string;
  },
): Promise<CaseInbox> {
  const workspace = await repos.workspaces.create({ slug: input.slug, name: `Shop ${input.slug}` });
  await repos.workspaces.enableIntegration(workspace.id, 'bigcommerce', 'cli');
  const integration = await repos.integrations.saveConnected(workspace.id, {
    storeHash: input.storeHash,
    storeName: input.storeHash,
    accessToken: DEFAULT_TOKEN,
    scopes: ['customers', 'orders', 'products', 'information'],
  });
  const inbox = await repos.inboxes.create(workspace.id, {
    name: 'Support',
    address: `support@${input.slug}.example`,
    storeIntegrationId: integration.id,
    ...(input.imap
      ? {
          imap: { host: input.imap.host, port: input.imap.port, secure: false, user: input.imap.user },
          password: input.imap.password,
        }
      : {}),
  });
  if (input.imap) await repos.prefs.setAppendDrafts(workspace.id, inbox.id, true);
  return {
    workspaceId: workspace.id,
    inboxId: inbox.id,
    forwardingAddress: `inbox-${inbox.forwardingToken}@${input.smtpDomain}`,
  };
}

export interface StoredTimes {
  /** When the serve process stored the message (ms since the epoch). */
  storedAt: number;
  /** When it wrote the draft; null while there is none. */
  draftAt: number | null;
}

const bare = (messageId: string) => messageId.replace(/^<|>$/g, '').toLowerCase();

/**
 * Per Message-ID of an inbox: `messages.received_at` and `drafts.created_at`, both set by the
 * serve process from the clock this process reads too, so no polling is on the measured path.
 */
export async function storedTimes(db: Database, inboxId: number): Promise<Map<string, StoredTimes>> {
  const rows = await db.kysely
    .selectFrom('messages as m')
    .leftJoin('drafts as d', 'd.message_id', 'm.id')
    .select(['m.message_id as messageId', 'm.received_at as receivedAt', 'd.created_at as draftAt'])
    .where('m.inbox_id', '=', inboxId)
    .execute();
  return new Map(
    rows.map((row) => [
      bare(row.messageId),
      { storedAt: Date.parse(row.receivedAt), draftAt: row.draftAt ? Date.parse(row.draftAt) : null },
    ]),
  );
}

/** How many messages of an inbox have a draft (a cheap read-only count, to know when a case ends). */
export async function draftCount(db: Database, inboxId: number): Promise<number> {
  const row = await sql<{ n: string | number }>`
    select count(*) as n from drafts d join messages m on m.id = d.message_id where m.inbox_id = ${inboxId}
  `.execute(db.kysely);
  return Number(row.rows[0]?.n ?? 0);
}

/** Jobs not finished yet, in every inbox (the queue has drained when this is 0). */
export async function pendingJobs(db: Database): Promise<number> {
  const row = await sql<{ n: string | number }>`
    select count(*) as n from jobs where state in ('queued', 'running')
  `.execute(db.kysely);
  return Number(row.rows[0]?.n ?? 0);
}
