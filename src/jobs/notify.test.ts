/**
 * Wake-up across connections on a real PostgreSQL: a worker whose poll interval is a minute still
 * runs a job another connection enqueued, because the enqueue NOTIFYs in its transaction and the
 * worker LISTENs. The test timeout (far below the poll interval) is what fails without it.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Repositories } from '../db/index.js';
import { createRepositories, generateSecretKey, PROCESS_MESSAGE_JOB } from '../db/index.js';
import { createTestDatabase, seedWorkspace, type TestDatabaseTarget } from '../db/test-databases.js';
import { createEmbeddedQueue } from './embedded.js';
import { createJobListener, notifyingEnqueueHook } from './notify.js';
import { createPgBossQueue, openPgBoss, pgBossEnqueueHook } from './pg-boss.js';
import type { JobQueue } from './types.js';

const kinds = [PROCESS_MESSAGE_JOB];
const MINUTE = 60_000;
let target: TestDatabaseTarget;
const opened: Database[] = [];
const bosses: PgBoss[] = [];

beforeAll(async () => {
  target = await createTestDatabase('postgres');
}, 60_000);

afterAll(async () => {
  for (const boss of bosses) await boss.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
  for (const db of opened) await db.close();
  await target?.drop();
});

/** A second "process": its own pool, its own repositories; only the database is shared. */
async function connection(options: { pgBoss?: boolean } = {}): Promise<{ repos: Repositories; boss?: PgBoss }> {
  const db = await target.open();
  opened.push(db);
  if (!options.pgBoss)
    return { repos: createRepositories(db, generateSecretKey(), { onJobEnqueued: notifyingEnqueueHook() }) };
  const boss = await openPgBoss({ url: target.url ?? '', kinds, supervise: false });
  bosses.push(boss);
  const onJobEnqueued = notifyingEnqueueHook(pgBossEnqueueHook(boss, kinds));
  return { repos: createRepositories(db, generateSecretKey(), { onJobEnqueued }), boss };
}

async function ingest(repos: Repositories, workspaceId: number, inboxId: number, tag: string) {
  return repos.messages.storeIncoming(workspaceId, inboxId, {
    messageId: `<${tag}-${Date.now()}-${Math.random()}@test>`,
    fromAddress: 'a@example.com',
    subject: 'hi',
    receivedAt: new Date(),
    raw: Buffer.from('Subject: hi\r\n\r\nhello\r\n'),
  });
}

/** Starts `queue` with a listener, waits until its first fetch came back empty (it now sleeps a minute). */
async function startListening(queue: JobQueue, ran: number[]): Promise<() => Promise<void>> {
  let fetchedOnce: () => void = () => undefined;
  const idle = new Promise<void>((resolve) => (fetchedOnce = resolve));
  queue.start(async (job) => void ran.push(job.id));
  const listener = createJobListener({ url: target.url ?? '' });
  await listener.start(() => queue.wake());
  setTimeout(fetchedOnce, 300);
  await idle;
  return async () => {
    await listener.stop();
    await queue.stop();
  };
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await delay(5);
}

describe('wake-up across connections (LISTEN/NOTIFY)', () => {
  it('pg-boss: a job enqueued by another connection runs although the worker polls once a minute', async () => {
    const producer = await connection({ pgBoss: true });
    const worker = await connection({ pgBoss: true });
    const { workspaceId, inboxId } = await seedWorkspace(producer.repos);
    const ran: number[] = [];
    const queue = createPgBossQueue({
      boss: await openPgBoss({ url: target.url ?? '', kinds }),
      jobs: worker.repos.jobs,
      kinds,
      pollMs: MINUTE,
    });
    const stop = await startListening(queue, ran);
    const first = await ingest(producer.repos, workspaceId, inboxId, 'a');
    await until(() => ran.includes(first.jobId ?? -1));
    // And again: the loop went back to its minute-long sleep and is woken a second time.
    const second = await ingest(producer.repos, workspaceId, inboxId, 'b');
    await until(() => ran.includes(second.jobId ?? -1));
    await stop();
    expect(ran).toEqual([first.jobId, second.jobId]);
  }, 20_000);

  it('embedded queue on PostgreSQL: the same wake-up from another connection', async () => {
    const producer = await connection();
    const worker = await connection();
    const { workspaceId, inboxId } = await seedWorkspace(producer.repos);
    const ran: number[] = [];
    const queue = createEmbeddedQueue({ jobs: worker.repos.jobs, kinds, pollMs: MINUTE, concurrency: 2 });
    const stop = await startListening(queue, ran);
    const stored = await ingest(producer.repos, workspaceId, inboxId, 'e');
    await until(() => ran.includes(stored.jobId ?? -1));
    await stop();
    expect(ran).toEqual([stored.jobId]);
  }, 20_000);

  it('notifies only on commit: a rolled-back enqueue wakes nobody', async () => {
    const producer = await connection();
    const { workspaceId, inboxId } = await seedWorkspace(producer.repos);
    const kindsSeen: string[] = [];
    const listener = createJobListener({ url: target.url ?? '' });
    await listener.start((kind) => kindsSeen.push(kind));
    kindsSeen.length = 0; // the wake-up on connect
    await expect(
      producer.repos.transaction(async (tx) => {
        await ingest(tx, workspaceId, inboxId, 'r');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await ingest(producer.repos, workspaceId, inboxId, 'c');
    // Notifications arrive in commit order: when the committed one is here, a rolled-back one
    // would have arrived before it.
    await until(() => kindsSeen.length > 0);
    await listener.stop();
    expect(kindsSeen).toEqual([PROCESS_MESSAGE_JOB]);
  }, 20_000);
});
