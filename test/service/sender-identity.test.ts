/**
 * A look-alike sender end to end (services on a real database, the simulator over HTTP, an SMTP
 * peer): mail from "\u212Aate.kirk@example.com" (Kelvin sign) is not Kate's, whose address is
 * kate.kirk@example.com. The simulator's email filter folds Unicode the way a database collation
 * does, so only our side can tell them apart.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClaimedJob } from '../../src/db/index.js';
import { uniqueSlug, withTestDatabases } from '../../src/db/test-databases.js';
import { generateStore, startSimulator, type Simulator } from '../../simulator/index.js';
import { customerEmail, makeServices, seedConnected, startSmtpPeer, STORE_HASH, type SmtpPeer } from './helpers.js';

const KATE = 'kate.kirk@example.com';
const LOOKALIKE = '\u212Aate.kirk@example.com';

let simulator: Simulator;
let peer: SmtpPeer;
let orderId = 0;

beforeAll(async () => {
  const data = generateStore({ customers: 20, seed: 5, hash: STORE_HASH, name: 'Service Test Store' });
  const kate = data.customers.find((c) => data.orders.some((o) => o.customer_id === c.id));
  if (!kate) throw new Error('no customer with orders');
  kate.email = KATE;
  for (const o of data.orders) {
    if (o.customer_id !== kate.id) continue;
    o.billing_address.email = KATE;
    orderId = Math.max(orderId, o.id);
  }
  simulator = await startSimulator({ stores: [{ data }], rateLimit: null });
  peer = await startSmtpPeer();
});
afterAll(async () => {
  await simulator?.close();
  await peer?.close();
});

withTestDatabases('look-alike senders', (store) => {
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

  it('gets none of the customer\u2019s data, and the message shows the address exactly as received', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug());
    const services = makeServices(repos, simulator.url);
    const raw = customerEmail({ name: 'Kate Kirk', email: LOOKALIKE }, ws.address, `Where is my order #${orderId}?`);
    const { messageId } = await services.ingestRaw({ ...ws, raw, source: 'http' });
    await runNextJob(services, ws.workspaceId);

    const message = await repos.messages.get(ws.workspaceId, messageId);
    expect(message.fromAddress).toBe(LOOKALIKE);
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    const context = draft?.context as { customer: unknown; orders: unknown[]; senderEmail: string } | undefined;
    if (context) {
      expect(context.customer).toBeNull();
      expect(context.orders).toEqual([]);
      expect(context.senderEmail).not.toBe(KATE);
    }
    expect(draft?.text ?? '').not.toContain('Kirk');
    // No lookup by the look-alike reached the store.
    expect(simulator.requests.some((r) => decodeURIComponent(r.query).includes('\u212A'))).toBe(false);
  });

  it('does not send a reply with an account\u2019s data to any address but the account\u2019s (up to ASCII case)', async () => {
    const { repos } = store();
    const ws = await seedConnected(repos, uniqueSlug(), { smtp: { port: peer.port } });
    const services = makeServices(repos, simulator.url);
    // A draft as an earlier version built it: the look-alike matched to Kate's account.
    const raw = customerEmail({ name: 'Kate Kirk', email: LOOKALIKE }, ws.address, 'Where is my order?');
    const { messageId } = await services.ingestRaw({ ...ws, raw, source: 'http' });
    const draft = await repos.drafts.saveDraftForMessage(ws.workspaceId, messageId, {
      subject: 'Re: Where is my order?',
      text: `Hi Kate, order #${orderId} has shipped.`,
      composer: 'builtin',
      context: { senderEmail: KATE, customer: { id: 1, email: KATE } },
    });
    const before = peer.received.length;
    await expect(services.sendDraft(ws.workspaceId, draft.id, 'system')).rejects.toMatchObject({
      code: 'recipient_mismatch',
    });
    expect(peer.received.length).toBe(before);
    const failed = await repos.drafts.get(ws.workspaceId, draft.id);
    expect(failed.status).toBe('failed');
    expect(failed.statusReason).toContain(KATE);

    // Kate herself, writing with capitals, gets her reply.
    const fromKate = customerEmail({ name: 'Kate Kirk', email: 'Kate.Kirk@Example.com' }, ws.address, 'Hi');
    const second = await services.ingestRaw({ ...ws, raw: fromKate, source: 'http' });
    const ok = await repos.drafts.saveDraftForMessage(ws.workspaceId, second.messageId, {
      subject: 'Re: Hi',
      text: `Hi Kate, order #${orderId} has shipped.`,
      composer: 'builtin',
      context: { senderEmail: KATE, customer: { id: 1, email: KATE } },
    });
    await services.sendDraft(ws.workspaceId, ok.id, 'system');
    expect(peer.received.at(-1)?.to.map((to) => to.toLowerCase())).toEqual([KATE]);
  });
});
