import { expect, it } from 'vitest';
import { isDbError } from './errors.js';
import type { IncomingMessageInput } from './repositories/messages.js';
import { PROCESS_MESSAGE_JOB } from './repositories/messages.js';
import { injectFailure, seedWorkspace, withTestDatabases } from './test-databases.js';

function email(n: number, overrides: Partial<IncomingMessageInput> = {}): IncomingMessageInput {
  return {
    messageId: `<m${n}@customer.example>`,
    fromAddress: 'Jane.Doe@Customer.Example',
    fromName: 'Jane Doe',
    subject: `Where is my order #${n}?`,
    receivedAt: new Date(Date.UTC(2025, 0, 1, 12, n)),
    raw: `Message-ID: <m${n}@customer.example>\r\nSubject: Where is my order?\r\n\r\nHello ${n}`,
    ...overrides,
  };
}

withTestDatabases('messages', (store) => {
  it('store a message and queue exactly one job for it', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const result = await repos.messages.storeIncoming(workspaceId, inboxId, email(1));
    expect(result.created).toBe(true);
    expect(result.message).toMatchObject({
      workspaceId,
      inboxId,
      messageId: '<m1@customer.example>',
      threadKey: '<m1@customer.example>',
      // As received: the list shows the sender's address exactly as written.
      fromAddress: 'Jane.Doe@Customer.Example',
      state: 'received',
      attempts: 0,
    });
    const jobs = await repos.jobs.listForMessage(workspaceId, result.message.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ id: result.jobId, kind: PROCESS_MESSAGE_JOB, state: 'queued' });
    expect(jobs[0]?.payload).toEqual({ messageId: result.message.id });
    expect((await repos.messages.getRaw(workspaceId, result.message.id)).toString('utf8')).toContain('Hello 1');
  });

  it('treat a second delivery of the same Message-ID to the same inbox as a no-op', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const first = await repos.messages.storeIncoming(workspaceId, inboxId, email(2));
    const second = await repos.messages.storeIncoming(workspaceId, inboxId, email(2, { subject: 'changed' }));
    expect(second.created).toBe(false);
    expect(second.jobId).toBeNull();
    expect(second.message).toEqual(first.message);
    expect(await repos.jobs.listForMessage(workspaceId, first.message.id)).toHaveLength(1);
    expect(await repos.messages.list(workspaceId)).toHaveLength(1);

    // The same Message-ID in another inbox is another message.
    const other = await repos.inboxes.create(workspaceId, { name: 'Sales', address: `sales-${inboxId}@x.example` });
    expect((await repos.messages.storeIncoming(workspaceId, other.id, email(2))).created).toBe(true);
  });

  it('store exactly one message and one job when the same message arrives concurrently', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => repos.messages.storeIncoming(workspaceId, inboxId, email(3))),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
    expect(await repos.jobs.listForMessage(workspaceId, results[0]?.message.id ?? 0)).toHaveLength(1);
  });

  it('write nothing when queueing the job fails after the message insert', async () => {
    const { repos, db } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const restore = await injectFailure(db, { table: 'jobs', on: 'insert' });
    try {
      await expect(repos.messages.storeIncoming(workspaceId, inboxId, email(4))).rejects.toThrow(/injected failure/);
    } finally {
      await restore();
    }
    expect(await repos.messages.list(workspaceId)).toEqual([]);
    // The redelivery after the failure stores it normally.
    const retry = await repos.messages.storeIncoming(workspaceId, inboxId, email(4));
    expect(retry.created).toBe(true);
    expect(await repos.jobs.listForMessage(workspaceId, retry.message.id)).toHaveLength(1);
  });

  it('list newest first, filter by state and inbox, and page with a cursor', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const stored = [];
    for (const n of [10, 12, 11])
      stored.push((await repos.messages.storeIncoming(workspaceId, inboxId, email(n))).message);
    await repos.messages.setState(workspaceId, stored[0]?.id ?? 0, 'skipped', 'auto-reply');

    const all = await repos.messages.list(workspaceId);
    expect(all.map((m) => m.messageId)).toEqual([
      '<m12@customer.example>',
      '<m11@customer.example>',
      '<m10@customer.example>',
    ]);
    const skipped = await repos.messages.list(workspaceId, { state: 'skipped' });
    expect(skipped.map((m) => m.stateReason)).toEqual(['auto-reply']);
    expect(await repos.messages.list(workspaceId, { state: ['received', 'skipped'] })).toHaveLength(3);
    expect(await repos.messages.list(workspaceId, { inboxId: inboxId + 100_000 })).toEqual([]);

    const page1 = await repos.messages.list(workspaceId, { limit: 2 });
    const last = page1[1];
    const page2 = await repos.messages.list(workspaceId, {
      limit: 2,
      before: { receivedAt: last?.receivedAt ?? '', id: last?.id ?? 0 },
    });
    expect(page2.map((m) => m.messageId)).toEqual(['<m10@customer.example>']);
  });

  it('set state with a reason, count processing attempts and record the understanding', async () => {
    const { repos, clock } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    const { message } = await repos.messages.storeIncoming(workspaceId, inboxId, email(20));
    clock.advance(1_000);
    const processing = await repos.messages.setState(workspaceId, message.id, 'processing');
    expect(processing.attempts).toBe(1);
    expect(processing.updatedAt > message.updatedAt).toBe(true);
    const understood = await repos.messages.setUnderstanding(workspaceId, message.id, {
      intent: 'order_status',
      language: 'en',
    });
    expect(understood).toMatchObject({ intent: 'order_status', language: 'en', state: 'processing' });
    const failed = await repos.messages.setState(workspaceId, message.id, 'failed', 'store unavailable');
    expect(failed).toMatchObject({ state: 'failed', stateReason: 'store unavailable', attempts: 1 });
  });

  it('reject unknown inboxes, bad input, and unknown ids with typed errors', async () => {
    const { repos } = store();
    const { workspaceId, inboxId } = await seedWorkspace(repos);
    await expect(repos.messages.storeIncoming(workspaceId, 999_999, email(30))).rejects.toSatisfy((e) =>
      isDbError(e, 'not_found'),
    );
    await expect(repos.messages.storeIncoming(workspaceId, inboxId, email(31, { messageId: ' ' }))).rejects.toSatisfy(
      (e) => isDbError(e, 'invalid_input'),
    );
    await expect(
      repos.messages.storeIncoming(workspaceId, inboxId, email(32, { receivedAt: 'yesterday-ish' })),
    ).rejects.toSatisfy((e) => isDbError(e, 'invalid_input'));
    await expect(repos.messages.get(workspaceId, 999_999)).rejects.toSatisfy((e) => isDbError(e, 'not_found'));
    await expect(repos.messages.get(workspaceId, Number.NaN)).rejects.toSatisfy((e) => isDbError(e, 'not_found'));
  });
});
