import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateStore, startSimulator, type Simulator } from '../../simulator/index.js';
import { testConnection } from '../bigcommerce/index.js';
import { seedWorkspace, withTestDatabases } from '../db/test-databases.js';
import { silentLogger } from '../shared/logger.js';
import { checkIntegrations } from './health-check.js';

const TOKEN = 'healthchecktoken000000000000001';
const ALL_READ = [
  'store_v2_customers_read_only',
  'store_v2_orders_read_only',
  'store_v2_products_read_only',
  'store_v2_information_read_only',
];

let good: Simulator;
let revoked: Simulator;
let noOrders: Simulator;
beforeAll(async () => {
  const data = generateStore({ customers: 5, seed: 3, hash: 'health1' });
  good = await startSimulator({ stores: [{ data, tokens: [{ token: TOKEN, scopes: ALL_READ }] }], rateLimit: null });
  // The same store after the merchant deleted the API account: the token is unknown.
  revoked = await startSimulator({ stores: [{ data, tokens: [] }], rateLimit: null });
  noOrders = await startSimulator({
    stores: [{ data, tokens: [{ token: TOKEN, scopes: ALL_READ.filter((s) => !s.includes('orders')) }] }],
    rateLimit: null,
  });
});
afterAll(async () => {
  await Promise.all([good.close(), revoked.close(), noOrders.close()]);
});

withTestDatabases('periodic integration health check', (store) => {
  it('marks a connection broken when its token is deleted or a scope removed, and recovered when it works again', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'test');
    const saved = await repos.integrations.saveConnected(workspaceId, {
      storeHash: 'health1',
      storeName: 'Health',
      accessToken: TOKEN,
      scopes: ['customers', 'orders'],
    });
    let sim = good;
    const deps = {
      repos,
      logger: silentLogger,
      testBigCommerce: (input: { storeHash: string; accessToken: string }) =>
        testConnection({ ...input, apiUrl: sim.url, maxRetries: 0 }),
    };
    const mine = () => repos.integrations.get(workspaceId, saved.id);

    await checkIntegrations(deps);
    expect((await mine()).status).toBe('connected');

    sim = revoked;
    await checkIntegrations(deps);
    const broken = await mine();
    expect(broken.status).toBe('broken');
    expect(broken.statusReason).toMatch(/token/i);
    expect(broken.statusReason).not.toContain(TOKEN);

    sim = noOrders;
    await checkIntegrations(deps);
    expect((await mine()).statusReason).toMatch(/orders/i);

    sim = good;
    await checkIntegrations(deps);
    expect((await mine()).status).toBe('connected');
    const audit = await repos.audit.list(workspaceId, { action: 'integration.retested' });
    expect(audit.map((entry) => entry.detail)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ok: false, code: 'invalid_token', via: 'health-check' }),
        expect.objectContaining({ ok: true, via: 'health-check' }),
      ]),
    );
  });

  it('leaves the status alone when BigCommerce is only temporarily unavailable', async () => {
    const { repos } = store();
    const { workspaceId } = await seedWorkspace(repos);
    await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'test');
    const saved = await repos.integrations.saveConnected(workspaceId, {
      storeHash: 'health1',
      storeName: 'Health',
      accessToken: TOKEN,
      scopes: ['customers', 'orders'],
    });
    good.addFault({ pathPattern: '/v', status: 503 });
    try {
      await checkIntegrations({
        repos,
        logger: silentLogger,
        testBigCommerce: (input) => testConnection({ ...input, apiUrl: good.url, maxRetries: 0 }),
      });
    } finally {
      good.clearFaults();
    }
    expect((await repos.integrations.get(workspaceId, saved.id)).status).toBe('connected');
  });
});
