/**
 * Forwarding that checks itself (migration 014), on SQLite and PostgreSQL: settled arrivals get
 * no job, a confirmation's code is recorded, a check passes with the message that arrived.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ingestRawEmail } from '../pipeline/ingest.js';
import { TEST_TOKEN_PATTERN } from './repositories/forwarding.js';
import { seedWorkspace, withTestDatabases } from './test-databases.js';

const gmail = readFileSync(new URL('../../test/fixtures/verification/gmail-en.eml', import.meta.url));
const customer = (id: string, subject: string) =>
  Buffer.from(
    `From: Ann <ann@example.com>\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\n\r\nWhere is my order?\r\n`,
  );

withTestDatabases('forwarding checks', (store) => {
  it('stores a Gmail confirmation settled, without a job, with its code and link', async () => {
    const { repos, db } = store();
    const ws = await seedWorkspace(repos);
    const result = await ingestRawEmail(repos, { ...ws, raw: gmail, source: 'smtp' });
    expect(result).toMatchObject({ created: true, jobId: null, arrival: 'confirmation' });
    expect(result.message).toMatchObject({ state: 'skipped', source: 'smtp' });
    expect(result.message.stateReason).toMatch(/^Gmail forwarding confirmation: never answered/);
    const jobs = await db.kysely.selectFrom('jobs').select('id').where('message_id', '=', result.message.id).execute();
    expect(jobs).toEqual([]);
    const confirmation = await repos.forwarding.latestConfirmation(ws.workspaceId, ws.inboxId);
    expect(confirmation).toMatchObject({
      provider: 'gmail',
      code: '482913706',
      link: expect.stringMatching(/^https:\/\/mail-settings\.google\.com\/mail\/vf-/),
      requestedBy: 'help@acme-outfitters.com',
      senderVerified: false,
      messageId: result.message.id,
    });
    // Another workspace sees nothing of it.
    const other = await seedWorkspace(repos);
    expect(await repos.forwarding.latestConfirmation(other.workspaceId, ws.inboxId)).toBeNull();
    // A redelivery is a no-op.
    expect(await ingestRawEmail(repos, { ...ws, raw: gmail, source: 'smtp' })).toMatchObject({ created: false });
  });

  it('passes a pending check with the next message, and records the test message itself without a job', async () => {
    const { repos } = store();
    const ws = await seedWorkspace(repos);
    const check = await repos.forwarding.startCheck(ws.workspaceId, ws.inboxId, 'user:1');
    expect(check).toMatchObject({ status: 'pending', passedAt: null });
    expect(check.token).toMatch(TEST_TOKEN_PATTERN);

    const test = await ingestRawEmail(repos, {
      ...ws,
      raw: customer('t1@x', `Snoooz test ${check.token.toLowerCase()}`),
      source: 'smtp',
    });
    expect(test).toMatchObject({ created: true, jobId: null, arrival: 'test', message: { state: 'skipped' } });
    const passed = await repos.forwarding.latestCheck(ws.workspaceId, ws.inboxId);
    expect(passed).toMatchObject({
      status: 'passed',
      fromAddress: 'ann@example.com',
      source: 'smtp',
      messageId: test.message.id,
    });

    // A customer's mail while a check is pending passes it, and is still answered (it has a job).
    const second = await repos.forwarding.startCheck(ws.workspaceId, ws.inboxId, 'user:1');
    const real = await ingestRawEmail(repos, { ...ws, raw: customer('c1@x', 'Order 5021'), source: 'imap' });
    expect(real).toMatchObject({ arrival: 'customer', message: { state: 'received', source: 'imap' } });
    expect(real.jobId).not.toBeNull();
    expect(await repos.forwarding.latestCheck(ws.workspaceId, ws.inboxId)).toMatchObject({
      id: second.id,
      status: 'passed',
      source: 'imap',
    });

    // A token nobody was given is just words in a customer's mail.
    const stranger = await ingestRawEmail(repos, { ...ws, raw: customer('c2@x', 'Snoooz test ZZZZ'), source: 'smtp' });
    expect(stranger.arrival).toBe('customer');
    expect(stranger.jobId).not.toBeNull();
    // Nor does another inbox's token count here.
    const otherInbox = await repos.inboxes.create(ws.workspaceId, {
      name: 'Other',
      address: 'other@example.com',
      imap: null,
      smtp: null,
      password: null,
    });
    const foreign = await ingestRawEmail(repos, {
      workspaceId: ws.workspaceId,
      inboxId: otherInbox.id,
      raw: customer('c3@x', `Snoooz test ${check.token}`),
      source: 'smtp',
    });
    expect(foreign.arrival).toBe('customer');
  });

  it('lets an unanswered check expire after its window', async () => {
    const { repos, db, clock } = store();
    const ws = await seedWorkspace(repos);
    const check = await repos.forwarding.startCheck(ws.workspaceId, ws.inboxId, 'user:1');
    await db.kysely
      .updateTable('forwarding_checks')
      .set({ started_at: new Date(clock.now().getTime() - 2 * 60 * 60_000).toISOString() })
      .where('id', '=', check.id)
      .execute();
    expect((await repos.forwarding.latestCheck(ws.workspaceId, ws.inboxId))?.status).toBe('expired');
    await ingestRawEmail(repos, { ...ws, raw: customer('late@x', 'Hello'), source: 'smtp' });
    expect((await repos.forwarding.latestCheck(ws.workspaceId, ws.inboxId))?.status).toBe('expired');
  });
});
