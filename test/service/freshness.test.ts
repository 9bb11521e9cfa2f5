/**
 * Freshness end to end (real database, the simulator over HTTP, a local SMTP peer):
 * - an order that ships between the first read (cached) and the automatic send: the reply sent
 *   states the new status and tracking number;
 * - webhooks: registered through /v3/hooks (never a write to store data), a delivery with a bad
 *   secret (401, nothing done) or a bad payload (400), a good one (202) that invalidates the cache
 *   and refreshes the pending draft with a note, and its duplicate, which does nothing new.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createMailTransport } from '../../src/app/mail.js';
import { createServices, type Services } from '../../src/app/services.js';
import { createStoreProvider } from '../../src/app/stores.js';
import { WEBHOOK_SECRET_HEADER } from '../../src/app/webhooks.js';
import type { ClaimedJob } from '../../src/db/index.js';
import { uniqueSlug, withTestDatabases } from '../../src/db/test-databases.js';
import { silentLogger } from '../../src/shared/logger.js';
import { buildApp } from '../../src/web/app.js';
import { generateStore, startSimulator, type SimOrder, type Simulator, type StoreData } from '../../simulator/index.js';
import {
  LOOPBACK_ALLOWED,
  STORE_HASH,
  customerEmail,
  seedConnected,
  startSmtpPeer,
  withGooglePass,
  type SmtpPeer,
} from './helpers.js';

let simulator: Simulator;
let data: StoreData;
let smtp: SmtpPeer;
const used = new Set<number>();

beforeAll(async () => {
  // More customers than the shared helper's store: every test here ships an order of its own.
  data = generateStore({ customers: 150, seed: 23, hash: STORE_HASH, name: 'Service Test Store' });
  simulator = await startSimulator({ stores: [{ data }], rateLimit: null });
  smtp = await startSmtpPeer();
});
afterAll(async () => {
  await simulator.close();
  await smtp.close();
});

/** A customer with an order that has not shipped yet (each call a different one). */
function unshipped(): { email: string; name: string; order: SimOrder } {
  const live = simulator.store(STORE_HASH);
  const candidates = live.customers.flatMap((customer) => {
    const order = live.orders.find(
      (o) =>
        o.customer_id === customer.id &&
        !used.has(o.id) &&
        [9, 11].includes(o.status_id) &&
        (o.shipments?.length ?? 0) === 0,
    );
    return order ? [{ email: customer.email, name: `${customer.first_name} ${customer.last_name}`, order }] : [];
  });
  const found = candidates[0];
  if (!found) throw new Error('The generated store has no unshipped order left');
  used.add(found.order.id);
  return found;
}

function ship(order: SimOrder, tracking: string): void {
  order.status_id = 2;
  order.shipments = [
    ...(order.shipments ?? []),
    { tracking_number: tracking, shipping_provider: 'ups', date_created: new Date().toISOString() },
  ];
}

withTestDatabases('freshness', (store) => {
  function services(): Services {
    const { repos, db } = store();
    return createServices({
      repos,
      db,
      mail: createMailTransport(),
      stores: createStoreProvider({ apiUrl: simulator.url }),
      apiUrl: simulator.url,
      logger: silentLogger,
      sendRetryDelayMs: 10,
      publicUrl: 'https://snoooz.example',
      egress: LOOPBACK_ALLOWED,
    });
  }

  async function runJob(s: Services, workspaceId: number): Promise<void> {
    for (;;) {
      const job: ClaimedJob | null = await store().repos.jobs.claimNext({ lockMs: 60_000 });
      if (!job) throw new Error('No job queued');
      if (job.workspaceId !== workspaceId) {
        await store().repos.jobs.complete(job);
        continue;
      }
      await s.handleJob(job, { heartbeat: async () => undefined, signal: new AbortController().signal });
      await store().repos.jobs.complete(job);
      return;
    }
  }

  it('re-reads the store before an automatic send and sends the reply with the new status', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug(), { smtp: { port: smtp.port } });
    const s = services();
    const customer = unshipped();
    // First email while the order waits: its data is now in the cache (a minute of reuse).
    const first = await s.ingestRaw({
      ...ws,
      raw: customerEmail(customer, ws.address, `Where is my order #${customer.order.id}?`),
      source: 'http',
    });
    await runJob(s, ws.workspaceId);
    const stale = await repos.drafts.byMessage(ws.workspaceId, first.messageId);
    expect(stale?.text).not.toContain('1ZFRESH');

    await repos.settings.update(ws.workspaceId, {
      mode: 'auto',
      autoSendIntents: ['order_status', 'shipping_tracking'],
    });
    await repos.senderAuth.setTrustedAuthserv(ws.workspaceId, ws.inboxId, 'google');
    ship(customer.order, '1ZFRESH0000000001');
    const before = smtp.received.length;
    const second = await s.ingestRaw({
      ...ws,
      // A sender the mailbox provider verified: only such mail is answered automatically.
      raw: withGooglePass(
        customerEmail(customer, ws.address, `Hello again, any news on order #${customer.order.id}?`),
        customer.email,
      ),
      source: 'http',
    });
    await runJob(s, ws.workspaceId);

    const sent = smtp.received.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.raw).toContain('1ZFRESH0000000001');
    const draft = await repos.drafts.byMessage(ws.workspaceId, second.messageId);
    expect(draft?.status).toBe('sent');
    expect(draft?.text).toContain('1ZFRESH0000000001');
    const note = draft?.evidence as { refreshReason?: string; changes?: Array<{ what: string }> };
    expect(note.refreshReason).toBe('store data changed before sending');
    expect(note.changes?.length).toBeGreaterThan(0);
    expect(simulator.writeAttempts).toEqual([]);
  });

  it('sends the draft as it is when nothing changed', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug(), { smtp: { port: smtp.port } });
    await repos.settings.update(ws.workspaceId, {
      mode: 'auto',
      autoSendIntents: ['order_status', 'shipping_tracking'],
    });
    await repos.senderAuth.setTrustedAuthserv(ws.workspaceId, ws.inboxId, 'google');
    const s = services();
    const customer = unshipped();
    const before = smtp.received.length;
    const { messageId } = await s.ingestRaw({
      ...ws,
      raw: withGooglePass(
        customerEmail(customer, ws.address, `Where is my order #${customer.order.id}?`),
        customer.email,
      ),
      source: 'http',
    });
    await runJob(s, ws.workspaceId);
    expect(smtp.received.length - before).toBe(1);
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.status).toBe('sent');
    expect((draft?.evidence as { refreshReason?: string }).refreshReason).toBeUndefined();
  });

  it('webhooks: registered at /v3/hooks only; bad secret 401, bad payload 400, a change refreshes the draft once', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug());
    const s = services();
    const webhooks = s.webhooks;
    if (!webhooks) throw new Error('webhooks missing');
    expect((await webhooks.status(ws.workspaceId, ws.integrationId)).registered).toBe(false);
    const registered = await webhooks.register(ws.workspaceId, ws.integrationId);
    expect(registered.registered).toBe(true);
    expect(registered.hooks.map((h) => h.scope).sort()).toEqual(['store/order/*', 'store/shipment/*']);
    // Registering again changes nothing on the store side but the secret (no duplicate hooks).
    await webhooks.register(ws.workspaceId, ws.integrationId);
    const destination = registered.destination ?? '';
    const mine = simulator.hooks(STORE_HASH).filter((h) => h.destination === destination);
    expect(mine).toHaveLength(2);
    expect(simulator.writeAttempts).toEqual([]);
    const secret = mine[0]?.headers?.[WEBHOOK_SECRET_HEADER] ?? '';
    const path = new URL(destination).pathname;

    const customer = unshipped();
    const { messageId } = await s.ingestRaw({
      ...ws,
      raw: customerEmail(customer, ws.address, `Where is my order #${customer.order.id}?`),
      source: 'http',
    });
    await runJob(s, ws.workspaceId);
    const original = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(original?.status).toBe('pending');
    ship(customer.order, '1ZHOOK0000000002');

    const app: FastifyInstance = await buildApp({
      repos,
      services: s,
      logger: silentLogger,
      options: { secureCookies: false, demo: null },
    });
    const payload = {
      scope: 'store/shipment/created',
      store_id: '1001',
      data: { type: 'shipment', id: 77, orderId: customer.order.id },
      hash: `h${customer.order.id}abcdef0123456789`,
      created_at: 1_780_000_000,
      producer: `stores/${STORE_HASH}`,
    };
    const deliver = (body: unknown, key = secret) =>
      app.inject({ method: 'POST', url: path, headers: { [WEBHOOK_SECRET_HEADER]: key }, payload: body as object });

    const requestsBefore = simulator.requests.length;
    const bad = await deliver(payload, `${secret}x`);
    expect(bad.statusCode).toBe(401);
    const unknown = await app.inject({ method: 'POST', url: '/webhooks/bigcommerce/nosuchtoken0000000000', payload });
    expect(unknown.statusCode).toBe(401);
    const invalid = await deliver({ ...payload, data: { type: 'order' } });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().message).toMatch(/^Invalid webhook payload/);
    await webhooks.idle();
    expect(simulator.requests.length).toBe(requestsBefore);
    expect((await repos.drafts.byMessage(ws.workspaceId, messageId))?.text).toBe(original?.text);

    const accepted = await deliver(payload);
    expect(accepted.statusCode).toBe(202);
    await webhooks.idle();
    const refreshed = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(refreshed?.status).toBe('pending');
    expect(refreshed?.text).toContain('1ZHOOK0000000002');
    const note = refreshed?.evidence as { refreshReason?: string; refreshedAt?: string };
    expect(note.refreshReason).toBe(`order #${customer.order.id} changed (store/shipment/created)`);

    // The note shows in the evidence panel (the message page), which also shows the data age.
    const duplicate = await deliver(payload);
    expect(duplicate.statusCode).toBe(202);
    expect(duplicate.json()).toMatchObject({ duplicate: true });
    const afterDuplicate = simulator.requests.length;
    await webhooks.idle();
    expect(simulator.requests.length).toBe(afterDuplicate);
    expect((await repos.drafts.byMessage(ws.workspaceId, messageId))?.updatedAt).toBe(refreshed?.updatedAt);

    const removed = await webhooks.unregister(ws.workspaceId, ws.integrationId);
    expect(removed.removed).toBe(2);
    expect(simulator.hooks(STORE_HASH).filter((h) => h.destination === destination)).toEqual([]);
    expect(simulator.writeAttempts).toEqual([]);
    await app.close();
  });
});
