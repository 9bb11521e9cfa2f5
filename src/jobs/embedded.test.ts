import { describe, expect, it } from 'vitest';
import { createRepositories, openDatabase, generateSecretKey } from '../db/index.js';
import { seedWorkspace } from '../db/test-databases.js';
import { createEmbeddedQueue } from './embedded.js';

async function setup() {
  const db = await openDatabase({ dataDir: ':memory:' });
  const repos = createRepositories(db, generateSecretKey());
  const { workspaceId } = await seedWorkspace(repos);
  return { db, repos, workspaceId };
}

describe('embedded job queue', () => {
  it('wakes on enqueue: with a 60 s poll interval, a job committed in this process runs at once', async () => {
    const db = await openDatabase({ dataDir: ':memory:' });
    let wake: () => void = () => undefined;
    const repos = createRepositories(db, generateSecretKey(), { onJobCommitted: () => wake() });
    const { workspaceId } = await seedWorkspace(repos);
    const queue = createEmbeddedQueue({ jobs: repos.jobs, pollMs: 60_000, concurrency: 1 });
    wake = () => queue.wake();
    const seen: number[] = [];
    let ran: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (ran = resolve));
    queue.start(async (job) => {
      seen.push(job.id);
      ran();
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the worker is asleep for 60 s now
    // Enqueued inside a transaction: the wake-up comes after the commit, so the claim finds it.
    const job = await repos.transaction(async (tx) => {
      const inserted = await tx.jobs.enqueue(workspaceId, { kind: 'test' });
      await new Promise((resolve) => setTimeout(resolve, 20));
      return inserted;
    });
    await done; // would hang for a minute (past the test timeout) without the wake-up
    await queue.stop();
    expect(seen).toEqual([job.id]);
    expect((await repos.jobs.get(workspaceId, job.id)).state).toBe('done');
    await db.close();
  });

  it('announces a job only once its transaction commits, and never one rolled back', async () => {
    const db = await openDatabase({ dataDir: ':memory:' });
    const announced: number[] = [];
    const repos = createRepositories(db, generateSecretKey(), { onJobCommitted: (job) => announced.push(job.id) });
    const { workspaceId } = await seedWorkspace(repos);
    await expect(
      repos.transaction(async (tx) => {
        await tx.jobs.enqueue(workspaceId, { kind: 'test' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(announced).toEqual([]);
    const job = await repos.transaction(async (tx) => {
      const inserted = await tx.jobs.enqueue(workspaceId, { kind: 'test' });
      expect(announced).toEqual([]); // not yet: still inside the transaction
      return inserted;
    });
    expect(announced).toEqual([job.id]);
    const outside = await repos.jobs.enqueue(workspaceId, { kind: 'test' });
    expect(announced).toEqual([job.id, outside.id]);
    await db.close();
  });

  it('retries a failing job with backoff and records the error', async () => {
    const { db, repos, workspaceId } = await setup();
    const queue = createEmbeddedQueue({ jobs: repos.jobs, pollMs: 10, backoffMs: () => 60_000, concurrency: 1 });
    const job = await repos.jobs.enqueue(workspaceId, { kind: 'test' });
    let calls = 0;
    queue.start(async () => {
      calls += 1;
      throw new Error('store unavailable');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await queue.stop();
    const after = await repos.jobs.get(workspaceId, job.id);
    expect(calls).toBe(1);
    expect(after.state).toBe('queued');
    expect(after.lastError).toBe('store unavailable');
    await db.close();
  });

  it('stop() returns at once although claims were still running when it was called', async () => {
    const { db, repos } = await setup();
    // Slow claims (a busy database): both workers are mid-claim when stop() wakes the sleepers.
    const jobs = {
      ...repos.jobs,
      claimNext: async (options?: Parameters<typeof repos.jobs.claimNext>[0]) => {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return repos.jobs.claimNext(options);
      },
    };
    const queue = createEmbeddedQueue({ jobs, pollMs: 60_000, concurrency: 2 });
    queue.start(async () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Slept a whole poll interval (past the test timeout) when a claim ended after the wake-up.
    await expect(queue.stop()).resolves.toBeUndefined();
    await db.close();
  });

  it('stop() waits for the job in flight, heartbeating while it runs', async () => {
    const { db, repos, workspaceId } = await setup();
    const queue = createEmbeddedQueue({ jobs: repos.jobs, pollMs: 10, lockMs: 300, heartbeatMs: 20, concurrency: 1 });
    const job = await repos.jobs.enqueue(workspaceId, { kind: 'test' });
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    let finished = false;
    queue.start(async () => {
      started();
      await new Promise((resolve) => setTimeout(resolve, 500)); // longer than the lease
      finished = true;
    });
    await running;
    await queue.stop();
    expect(finished).toBe(true);
    // The lease was renewed, so the job completed under the same claim.
    expect((await repos.jobs.get(workspaceId, job.id)).state).toBe('done');
    await db.close();
  });
});
