/**
 * A stored draft keeps only what it was allowed to use. The real server (`startServer`, job
 * worker, web app over HTTP) on SQLite and on PostgreSQL drafts a "where is my order" reply for a
 * customer with a phone number, a street address and other orders; the evidence says those were
 * withheld, and neither the stored draft row nor the API and the message page contain them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabaseTarget } from '../../src/db/test-databases.js';
import { silentLogger } from '../../src/shared/logger.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { DEFAULT_TOKEN, type Simulator, type StoreData } from '../../simulator/index.js';
import { waitFor } from '../servers/wait.js';
import { customerEmail, startTestSimulator, STORE_HASH } from './helpers.js';
import { httpLogin } from './http-session.js';

const PASSWORD = 'correct horse battery staple';

let simulator: Simulator;
let data: StoreData;
beforeAll(async () => {
  ({ simulator, data } = await startTestSimulator());
});
afterAll(async () => {
  await simulator?.close();
});

/** A customer with a phone, a saved street address, and several orders, the newest shipped. */
function customerWithDetails() {
  for (const customer of data.customers) {
    const street = customer.addresses?.[0]?.street_1;
    const orders = data.orders.filter((o) => o.customer_id === customer.id).sort((a, b) => b.id - a.id);
    const newest = orders[0];
    if (customer.phone && street && orders.length >= 2 && newest?.status_id === 2 && newest.shipments?.length) {
      const streets = [street, ...orders.map((o) => o.billing_address?.street_1)].filter(
        (s): s is string => typeof s === 'string' && s !== '',
      );
      return {
        email: customer.email,
        name: `${customer.first_name} ${customer.last_name}`,
        phone: customer.phone,
        streets,
        orderId: newest.id,
        otherOrderIds: orders.slice(1).map((o) => o.id),
      };
    }
  }
  throw new Error('The generated store has no customer with a phone, an address and several orders');
}

describe.each(TEST_DIALECTS)('stored drafts keep only what the draft could use [%s]', (dialect) => {
  let target: TestDatabaseTarget;
  let dataDir: string;
  let server: RunningServer;

  beforeAll(async () => {
    target = await createTestDatabase(dialect);
    dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-minimised-'));
    server = await startServer({
      port: 0,
      host: '127.0.0.1',
      smtpPort: null,
      smtpDomain: 'snoooz.localhost',
      dataDir,
      ...(target.url ? { databaseUrl: target.url } : {}),
      apiUrl: simulator.url,
      logger: silentLogger,
      env: {},
      pollMs: 50,
      watchImap: false,
      healthCheckMs: 0,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await target?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores and shows neither the withheld phone, street address nor other orders', async () => {
    const { repos } = server;
    const ws = await repos.workspaces.create({ slug: `min-${dialect}`, name: 'Minimised Shop' });
    await repos.workspaces.enableIntegration(ws.id, 'bigcommerce', 'cli');
    const integration = await repos.integrations.saveConnected(ws.id, {
      storeHash: STORE_HASH,
      storeName: 'Service Test Store',
      accessToken: DEFAULT_TOKEN,
      scopes: ['customers', 'orders'],
    });
    const address = `support@min-${dialect}.example`;
    const inbox = await repos.inboxes.create(ws.id, { name: 'Support', address, storeIntegrationId: integration.id });
    // The workspace allows phone numbers and addresses: they may enter the context, but a
    // shipping question does not need them.
    await repos.settings.update(ws.id, { allowPhone: true, allowAddress: true });
    const user = await repos.users.create({
      email: `owner@min-${dialect}.test`,
      name: 'Owner',
      passwordHash: await hashPassword(PASSWORD),
    });
    await repos.users.setMembership(ws.id, user.id, 'owner');

    const customer = customerWithDetails();
    const { messageId } = await server.services.ingestRaw({
      workspaceId: ws.id,
      inboxId: inbox.id,
      raw: customerEmail(customer, address, `Hello, where is my order #${customer.orderId}? Thanks`),
      source: 'http',
    });
    await waitFor(async () => (await repos.drafts.byMessage(ws.id, messageId)) !== null, {
      timeoutMs: 20_000,
      what: 'the draft',
    });

    // The evidence panel says what was withheld…
    const draft = await repos.drafts.byMessage(ws.id, messageId);
    const withheld = (draft?.evidence as { withheld?: Array<{ field: string; recordIds?: number[] }> }).withheld ?? [];
    expect(withheld.map((w) => w.field)).toEqual(expect.arrayContaining(['phone']));
    const withheldOrderIds = withheld.flatMap((w) => w.recordIds ?? []);
    expect(withheldOrderIds).toEqual(expect.arrayContaining(customer.otherOrderIds.slice(0, 1)));

    // …and the stored row holds none of it.
    const row = await server.db.kysely
      .selectFrom('drafts')
      .select(['context'])
      .where('workspace_id', '=', ws.id)
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    const stored = String(row.context);
    const digits = (s: string) => s.replace(/\D/g, '');
    expect(stored).toContain(String(customer.orderId));
    expect(digits(stored)).not.toContain(digits(customer.phone));
    for (const street of customer.streets) expect(stored).not.toContain(street);
    const storedOrders = JSON.parse(stored) as { orders: Array<{ id: number }> };
    expect(storedOrders.orders.map((o) => o.id).filter((id) => withheldOrderIds.includes(id))).toEqual([]);

    // Nor does any response: the JSON API and the message page.
    const session = await httpLogin(server.url, `owner@min-${dialect}.test`, PASSWORD);
    for (const url of [`/api/messages/${messageId}`, `/messages/${messageId}`]) {
      const res = await fetch(`${server.url}${url}`, { headers: { cookie: session.cookie } });
      expect(res.status, url).toBe(200);
      const body = await res.text();
      expect(body, url).toContain(String(customer.orderId));
      expect(digits(body), url).not.toContain(digits(customer.phone));
      for (const street of customer.streets) expect(body, url).not.toContain(street);
    }
  });
});
