import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, TOKENS, type Harness, type Session } from './testing/harness.js';

describe('several stores per workspace (web)', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness({ enableBigCommerce: true });
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  const get = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const post = (url: string, payload: Record<string, string>) =>
    h.app.inject({ method: 'POST', url, headers: { cookie: s.cookie }, payload: { ...payload, _csrf: s.csrf } });
  const addInbox = (address: string, extra: Record<string, string> = {}) =>
    post('/inboxes', { name: address, address, ...extra });

  it('connects a first store; a new inbox then uses it by default', async () => {
    const res = await post('/integrations/bigcommerce/connect', { storeHash: h.storeHash, accessToken: TOKENS.full });
    expect(res.statusCode).toBe(303);
    const page = await get('/integrations');
    expect(page.body).toContain('href="/integrations/bigcommerce/connect">Connect another store<');
    expect((await addInbox('one@a.test')).statusCode).toBe(303);
    const [store] = await h.repos.integrations.list(h.a.id);
    const inbox = await h.repos.inboxes.byAddress(h.a.id, 'one@a.test');
    expect(inbox?.storeIntegrationId).toBe(store?.id);
  });

  it('"Connect another store" runs the same tested flow and each store gets its own card', async () => {
    const form = await get('/integrations/bigcommerce/connect');
    expect(form.body).toContain('Connect another BigCommerce store');
    const wrong = await post('/integrations/bigcommerce/connect', {
      storeHash: h.secondStoreHash,
      accessToken: TOKENS.unknown,
    });
    expect(wrong.body).toContain('Access token not accepted');
    expect(await h.repos.integrations.list(h.a.id)).toHaveLength(1);

    const res = await post('/integrations/bigcommerce/connect', {
      storeHash: h.secondStoreHash,
      accessToken: TOKENS.full,
    });
    expect(res.statusCode).toBe(303);
    const stores = await h.repos.integrations.list(h.a.id);
    expect(stores.map((i) => i.storeHash)).toEqual([h.storeHash, h.secondStoreHash]);
    const page = await get('/integrations');
    for (const i of stores) {
      expect(page.body).toContain(`data-integration-id="${i.id}"`);
      expect(page.body).toContain(`action="/integrations/${i.id}/test"`);
      expect(page.body).toContain(`action="/integrations/${i.id}/disconnect"`);
      expect(page.body).toContain(i.storeHash);
    }
    expect(page.body).toContain('2 stores are');
    expect(page.body).not.toContain(TOKENS.full);

    const api = await get('/api/integrations');
    expect(api.json().integrations.map((i: { storeHash: string }) => i.storeHash)).toEqual([
      h.storeHash,
      h.secondStoreHash,
    ]);
    expect(api.body).not.toContain(TOKENS.full);
  });

  it('with several stores a new inbox looks in all of them, unless a store is chosen', async () => {
    expect((await addInbox('two@a.test')).statusCode).toBe(303);
    expect((await h.repos.inboxes.byAddress(h.a.id, 'two@a.test'))?.storeIntegrationId).toBeNull();
    const second = (await h.repos.integrations.list(h.a.id))[1];
    expect((await addInbox('three@a.test', { store: String(second?.id) })).statusCode).toBe(303);
    expect((await h.repos.inboxes.byAddress(h.a.id, 'three@a.test'))?.storeIntegrationId).toBe(second?.id);
  });

  it('each inbox has a Store select: one store, or all connected stores', async () => {
    const [first, second] = await h.repos.integrations.list(h.a.id);
    const page = await get('/inboxes');
    expect(page.body).toContain(`action="/inboxes/${h.a.inboxId}/store"`);
    expect(page.body).toContain('<option value="all"');
    expect(page.body).toContain('Look up in all connected stores');
    expect(page.body).toContain(`<option value="${second?.id}"`);

    const mapped = await post(`/inboxes/${h.a.inboxId}/store`, { store: String(second?.id) });
    expect(mapped.statusCode).toBe(303);
    expect((await h.repos.inboxes.get(h.a.id, h.a.inboxId)).storeIntegrationId).toBe(second?.id);
    expect((await get('/inboxes')).body).toMatch(new RegExp(`<option value="${second?.id}"\\s+selected`));

    const all = await post(`/inboxes/${h.a.inboxId}/store`, { store: 'all' });
    expect(all.statusCode).toBe(303);
    expect((await h.repos.inboxes.get(h.a.id, h.a.inboxId)).storeIntegrationId).toBeNull();

    const api = await h.app.inject({
      method: 'PUT',
      url: `/api/inboxes/${h.a.inboxId}/store`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { store: first?.id },
    });
    expect(api.statusCode).toBe(200);
    expect(api.json().inbox.storeIntegrationId).toBe(first?.id);
    const audit = await h.repos.audit.list(h.a.id, { action: 'inbox.updated' });
    expect(audit.length).toBeGreaterThanOrEqual(3);
  });

  it('another workspace’s store cannot be mapped (form or API), and nothing changes', async () => {
    await h.repos.workspaces.enableIntegration(h.b.id, 'bigcommerce', 'cli');
    const foreign = await h.repos.integrations.saveConnected(h.b.id, {
      storeHash: h.storeHash,
      storeName: 'B store',
      accessToken: TOKENS.full,
      scopes: ['customers', 'orders'],
    });
    const before = (await h.repos.inboxes.get(h.a.id, h.a.inboxId)).storeIntegrationId;
    const form = await post(`/inboxes/${h.a.inboxId}/store`, { store: String(foreign.id) });
    expect(form.statusCode).toBe(404);
    const api = await h.app.inject({
      method: 'PUT',
      url: `/api/inboxes/${h.a.inboxId}/store`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { store: foreign.id },
    });
    expect(api.statusCode).toBe(404);
    const created = await addInbox('four@a.test', { store: String(foreign.id) });
    expect(await h.repos.inboxes.byAddress(h.a.id, 'four@a.test')).toBeNull();
    expect(created.body).not.toContain('B store');
    // B's own inbox cannot be remapped from A either.
    expect((await post(`/inboxes/${h.b.inboxId}/store`, { store: 'all' })).statusCode).toBe(404);
    expect((await h.repos.inboxes.get(h.a.id, h.a.inboxId)).storeIntegrationId).toBe(before);
    expect((await get('/inboxes')).body).not.toContain('B store');
  });

  it('disconnecting the mapped store leaves the inbox looking in the stores that remain', async () => {
    const [first] = await h.repos.integrations.list(h.a.id);
    await post(`/inboxes/${h.a.inboxId}/store`, { store: String(first?.id) });
    expect((await post(`/integrations/${first?.id}/disconnect`, {})).statusCode).toBe(303);
    expect((await h.repos.inboxes.get(h.a.id, h.a.inboxId)).storeIntegrationId).toBeNull();
    expect(await h.repos.integrations.list(h.a.id)).toHaveLength(1);
  });
});
