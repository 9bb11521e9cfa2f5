import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, rawEmail, TOKENS, type Harness, type Session } from './testing/harness.js';

/** Workspace B's owner guesses every id of workspace A, on every route: all 404, nothing changes. */
describe('workspace isolation', () => {
  let h: Harness;
  let intruder: Session;
  let ids: { message: number; draft: number; integration: number; inbox: number; token: number };

  beforeAll(async () => {
    h = await createHarness({ enableBigCommerce: true });
    const { messageId } = await h.services.ingestRaw({
      workspaceId: h.a.id,
      inboxId: h.a.inboxId,
      raw: Buffer.from(rawEmail()),
      source: 'http',
    });
    await h.services.settle();
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    const integration = await h.repos.integrations.saveConnected(h.a.id, {
      storeHash: h.storeHash,
      storeName: 'A store',
      accessToken: TOKENS.full,
      scopes: ['orders'],
    });
    const token = await h.repos.auth.createApiToken(h.a.id, {
      tokenHash: 'a'.repeat(64),
      name: 'A token',
      last4: 'aaaa',
      scopes: ['read'],
    });
    ids = {
      message: messageId,
      draft: draft?.id ?? 0,
      integration: integration.id,
      inbox: h.a.inboxId,
      token: token.id,
    };
    intruder = await login(h.app, h.b.owner);
  });
  afterAll(async () => h.close());

  const routes = () =>
    [
      ['GET', `/messages/${ids.message}`],
      ['POST', `/messages/${ids.message}/draft`, { subject: 'x', text: 'hijacked' }],
      ['POST', `/messages/${ids.message}/send`],
      ['POST', `/messages/${ids.message}/regenerate`],
      ['POST', `/messages/${ids.message}/discard`],
      ['POST', `/integrations/${ids.integration}/test`],
      ['POST', `/integrations/${ids.integration}/disconnect`],
      ['POST', `/inboxes/${ids.inbox}/test`],
      ['POST', `/inboxes/${ids.inbox}/delete`],
      ['POST', `/settings/tokens/${ids.token}/revoke`],
      ['GET', `/api/messages/${ids.message}`],
      ['POST', `/api/messages/${ids.message}/regenerate`],
      ['PATCH', `/api/drafts/${ids.draft}`, { text: 'hijacked' }],
      ['POST', `/api/drafts/${ids.draft}/send`],
      ['POST', `/api/integrations/${ids.integration}/test`],
      ['DELETE', `/api/integrations/${ids.integration}`],
    ] as const;

  it('every route answers 404 for another workspace’s ids', async () => {
    for (const [method, url, body] of routes()) {
      const isApi = url.startsWith('/api/');
      const res = await h.app.inject({
        method,
        url,
        headers: { cookie: intruder.cookie, ...(isApi ? { 'x-csrf-token': intruder.csrf } : {}) },
        ...(isApi ? (body ? { payload: body } : {}) : { payload: { ...(body ?? {}), _csrf: intruder.csrf } }),
      });
      expect([url, res.statusCode]).toEqual([url, 404]);
    }
  });

  it('uploads into another workspace’s inbox are refused', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/inboxes/${ids.inbox}/messages`,
      headers: { cookie: intruder.cookie, 'x-csrf-token': intruder.csrf, 'content-type': 'message/rfc822' },
      payload: rawEmail(),
    });
    expect(res.statusCode).toBe(404);
  });

  it('lists show only the caller’s workspace', async () => {
    const headers = { cookie: intruder.cookie };
    const messages = await h.app.inject({ method: 'GET', url: '/api/messages', headers });
    expect(messages.json().messages).toEqual([]);
    const integrations = await h.app.inject({ method: 'GET', url: '/api/integrations', headers });
    expect(integrations.json().integrations).toEqual([]);
    const inboxes = await h.app.inject({ method: 'GET', url: '/api/inboxes', headers });
    expect(inboxes.json().inboxes.map((i: { address: string }) => i.address)).toEqual(['support@b.test']);
    const home = await h.app.inject({ method: 'GET', url: '/', headers });
    expect(home.body).not.toContain('Where is my order?');
    const integrationsPage = await h.app.inject({ method: 'GET', url: '/integrations', headers });
    expect(integrationsPage.body).not.toContain('A store');
  });

  it('settings changes stay in the caller’s workspace', async () => {
    const res = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: intruder.cookie, 'x-csrf-token': intruder.csrf },
      payload: { businessName: 'B Shop' },
    });
    expect(res.statusCode).toBe(200);
    expect((await h.repos.settings.get(h.a.id)).businessName).not.toBe('B Shop');
  });

  it('a form field naming another workspace is rejected, not obeyed', async () => {
    const res = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: intruder.cookie, 'x-csrf-token': intruder.csrf },
      payload: { workspaceId: h.a.id, tone: 'formal' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('nothing of workspace A changed', async () => {
    const draft = await h.repos.drafts.get(h.a.id, ids.draft);
    expect(draft.status).toBe('pending');
    expect(draft.text).not.toContain('hijacked');
    expect(h.services.calls.sent).toEqual([]);
    expect(h.services.calls.regenerated).toEqual([]);
    expect(await h.repos.integrations.list(h.a.id)).toHaveLength(1);
    expect(await h.repos.inboxes.list(h.a.id)).toHaveLength(1);
    expect(await h.repos.auth.listApiTokens(h.a.id)).toHaveLength(1);
  });
});
