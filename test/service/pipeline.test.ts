/**
 * The service layer end to end on a real database (SQLite and PostgreSQL) with the BigCommerce
 * simulator over HTTP: ingest → job → draft, and the ways it must not lose or double anything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimedJob } from '../../src/db/index.js';
import { uniqueSlug, withTestDatabases } from '../../src/db/test-databases.js';
import type { Simulator, StoreData } from '../../simulator/index.js';
import {
  customerEmail,
  makeServices,
  seedConnected,
  shippedCustomer,
  startSmtpPeer,
  startTestSimulator,
  withGooglePass,
  type SmtpPeer,
} from './helpers.js';

let simulator: Simulator;
let data: StoreData;
let smtp: SmtpPeer;

beforeAll(async () => {
  ({ simulator, data } = await startTestSimulator());
  smtp = await startSmtpPeer();
});
afterAll(async () => {
  await simulator.close();
  await smtp.close();
});

withTestDatabases('service pipeline', (store) => {
  async function claim(workspaceId: number): Promise<ClaimedJob> {
    // Jobs of other tests may be queued too: take the next one of this workspace.
    for (;;) {
      const job = await store().repos.jobs.claimNext({ lockMs: 60_000 });
      if (!job) throw new Error('No job queued');
      if (job.workspaceId === workspaceId) return job;
      await store().repos.jobs.complete(job);
    }
  }

  async function runNextJob(services: ReturnType<typeof makeServices>, workspaceId: number): Promise<void> {
    const job = await claim(workspaceId);
    await services.handleJob(job, { heartbeat: async () => undefined, signal: new AbortController().signal });
    await store().repos.jobs.complete(job);
  }

  it('ingests an email, runs its job and stores one draft grounded in the store', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug());
    const services = makeServices(repos, simulator.url);
    const customer = shippedCustomer(data);
    const ingested = await services.ingestRaw({
      ...ws,
      raw: customerEmail(customer, ws.address, `Hi, where is my order #${customer.orderId}?`),
      source: 'http',
    });
    expect(ingested.created).toBe(true);
    await runNextJob(services, ws.workspaceId);

    const message = await repos.messages.get(ws.workspaceId, ingested.messageId);
    expect(message.state).toBe('drafted');
    const draft = await repos.drafts.byMessage(ws.workspaceId, ingested.messageId);
    expect(draft?.text).toContain(String(customer.orderId));
    expect(draft?.context).toMatchObject({ senderEmail: customer.email.toLowerCase() });
    expect(simulator.writeAttempts).toHaveLength(0);
  });

  it('stores a duplicate delivery once, with one job and one draft', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug());
    const services = makeServices(repos, simulator.url);
    const raw = customerEmail(shippedCustomer(data), ws.address, 'Any news on my order?', `dup-${ws.workspaceId}@x`);
    const first = await services.ingestRaw({ ...ws, raw, source: 'smtp' });
    const second = await services.ingestRaw({ ...ws, raw, source: 'imap' });
    expect(second).toEqual({ messageId: first.messageId, created: false });
    expect(await repos.jobs.listForMessage(ws.workspaceId, first.messageId)).toHaveLength(1);
    await runNextJob(services, ws.workspaceId);
    expect(await repos.messages.list(ws.workspaceId)).toHaveLength(1);
    expect(await repos.drafts.list(ws.workspaceId)).toHaveLength(1);
  });

  it('records malformed mail as failed with the reason and still processes the next email', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug());
    const services = makeServices(repos, simulator.url);
    const bad = await services.ingestRaw({ ...ws, raw: Buffer.from('\u0000\u0001 binary junk'), source: 'smtp' });
    const again = await services.ingestRaw({ ...ws, raw: Buffer.from('\u0000\u0001 binary junk'), source: 'smtp' });
    expect(again.created).toBe(false);
    const failed = await repos.messages.get(ws.workspaceId, bad.messageId);
    expect(failed.state).toBe('failed');
    expect(failed.stateReason).toMatch(/Not an email/);
    expect((await repos.messages.getRaw(ws.workspaceId, bad.messageId)).length).toBeGreaterThan(0);

    const good = await services.ingestRaw({
      ...ws,
      raw: customerEmail(shippedCustomer(data), ws.address, 'Where is it?'),
      source: 'smtp',
    });
    await runNextJob(services, ws.workspaceId); // the malformed one: fails again, quickly, for good
    await runNextJob(services, ws.workspaceId);
    expect((await repos.messages.get(ws.workspaceId, bad.messageId)).state).toBe('failed');
    expect((await repos.messages.get(ws.workspaceId, good.messageId)).state).toBe('drafted');
  });

  it('re-runs a job whose worker died (lease expired) and still has exactly one draft', async () => {
    const { repos, clock } = store();
    const ws = await seedConnected(repos, uniqueSlug());
    const services = makeServices(repos, simulator.url);
    const { messageId } = await services.ingestRaw({
      ...ws,
      raw: customerEmail(shippedCustomer(data), ws.address, 'Where is my parcel?'),
      source: 'http',
    });
    const crashed = await claim(ws.workspaceId);
    await services.handleJob(crashed, { heartbeat: async () => undefined, signal: new AbortController().signal });
    // The worker "dies" here: no complete(). After the lease, the job is claimed again.
    clock.advance(61_000);
    const rerun = await claim(ws.workspaceId);
    expect(rerun.id).toBe(crashed.id);
    expect(rerun.attempts).toBe(2);
    await services.handleJob(rerun, { heartbeat: async () => undefined, signal: new AbortController().signal });
    await repos.jobs.complete(rerun);
    await expect(repos.jobs.complete(crashed)).rejects.toThrow(/no longer held/);
    expect(await repos.drafts.list(ws.workspaceId)).toHaveLength(1);
    expect((await repos.messages.get(ws.workspaceId, messageId)).state).toBe('drafted');
  });

  it('marks the integration broken and the message failed when the token is invalid', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug(), { token: 'revokedtoken000000000000000000' });
    const services = makeServices(repos, simulator.url);
    const { messageId } = await services.ingestRaw({
      ...ws,
      raw: customerEmail(shippedCustomer(data), ws.address, 'Where is my order?'),
      source: 'http',
    });
    await runNextJob(services, ws.workspaceId);
    const integration = await repos.integrations.get(ws.workspaceId, ws.integrationId);
    expect(integration.status).toBe('broken');
    expect(integration.statusReason).toMatch(/token/i);
    const message = await repos.messages.get(ws.workspaceId, messageId);
    expect(message.state).toBe('failed');
    expect(message.stateReason).toMatch(/BigCommerce connection is broken/);
    expect(await repos.drafts.byMessage(ws.workspaceId, messageId)).toBeNull();
  });

  it('in auto mode sends exactly one reply even when the job runs twice', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug(), { smtp: { port: smtp.port } });
    await repos.settings.update(ws.workspaceId, {
      mode: 'auto',
      autoSendIntents: ['order_status', 'shipping_tracking'],
      businessName: 'Service Test Store',
    });
    // Only a sender the mailbox provider verified is answered automatically.
    await repos.senderAuth.setTrustedAuthserv(ws.workspaceId, ws.inboxId, 'google');
    const services = makeServices(repos, simulator.url);
    const customer = shippedCustomer(data);
    const { messageId } = await services.ingestRaw({
      ...ws,
      raw: withGooglePass(
        customerEmail(customer, ws.address, `Hello, where is my order #${customer.orderId}? Thanks`),
        customer.email,
      ),
      source: 'http',
    });
    const before = smtp.received.length;
    const job = await claim(ws.workspaceId);
    const context = { heartbeat: async () => undefined, signal: new AbortController().signal };
    await Promise.all([services.handleJob(job, context), services.handleJob(job, context)]);
    await services.handleJob(job, context);
    await repos.jobs.complete(job);

    const mine = smtp.received
      .slice(before)
      .filter((m) => m.to.includes(customer.email.toLowerCase()) || m.to.includes(customer.email));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.raw).toMatch(/In-Reply-To: <svc-/);
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.status).toBe('sent');
    expect((await repos.messages.get(ws.workspaceId, messageId)).state).toBe('sent');
    const audit = await repos.audit.list(ws.workspaceId, { action: 'draft.sent' });
    expect(audit).toHaveLength(1);
    // Sending again by hand is a no-op too.
    await services.sendDraft(ws.workspaceId, draft?.id ?? 0, 'user:1');
    expect(smtp.received.length - before).toBe(1);
  });

  it('replies to the From address whose store data it used, never to a different Reply-To', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug(), { smtp: { port: smtp.port } });
    const services = makeServices(repos, simulator.url);
    const customer = shippedCustomer(data);
    const forged = customerEmail(customer, ws.address, `Where is my order #${customer.orderId}?`)
      .toString()
      .replace('Subject:', 'Reply-To: collector@attacker.example\r\nSubject:');
    const { messageId } = await services.ingestRaw({ ...ws, raw: Buffer.from(forged), source: 'http' });
    await runNextJob(services, ws.workspaceId);
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    const before = smtp.received.length;
    await services.sendDraft(ws.workspaceId, draft?.id ?? 0, 'user:1');
    const sent = smtp.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.to.map((address) => address.toLowerCase())).toEqual([customer.email.toLowerCase()]);
    expect(sent[0]?.raw).not.toContain('attacker.example');
  });

  it('records how much a person changed a draft before sending it (the acceptance autonomy runs on)', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug(), { smtp: { port: smtp.port } });
    const services = makeServices(repos, simulator.url);
    const customer = shippedCustomer(data);
    const raw = customerEmail(customer, ws.address, `Where is my order #${customer.orderId}?`);
    const { messageId } = await services.ingestRaw({ ...ws, raw, source: 'http' });
    await runNextJob(services, ws.workspaceId);
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    if (!draft) throw new Error('no draft');
    await repos.drafts.updateText(ws.workspaceId, draft.id, {
      text: `${draft.text}\n\nP.S. Thanks for your patience!`,
    });
    await services.sendDraft(ws.workspaceId, draft.id, 'user:1');
    const outcomes = await repos.autonomy.recentOutcomes(ws.workspaceId);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ draftId: draft.id });
    expect(outcomes[0]?.similarity).toBeGreaterThan(0.8);
    expect(outcomes[0]?.similarity).toBeLessThan(1);
  });
});

describe('testMailbox', () => {
  it('reports invalid settings in one line and an unreachable server as an error', async () => {
    const { repos } = { repos: {} as never };
    const services = makeServices(repos, 'http://127.0.0.1:1');
    const result = await services.testMailbox({
      smtp: { host: '127.0.0.1', port: 1, secure: false, user: 'x' },
      imap: { host: '' },
    });
    expect(result.imap).toMatch(/IMAP settings are invalid/);
    expect(result.smtp).toBe(
      'Could not connect to the mail server 127.0.0.1:1. Check the host, the port and the TLS setting.',
    );
  });
});
