import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, TOKENS, type Harness, type Session } from './testing/harness.js';

describe('BigCommerce integration (against the simulator)', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  const page = (url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
  const connect = (storeHash: string, accessToken: string) =>
    h.app.inject({
      method: 'POST',
      url: '/integrations/bigcommerce/connect',
      headers: { cookie: s.cookie },
      payload: { storeHash, accessToken, _csrf: s.csrf },
    });

  it('without the operator switch: no card, how to request it, connect refused', async () => {
    const res = await page('/integrations');
    expect(res.body).toContain('Global Integrations');
    expect(res.body).not.toContain('id="bigcommerce-card"');
    expect(res.body).toContain('available by request');
    expect(res.body).toContain('contact Snoooz support');
    const refused = await connect(h.storeHash, TOKENS.full);
    expect(refused.body).toContain('not enabled for this workspace');
    const api = await h.app.inject({
      method: 'POST',
      url: '/api/integrations/bigcommerce',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { storeHash: h.storeHash, accessToken: TOKENS.full },
    });
    expect(api.statusCode).toBe(403);
    expect(api.json().error.code).toBe('integration_not_enabled');
    expect(await h.repos.integrations.list(h.a.id)).toEqual([]);
  });

  it('with it enabled: the card offers Connect, with help on both fields', async () => {
    await h.repos.workspaces.enableIntegration(h.a.id, 'bigcommerce', 'cli');
    expect((await page('/integrations')).body).toContain('href="/integrations/bigcommerce/connect"');
    const form = await page('/integrations/bigcommerce/connect');
    expect(form.body).toContain('<label for="storeHash">Store hash</label>');
    expect(form.body).toContain('<label for="accessToken">Access token</label>');
    expect(form.body).toContain('https://api.bigcommerce.com/stores/abc123def/v3/customers');
    expect(form.body).toContain('Settings → API Accounts');
  });

  it('a wrong store hash is reported inline and nothing is saved', async () => {
    const res = await connect('nosuchstore1', TOKENS.full);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Wrong store hash');
    expect(res.body).toContain('value="nosuchstore1"');
    expect(res.body).not.toContain(TOKENS.full);
    expect(await h.repos.integrations.list(h.a.id)).toEqual([]);
  });

  it('a malformed store hash is reported without calling BigCommerce', async () => {
    const res = await connect('https://evil.example/../x', TOKENS.full);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Wrong store hash');
  });

  it('an unknown (deleted or regenerated) token is reported inline', async () => {
    const res = await connect(h.storeHash, TOKENS.unknown);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Access token not accepted');
    expect(res.body).toContain('deleted or regenerated');
    expect(await h.repos.integrations.list(h.a.id)).toEqual([]);
  });

  it('a token without the Orders scope names the missing scope', async () => {
    const res = await connect(h.storeHash, TOKENS.noOrders);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Missing scope: Orders');
    expect(await h.repos.integrations.list(h.a.id)).toEqual([]);
  });

  it('the right hash (pasted as an API path) and token connect, and the card shows the store', async () => {
    const res = await connect(`https://api.bigcommerce.com/stores/${h.storeHash}/v3/customers`, TOKENS.full);
    expect(res.statusCode).toBe(303);
    const shown = await page(res.headers.location as string);
    expect(shown.body).toContain('Connected to');
    expect(shown.body).toMatch(/Working scopes:\s+Customers/);
    expect(shown.body).toContain(h.storeHash);
    expect(shown.body).toContain(`••••${TOKENS.full.slice(-4)}`);
    expect(shown.body).not.toContain(TOKENS.full);
    expect(shown.body).toContain('>Re-test<');
    expect(shown.body).toContain('>Disconnect<');
    const audit = await h.repos.audit.list(h.a.id, { action: 'integration.connected' });
    expect(audit).toHaveLength(1);
  });

  it('re-test marks it broken when the token stops working, and connected again after', async () => {
    const [integration] = await h.repos.integrations.list(h.a.id);
    const id = integration?.id ?? 0;
    h.sim.addFault({ pathPattern: /./, kind: 'status', status: 401 });
    const broken = await h.app.inject({
      method: 'POST',
      url: `/integrations/${id}/test`,
      headers: { cookie: s.cookie },
      payload: { _csrf: s.csrf },
    });
    h.sim.clearFaults();
    expect(broken.statusCode).toBe(200);
    expect(broken.body).toContain('Re-test failed');
    expect((await h.repos.integrations.get(h.a.id, id)).status).toBe('broken');
    const api = await h.app.inject({
      method: 'POST',
      url: `/api/integrations/${id}/test`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(api.json().integration.status).toBe('connected');
    expect(JSON.stringify(api.json())).not.toContain(TOKENS.full);
    expect((await h.repos.audit.list(h.a.id, { action: 'integration.retested' })).length).toBeGreaterThanOrEqual(1);
  });

  it('the API lists integrations with the masked token only', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/integrations', headers: { cookie: s.cookie } });
    expect(res.json().integrations[0].accessTokenMasked).toBe(`••••${TOKENS.full.slice(-4)}`);
    expect(res.body).not.toContain(TOKENS.full);
  });

  it('disconnect removes it and is audited', async () => {
    const [integration] = await h.repos.integrations.list(h.a.id);
    const res = await h.app.inject({
      method: 'POST',
      url: `/integrations/${integration?.id}/disconnect`,
      headers: { cookie: s.cookie },
      payload: { _csrf: s.csrf },
    });
    expect(res.statusCode).toBe(303);
    expect(await h.repos.integrations.list(h.a.id)).toEqual([]);
    expect(await h.repos.audit.list(h.a.id, { action: 'integration.disconnected' })).toHaveLength(1);
  });

  it('the access token never reaches the logs', () => {
    const all = h.logs.join('\n');
    expect(all).not.toContain(TOKENS.full);
    expect(all).not.toContain(TOKENS.noOrders);
  });
});
