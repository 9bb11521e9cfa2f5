/**
 * Sender authentication for mail Snoooz did not receive itself (IMAP, the API), at the service
 * level on SQLite and PostgreSQL, in auto mode with replies going out through a local SMTP peer:
 * only the mailbox provider's Authentication-Results from the inbox's configured authserv-id
 * count, and only the topmost such header; plus the hourly caps on automatic replies.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
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

withTestDatabases('sender authentication from the provider', (store) => {
  async function runNextJob(services: ReturnType<typeof makeServices>, workspaceId: number): Promise<void> {
    for (;;) {
      const job: ClaimedJob | null = await store().repos.jobs.claimNext({ lockMs: 60_000 });
      if (!job) throw new Error('No job queued');
      if (job.workspaceId !== workspaceId) {
        await store().repos.jobs.complete(job);
        continue;
      }
      await services.handleJob(job, { heartbeat: async () => undefined, signal: new AbortController().signal });
      await store().repos.jobs.complete(job);
      return;
    }
  }

  async function autoInbox(trusted: string | null) {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug(), { smtp: { port: smtp.port } });
    await repos.settings.update(ws.workspaceId, {
      mode: 'auto',
      autoSendIntents: ['order_status', 'shipping_tracking'],
      businessName: 'Service Test Store',
    });
    await repos.senderAuth.setTrustedAuthserv(ws.workspaceId, ws.inboxId, trusted);
    return { ws, services: makeServices(repos, simulator.url) };
  }

  function sentTo(address: string): number {
    return smtp.received.filter((m) => m.to.map((t) => t.toLowerCase()).includes(address.toLowerCase())).length;
  }

  async function receive(setup: Awaited<ReturnType<typeof autoInbox>>, raw: Buffer) {
    const { ws, services } = setup;
    const { messageId } = await services.ingestRaw({ ...ws, raw, source: 'imap' });
    await runNextJob(services, ws.workspaceId);
    return store().repos.messages.get(ws.workspaceId, messageId);
  }

  it('does not trust an Authentication-Results header from another authserv-id', async () => {
    const setup = await autoInbox('google');
    const customer = shippedCustomer(data);
    const domain = customer.email.slice(customer.email.indexOf('@') + 1);
    const forged = Buffer.concat([
      Buffer.from(`Authentication-Results: mx.attacker.example; dkim=pass; dmarc=pass header.from=${domain}\r\n`),
      customerEmail(customer, setup.ws.address, `Where is my order #${customer.orderId}?`),
    ]);
    const before = sentTo(customer.email);
    const message = await receive(setup, forged);
    expect(message.auth).toMatchObject({
      verified: false,
      method: 'provider',
      reason: 'no Authentication-Results from mx.google.com',
    });
    expect(message.state).toBe('drafted');
    expect(message.stateReason).toBe(
      'Kept as a draft: sender not verified: no Authentication-Results from mx.google.com.',
    );
    expect(sentTo(customer.email)).toBe(before);
  });

  it('trusts only the topmost header of the trusted authserv-id, not a forged one below it', async () => {
    const setup = await autoInbox('google');
    const customer = shippedCustomer(data);
    const domain = customer.email.slice(customer.email.indexOf('@') + 1);
    // Google's own header (DMARC fail) on top; the sender's forged "mx.google.com" pass below it.
    const raw = Buffer.concat([
      Buffer.from(`Authentication-Results: mx.google.com; spf=fail; dmarc=fail (p=REJECT) header.from=${domain}\r\n`),
      Buffer.from(`Authentication-Results: mx.google.com; dmarc=pass header.from=${domain}\r\n`),
      customerEmail(customer, setup.ws.address, `Where is my order #${customer.orderId}?`),
    ]);
    const message = await receive(setup, raw);
    expect(message.auth).toMatchObject({ verified: false, dmarc: 'fail', reason: `DMARC fail for ${domain}` });
    expect(message.state).toBe('drafted');
  });

  it('without a configured authserv-id nothing the message says is trusted', async () => {
    const setup = await autoInbox(null);
    const customer = shippedCustomer(data);
    const raw = withGooglePass(
      customerEmail(customer, setup.ws.address, `Where is my order #${customer.orderId}?`),
      customer.email,
    );
    const message = await receive(setup, raw);
    expect(message.auth).toMatchObject({
      verified: false,
      method: 'none',
      reason: 'no trusted authentication results',
    });
    expect(message.stateReason).toBe('Kept as a draft: sender not verified: no trusted authentication results.');
  });

  it('answers a sender the trusted provider verified, up to three times an hour, and again an hour later', async () => {
    const setup = await autoInbox('google');
    const customer = shippedCustomer(data);
    const email = (n: number) =>
      withGooglePass(
        customerEmail(customer, setup.ws.address, `Where is my order #${customer.orderId}? (${n})`),
        customer.email,
      );
    const before = sentTo(customer.email);
    const states: string[] = [];
    for (let n = 1; n <= 4; n += 1) states.push((await receive(setup, email(n))).state);
    expect(states).toEqual(['sent', 'sent', 'sent', 'drafted']);
    expect(sentTo(customer.email)).toBe(before + 3);
    const held = (await store().repos.messages.list(setup.ws.workspaceId, { state: 'drafted' }))[0];
    expect(held?.auth).toMatchObject({ verified: true, method: 'provider', authservId: 'mx.google.com' });
    expect(held?.stateReason).toBe(
      `Kept as a draft: 3 automatic replies to ${customer.email.toLowerCase()} in the last hour (the cap is 3).`,
    );

    store().clock.advance(61 * 60 * 1000);
    expect((await receive(setup, email(5))).state).toBe('sent');
    expect(sentTo(customer.email)).toBe(before + 4);
  });

  it('caps the automatic replies of one inbox per hour (workspace setting)', async () => {
    const setup = await autoInbox('google');
    await store().repos.settings.update(setup.ws.workspaceId, {
      autoReplyCaps: { perSenderPerHour: 10, perInboxPerHour: 1 },
    });
    const customer = shippedCustomer(data);
    const email = (n: number) =>
      withGooglePass(
        customerEmail(customer, setup.ws.address, `Where is my order #${customer.orderId}? (${n})`),
        customer.email,
      );
    expect((await receive(setup, email(1))).state).toBe('sent');
    const second = await receive(setup, email(2));
    expect(second.state).toBe('drafted');
    expect(second.stateReason).toBe(
      'Kept as a draft: 1 automatic replies from this inbox in the last hour (the cap is 1).',
    );
  });
});
