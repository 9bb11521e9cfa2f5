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
  it('runs a job soon after wake() even with a long poll interval, and completes it', async () => {
    const { db, repos, workspaceId } = await setup();
    const queue = createEmbeddedQueue({ jobs: repos.jobs, pollMs: 60_000, concurrency: 1 });
    const seen: number[] = [];
    let done: () => void = () => undefined;
    const ran = new Promise<void>((resolve) => (done = resolve));
    queue.start(async (job) => {
      seen.push(job.id);
      done();
    });
    await new Promise((resolve) => setTimeout(resolve, 50)); // the worker is idle now
    const job = await repos.jobs.enqueue(workspaceId, { kind: 'test' });
    const started = Date.now();
    queue.wake();
    await ran;
    expect(Date.now() - started).toBeLessThan(2_000);
    await queue.stop();
    expect(seen).toEqual([job.id]);
    expect((await repos.jobs.get(workspaceId, job.id)).state).toBe('done');
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
