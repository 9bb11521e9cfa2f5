import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import { seedWorkspace, uniqueSlug, withTestDatabases } from './test-databases.js';

withTestDatabases('jobs', (store) => {
  it('claim the oldest due job once, then nothing until it is done', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const kind = uniqueSlug('kind');
    const first = await repos.jobs.enqueue(workspaceId, { kind, payload: { n: 1 } });
    await repos.jobs.enqueue(workspaceId, { kind, payload: { n: 2 }, runAt: new Date(Date.now() + 3_600_000) });

    const claimed = await repos.jobs.claimNext({ kinds: [kind], lockMs: 60_000 });
    expect(claimed).toMatchObject({ id: first.id, state: 'running', attempts: 1, payload: { n: 1 }, workspaceId });
    expect(await repos.jobs.claimNext({ kinds: [kind] })).toBeNull();
    await repos.jobs.complete(claimed!);
    expect((await repos.jobs.get(workspaceId, first.id)).state).toBe('done');
    await expect(repos.jobs.complete(claimed!)).rejects.toSatisfy((e) => isDbError(e, 'conflict'));
  });

  it('hand each job to one claimer when several claim at once', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const kind = uniqueSlug('kind');
    for (let i = 0; i < 4; i += 1) await repos.jobs.enqueue(workspaceId, { kind, payload: i });
    const claims = await Promise.all(Array.from({ length: 8 }, () => repos.jobs.claimNext({ kinds: [kind] })));
    const ids = claims.filter((c) => c !== null).map((c) => c.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });

  it('recover a job whose worker died: after the lease expires it is claimed again, the old claim is void', async () => {
    const { repos, clock } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const kind = uniqueSlug('kind');
    const job = await repos.jobs.enqueue(workspaceId, { kind });

    const crashed = await repos.jobs.claimNext({ kinds: [kind], lockMs: 60_000 });
    expect(crashed?.id).toBe(job.id);
    clock.advance(30_000);
    expect(await repos.jobs.claimNext({ kinds: [kind], lockMs: 60_000 })).toBeNull();

    clock.advance(31_000);
    const recovered = await repos.jobs.claimNext({ kinds: [kind], lockMs: 60_000 });
    expect(recovered).toMatchObject({ id: job.id, attempts: 2 });
    expect(recovered?.lockToken).not.toBe(crashed?.lockToken);

    // The worker that lost its lease cannot finish or fail the job any more.
    await expect(repos.jobs.complete(crashed!)).rejects.toSatisfy((e) => isDbError(e, 'conflict'));
    await expect(repos.jobs.fail(crashed!, 'late')).rejects.toSatisfy((e) => isDbError(e, 'conflict'));
    await expect(repos.jobs.heartbeat(crashed!)).rejects.toSatisfy((e) => isDbError(e, 'conflict'));

    const extended = await repos.jobs.heartbeat(recovered!, 120_000);
    clock.advance(90_000);
    expect(await repos.jobs.claimNext({ kinds: [kind] })).toBeNull();
    await repos.jobs.complete(extended);
  });

  it('retry a failed job with backoff, then fail it (and its message) after the last attempt', async () => {
    const { repos, clock } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const { message, jobId } = await repos.messages.storeIncoming(workspaceId, inboxId, {
      messageId: '<retry@x.example>',
      fromAddress: 'a@x.example',
      subject: 'hi',
      receivedAt: new Date(),
      raw: 'hi',
    });
    const kind = 'process_message';
    const maxAttempts = 2;

    const attempt1 = await repos.jobs.claimNext({ kinds: [kind], maxAttempts });
    expect(attempt1?.id).toBe(jobId);
    const requeued = await repos.jobs.fail(attempt1!, 'store timeout', { maxAttempts, backoffMs: () => 10_000 });
    expect(requeued).toMatchObject({ state: 'queued', lastError: 'store timeout', attempts: 1 });
    expect(await repos.jobs.claimNext({ kinds: [kind], maxAttempts })).toBeNull();

    clock.advance(10_001);
    const attempt2 = await repos.jobs.claimNext({ kinds: [kind], maxAttempts });
    expect(attempt2?.attempts).toBe(2);
    const failed = await repos.jobs.fail(attempt2!, 'store timeout again', { maxAttempts });
    expect(failed.state).toBe('failed');
    expect(await repos.messages.get(workspaceId, message.id)).toMatchObject({
      state: 'failed',
      stateReason: 'store timeout again',
    });
    clock.advance(3_600_000);
    expect(await repos.jobs.claimNext({ kinds: [kind], maxAttempts })).toBeNull();
  });

  it('stop re-running a job that kills its worker every time', async () => {
    const { repos, clock } = store();
    const { workspaceId } = await seedWorkspace(repos);
    const kind = uniqueSlug('poison');
    const job = await repos.jobs.enqueue(workspaceId, { kind });
    for (let i = 0; i < 3; i += 1) {
      expect(await repos.jobs.claimNext({ kinds: [kind], maxAttempts: 3, lockMs: 1_000 })).not.toBeNull();
      clock.advance(1_001);
    }
    expect(await repos.jobs.claimNext({ kinds: [kind], maxAttempts: 3, lockMs: 1_000 })).toBeNull();
    expect(await repos.jobs.get(workspaceId, job.id)).toMatchObject({ state: 'failed', attempts: 3 });
  });
});
