/**
 * The pg-boss queue on a real PostgreSQL: enqueued in the message's transaction, retried after a
 * worker dies (short expiry), handed back on a graceful stop that times out.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Repositories } from '../db/index.js';
import { createRepositories, generateSecretKey, PROCESS_MESSAGE_JOB } from '../db/index.js';
import { createTestDatabase, seedWorkspace, type TestDatabaseTarget } from '../db/test-databases.js';
import { createPgBossQueue, openPgBoss, pgBossEnqueueHook, type PgBossJobData } from './pg-boss.js';

const kinds = [PROCESS_MESSAGE_JOB];
let target: TestDatabaseTarget;
let db: Database;
let boss: PgBoss;
let repos: Repositories;
let seq = 0;

beforeAll(async () => {
  target = await createTestDatabase('postgres');
  db = await target.open();
  boss = await openPgBoss({ url: target.url ?? '', kinds, maintenanceIntervalSeconds: 1 });
  repos = createRepositories(db, generateSecretKey(), {
    onJobEnqueued: pgBossEnqueueHook(boss, kinds, { expireInSeconds: 2, retryDelaySeconds: 1, retryLimit: 3 }),
  });
}, 60_000);

afterAll(async () => {
  await boss?.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
  await db?.close();
  await target?.drop();
});

async function ingest(workspaceId: number, inboxId: number) {
  seq += 1;
  return repos.messages.storeIncoming(workspaceId, inboxId, {
    messageId: `<pgboss-${seq}-${Date.now()}@test>`,
    fromAddress: 'a@example.com',
    subject: 'hi',
    receivedAt: new Date(),
    raw: Buffer.from('Subject: hi\r\n\r\nhello\r\n'),
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await delay(50);
  }
}

describe('pg-boss queue', () => {
  it('sends the job in the message transaction: a rollback leaves neither', async () => {
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const before = await boss.getQueueSize(PROCESS_MESSAGE_JOB);
    await expect(
      repos.transaction(async (tx) => {
        seq += 1;
        await tx.messages.storeIncoming(workspaceId, inboxId, {
          messageId: `<rollback-${seq}@test>`,
          fromAddress: 'a@example.com',
          subject: 'x',
          receivedAt: new Date(),
          raw: Buffer.from('x'),
        });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await boss.getQueueSize(PROCESS_MESSAGE_JOB)).toBe(before);
    const stored = await ingest(workspaceId, inboxId);
    expect(await boss.getQueueSize(PROCESS_MESSAGE_JOB)).toBe(before + 1);
    // A redelivery stores nothing and queues nothing.
    const again = await repos.messages.storeIncoming(workspaceId, inboxId, {
      messageId: (await repos.messages.get(workspaceId, stored.message.id)).messageId,
      fromAddress: 'a@example.com',
      subject: 'hi',
      receivedAt: new Date(),
      raw: Buffer.from('x'),
    });
    expect(again.created).toBe(false);
    expect(await boss.getQueueSize(PROCESS_MESSAGE_JOB)).toBe(before + 1);
    // Drain it so later tests start empty.
    const queue = createPgBossQueue({
      boss: await openPgBoss({ url: target.url ?? '', kinds }),
      jobs: repos.jobs,
      kinds,
      pollMs: 20,
    });
    queue.start(async () => undefined);
    await waitFor(async () => (await repos.jobs.get(workspaceId, stored.jobId ?? 0)).state === 'done', 10_000);
    await queue.stop();
  });

  it('runs a job again after its worker died mid-job (expiry), and settles our row', async () => {
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const stored = await ingest(workspaceId, inboxId);
    // A worker fetches the job and dies: the job stays active and is never completed.
    const [taken] = await boss.fetch<PgBossJobData>(PROCESS_MESSAGE_JOB, { batchSize: 1 });
    expect(taken?.data.jobId).toBe(stored.jobId);

    const seen: Array<{ id: number; attempts: number }> = [];
    const queue = createPgBossQueue({
      boss: await openPgBoss({ url: target.url ?? '', kinds, maintenanceIntervalSeconds: 1 }),
      jobs: repos.jobs,
      kinds,
      pollMs: 50,
    });
    queue.start(async (job) => void seen.push({ id: job.id, attempts: job.attempts }));
    await waitFor(async () => (await repos.jobs.get(workspaceId, stored.jobId ?? 0)).state === 'done', 20_000);
    await queue.stop();
    expect(seen).toEqual([{ id: stored.jobId, attempts: 2 }]);
    expect((await repos.jobs.get(workspaceId, stored.jobId ?? 0)).attempts).toBe(2);
  }, 30_000);

  it('retries a failing job and fails the message after the last attempt', async () => {
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const stored = await ingest(workspaceId, inboxId);
    const queue = createPgBossQueue({
      boss: await openPgBoss({ url: target.url ?? '', kinds }),
      jobs: repos.jobs,
      kinds,
      pollMs: 50,
    });
    let calls = 0;
    queue.start(async () => {
      calls += 1;
      throw new Error('store unavailable');
    });
    await waitFor(async () => (await repos.jobs.get(workspaceId, stored.jobId ?? 0)).state === 'failed', 25_000);
    await queue.stop();
    expect(calls).toBe(4); // 1 + retryLimit 3
    const message = await repos.messages.get(workspaceId, stored.message.id);
    expect(message.state).toBe('failed');
    expect(message.stateReason).toContain('store unavailable');
  }, 30_000);

  it('stop() waits for jobs in flight, and hands back the ones that outlast the timeout', async () => {
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const stored = await ingest(workspaceId, inboxId);
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    const stuck = createPgBossQueue({
      boss: await openPgBoss({ url: target.url ?? '', kinds }),
      jobs: repos.jobs,
      kinds,
      pollMs: 20,
      stopTimeoutMs: 200,
    });
    stuck.start(async () => {
      started();
      await delay(60_000); // never finishes in time
    });
    await running;
    const stopStarted = Date.now();
    await stuck.stop();
    expect(Date.now() - stopStarted).toBeLessThan(5_000);

    // Handed back: another worker runs it long before the 2 s expiry would have.
    const next = createPgBossQueue({
      boss: await openPgBoss({ url: target.url ?? '', kinds }),
      jobs: repos.jobs,
      kinds,
      pollMs: 20,
    });
    const attempts: number[] = [];
    next.start(async (job) => void attempts.push(job.attempts));
    await waitFor(async () => (await repos.jobs.get(workspaceId, stored.jobId ?? 0)).state === 'done', 10_000);
    await next.stop();
    expect(attempts).toEqual([2]);
  }, 30_000);
});
