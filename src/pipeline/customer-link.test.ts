/**
 * A conversation an agent linked to a store customer, through the real pipeline: the simulator
 * over HTTP, a real database on both dialects. The linked account's data is used for every
 * message of that conversation, an order number of another customer stays refused, the same
 * address in another conversation is looked up by address as before, and the reply is never
 * sent without a person and only ever to the sender.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateStore, startSimulator, DEFAULT_TOKEN, type Simulator } from '../../simulator/index.js';
import { recipientMismatch } from '../app/send-draft.js';
import { createBigCommerceStore } from '../bigcommerce/index.js';
import type { CustomerContext } from '../context/types.js';
import type { Repositories } from '../db/index.js';
import { seedWorkspace, withTestDatabases } from '../db/test-databases.js';
import { autoSendHold } from './auto-send-gate.js';
import { ingestRawEmail } from './ingest.js';
import { processStoredMessage } from './process-stored-message.js';

const data = generateStore({ customers: 12, seed: 7 });
const registered = data.orders.filter((o) => (o.customer_id ?? 0) > 0);
const linkedOrder = registered[0];
const foreignOrder = registered.find((o) => o.customer_id !== linkedOrder?.customer_id);
const SENDER = 'personal.address@elsewhere.example';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ stores: [{ data }], rateLimit: null });
});
afterAll(async () => sim.close());

let sequence = 0;
async function receive(
  repos: Repositories,
  ws: { workspaceId: number; inboxId: number },
  body: string,
  replyTo?: string,
): Promise<{ id: number; messageId: string }> {
  sequence += 1;
  const messageId = `link-${sequence}-${Date.now()}@elsewhere.example`;
  const raw = Buffer.from(
    [
      `From: Sam Other <${SENDER}>`,
      'To: support@shop.example',
      'Subject: My order',
      `Message-ID: <${messageId}>`,
      ...(replyTo ? [`In-Reply-To: <${replyTo}>`, `References: <${replyTo}>`] : []),
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '',
    ].join('\r\n'),
  );
  const { message } = await ingestRawEmail(repos, { ...ws, raw, source: 'http' });
  return { id: message.id, messageId };
}

withTestDatabases('a conversation linked to a customer by hand', (store) => {
  it('uses the linked account for the whole conversation and nowhere else', async () => {
    if (!linkedOrder || !foreignOrder) throw new Error('the generated store needs two registered customers');
    const { repos } = store();
    const ws = await seedWorkspace(repos);
    await repos.workspaces.enableIntegration(ws.workspaceId, 'bigcommerce', 'cli');
    const integration = await repos.integrations.saveConnected(ws.workspaceId, {
      storeHash: data.hash,
      storeName: data.name ?? 'Sim store',
      accessToken: DEFAULT_TOKEN,
      scopes: ['store_v2_customers_read_only', 'store_v2_orders_read_only'],
    });
    const deps = {
      repos,
      openStore: (s: { storeHash: string; accessToken: string }) =>
        createBigCommerceStore({ ...s, apiUrl: sim.url, maxRetries: 0 }),
    };
    const agent = await repos.users.create({ email: 'agent@shop.example', name: 'Avery Agent', passwordHash: 'x' });
    await repos.users.setMembership(ws.workspaceId, agent.id, 'agent');
    const contextOf = async (id: number) =>
      (await repos.drafts.byMessage(ws.workspaceId, id))?.context as CustomerContext | undefined;

    const first = await receive(
      repos,
      ws,
      `Hi, where is order #${linkedOrder.id}? And what about #${foreignOrder.id}?`,
    );
    await processStoredMessage(deps, ws.workspaceId, first.id);
    // Unknown address: no customer, and neither order is the sender's.
    const before = await contextOf(first.id);
    expect(before?.customer).toBeNull();
    expect(before?.focusOrder).toBeNull();

    const message = await repos.messages.get(ws.workspaceId, first.id);
    await repos.customerLinks.link(ws.workspaceId, {
      inboxId: message.inboxId,
      threadKey: message.threadKey,
      integrationId: integration.id,
      customerId: linkedOrder.customer_id ?? 0,
      linkedBy: agent.id,
    });
    await processStoredMessage(deps, ws.workspaceId, first.id, { replaceDraft: true });
    const linked = await contextOf(first.id);
    expect(linked?.customer?.id).toBe(linkedOrder.customer_id);
    expect(linked?.focusOrder?.id).toBe(linkedOrder.id);
    expect(linked?.unmatchedOrderNumbers).toContain(foreignOrder.id);
    expect(linked?.orders.every((o) => o.id !== foreignOrder.id)).toBe(true);
    expect(linked?.customerLink).toMatchObject({ customerId: linkedOrder.customer_id, linkedBy: 'Avery Agent' });
    const draft = await repos.drafts.byMessage(ws.workspaceId, first.id);
    expect(draft?.text).toContain(String(linkedOrder.id));
    // The other customer's order number is only echoed as not found; none of its data is there.
    expect(draft?.text).not.toContain(foreignOrder.billing_address.email);
    expect(draft?.text).not.toContain(foreignOrder.billing_address.last_name);

    // The reply goes to the sender, never to the account's own address.
    expect(recipientMismatch(linked, SENDER)).toBeNull();
    const account = linked?.customer?.email ?? '';
    expect(recipientMismatch(linked, account)).toMatch(/^Not sent/);
    // A person sends it: the automatic path holds it even for a verified sender.
    const verified: typeof message = {
      ...message,
      auth: {
        verified: true,
        method: 'smtp',
        spf: 'pass',
        dkim: 'pass',
        dmarc: 'pass',
        arc: 'none',
        reason: 'DMARC pass',
      },
    };
    expect(
      await autoSendHold(repos, verified, await repos.settings.get(ws.workspaceId), { agentLinked: true }),
    ).toMatch(/linked this conversation/);

    // A later message of the same conversation uses the link too.
    const later = await receive(repos, ws, 'Any news?', first.messageId);
    await processStoredMessage(deps, ws.workspaceId, later.id);
    expect((await contextOf(later.id))?.customer?.id).toBe(linkedOrder.customer_id);

    // The same address in a new conversation is looked up by address again: no customer.
    const elsewhere = await receive(repos, ws, `New question about #${linkedOrder.id}`);
    await processStoredMessage(deps, ws.workspaceId, elsewhere.id);
    const fresh = await contextOf(elsewhere.id);
    expect(fresh?.customer).toBeNull();
    expect(fresh?.customerLink).toBeUndefined();
    expect(fresh?.focusOrder).toBeNull();
  });
});
