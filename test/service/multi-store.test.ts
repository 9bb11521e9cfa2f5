/**
 * Several stores per workspace, end to end: one simulator serving two stores (the same API URL
 * serves both hashes), a workspace connected to both, and inboxes mapped to one store or set to
 * look the sender up in all of them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClaimedJob, Repositories } from '../../src/db/index.js';
import { uniqueSlug, withTestDatabases } from '../../src/db/test-databases.js';
import { DEFAULT_TOKEN, generateStore, startSimulator, type Simulator, type StoreData } from '../../simulator/index.js';
import { customerEmail, makeServices } from './helpers.js';

const HASH_A = 'brandastore';
const HASH_B = 'brandbstore';
let simulator: Simulator;
let storeA: StoreData;
let storeB: StoreData;

beforeAll(async () => {
  storeA = generateStore({ customers: 30, seed: 21, hash: HASH_A, name: 'Brand A Outfitters' });
  const generated = generateStore({ customers: 30, seed: 22, hash: HASH_B, name: 'Brand B Supplies' });
  // Generated stores both number their orders from 100: B's start at 50100 so "order #n" is B's alone.
  storeB = { ...generated, orders: generated.orders.map((o) => ({ ...o, id: o.id + 50_000 })) };
  simulator = await startSimulator({ stores: [{ data: storeA }, { data: storeB }], rateLimit: null });
});
afterAll(async () => simulator.close());

/** A customer of B (unknown to A) with an order whose number A does not have at all. */
function customerOfBOnly(): { email: string; name: string; orderId: number } {
  const emailsA = new Set(storeA.customers.map((c) => c.email.toLowerCase()));
  const orderIdsA = new Set(storeA.orders.map((o) => o.id));
  for (const customer of storeB.customers) {
    if (emailsA.has(customer.email.toLowerCase())) continue;
    const order = storeB.orders.find((o) => o.customer_id === customer.id && !orderIdsA.has(o.id));
    if (order)
      return { email: customer.email, name: `${customer.first_name} ${customer.last_name}`, orderId: order.id };
  }
  throw new Error('no customer of B only');
}

async function seedTwoStores(repos: Repositories) {
  const slug = uniqueSlug();
  const workspace = await repos.workspaces.create({ slug, name: `Shop ${slug}` });
  await repos.workspaces.enableIntegration(workspace.id, 'bigcommerce', 'cli');
  const connect = (storeHash: string, storeName: string) =>
    repos.integrations.saveConnected(workspace.id, {
      storeHash,
      storeName,
      accessToken: DEFAULT_TOKEN,
      scopes: ['customers', 'orders'],
    });
  const a = await connect(HASH_A, 'Brand A Outfitters');
  const b = await connect(HASH_B, 'Brand B Supplies');
  const all = await repos.inboxes.create(workspace.id, { name: 'All', address: `all@${slug}.example` });
  const onlyA = await repos.inboxes.create(workspace.id, {
    name: 'Brand A',
    address: `a@${slug}.example`,
    storeIntegrationId: a.id,
  });
  return { workspaceId: workspace.id, a, b, all, onlyA };
}

withTestDatabases('several stores per workspace', (db) => {
  async function runNextJob(services: ReturnType<typeof makeServices>, workspaceId: number): Promise<void> {
    for (;;) {
      const job: ClaimedJob | null = await db().repos.jobs.claimNext({ lockMs: 60_000 });
      if (!job) throw new Error('No job queued');
      if (job.workspaceId !== workspaceId) {
        await db().repos.jobs.complete(job);
        continue;
      }
      await services.handleJob(job, { heartbeat: async () => undefined, signal: new AbortController().signal });
      await db().repos.jobs.complete(job);
      return;
    }
  }

  it('an inbox set to "all" answers a customer of store B from B, and nothing of A', async () => {
    const { repos } = db();
    const ws = await seedTwoStores(repos);
    expect(ws.all.storeIntegrationId).toBeNull();
    const services = makeServices(repos, simulator.url);
    const customer = customerOfBOnly();
    const { messageId } = await services.ingestRaw({
      workspaceId: ws.workspaceId,
      inboxId: ws.all.id,
      raw: customerEmail(customer, ws.all.address, `Hi, where is my order #${customer.orderId}?`),
      source: 'http',
    });
    await runNextJob(services, ws.workspaceId);

    expect((await repos.messages.get(ws.workspaceId, messageId)).state).toBe('drafted');
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.text).toContain(`#${customer.orderId}`);
    expect(draft?.text).not.toContain("couldn't find");
    const context = draft?.context as { store: { hash: string; name: string } | null; notices: unknown[] };
    expect(context.store).toMatchObject({ hash: HASH_B, name: 'Brand B Supplies' });
    const snapshot = JSON.stringify(draft);
    expect(snapshot).not.toContain(HASH_A);
    expect(snapshot).not.toContain('Brand A Outfitters');
    // Both stores were asked (in parallel), read-only.
    expect(new Set(simulator.requests.map((r) => r.storeHash))).toEqual(new Set([HASH_A, HASH_B]));
    expect(simulator.writeAttempts).toHaveLength(0);
  });

  it('an inbox mapped to store A answers a customer of B with "could not find"', async () => {
    const { repos } = db();
    const ws = await seedTwoStores(repos);
    const services = makeServices(repos, simulator.url);
    const customer = customerOfBOnly();
    simulator.resetLog();
    const { messageId } = await services.ingestRaw({
      workspaceId: ws.workspaceId,
      inboxId: ws.onlyA.id,
      raw: customerEmail(customer, ws.onlyA.address, `Hi, where is my order #${customer.orderId}?`),
      source: 'http',
    });
    await runNextJob(services, ws.workspaceId);

    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.text).toContain(`We couldn't find order #${customer.orderId} under this email address.`);
    expect((draft?.context as { store: { hash: string } }).store.hash).toBe(HASH_A);
    expect(simulator.requests.every((r) => r.storeHash !== HASH_B)).toBe(true);
  });

  it('"all" with one store broken still answers from the other, with a notice', async () => {
    const { repos } = db();
    const ws = await seedTwoStores(repos);
    await repos.integrations.markBroken(ws.workspaceId, ws.a.id, 'Access token not accepted.');
    const services = makeServices(repos, simulator.url);
    const customer = customerOfBOnly();
    const { messageId } = await services.ingestRaw({
      workspaceId: ws.workspaceId,
      inboxId: ws.all.id,
      raw: customerEmail(customer, ws.all.address, `Any news on order #${customer.orderId}?`),
      source: 'http',
    });
    await runNextJob(services, ws.workspaceId);
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.text).toContain(`#${customer.orderId}`);
    const context = draft?.context as { store: { hash: string }; notices: { code: string; message: string }[] };
    expect(context.store.hash).toBe(HASH_B);
    expect(context.notices).toContainEqual(expect.objectContaining({ code: 'integration_broken', resource: 'store' }));
  });

  it('"all" with a token refused by one store marks it broken and answers from the other', async () => {
    const { repos } = db();
    const ws = await seedTwoStores(repos);
    await repos.integrations.saveConnected(ws.workspaceId, {
      storeHash: HASH_A,
      storeName: 'Brand A Outfitters',
      accessToken: 'revokedtoken0000000000000000000',
      scopes: ['customers', 'orders'],
    });
    const services = makeServices(repos, simulator.url);
    const customer = customerOfBOnly();
    const { messageId } = await services.ingestRaw({
      workspaceId: ws.workspaceId,
      inboxId: ws.all.id,
      raw: customerEmail(customer, ws.all.address, `Where is order #${customer.orderId}?`),
      source: 'http',
    });
    await runNextJob(services, ws.workspaceId);
    expect((await repos.messages.get(ws.workspaceId, messageId)).state).toBe('drafted');
    expect((await repos.integrations.get(ws.workspaceId, ws.a.id)).status).toBe('broken');
    expect((await repos.integrations.get(ws.workspaceId, ws.b.id)).status).toBe('connected');
    const draft = await repos.drafts.byMessage(ws.workspaceId, messageId);
    expect(draft?.text).toContain(`#${customer.orderId}`);
  });
});
