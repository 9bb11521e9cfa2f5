/**
 * Owner-only workspace changes: agents and under-scoped API tokens are refused by the server and
 * do not see the controls; tokens carry the scopes chosen when they were created.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../db/index.js';
import { buildApp } from './app.js';
import { createHarness, login, type Harness, type Session } from './testing/harness.js';

let h: Harness;
let agent: Session;
let owner: Session;
beforeAll(async () => {
  h = await createHarness({ enableBigCommerce: true });
  agent = await login(h.app, h.both);
  owner = await login(h.app, h.a.owner);
});
afterAll(async () => h.close());

const bearer = async (scopes: Array<'read' | 'draft' | 'send' | 'admin'>) => {
  const value = `snz_roles_${scopes.join('_')}_abcdefghijklmnopqrstuv`;
  await h.repos.auth.createApiToken(h.a.id, { tokenHash: hashToken(value), name: 'x', last4: 'abcd', scopes });
  return { authorization: `Bearer ${value}` };
};

describe('owner-only settings, autonomy and data sharing', () => {
  it('an agent cannot switch on auto-send, lower the autonomy gate or allow phone numbers', async () => {
    const before = await h.repos.settings.get(h.a.id);
    const res = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
      payload: { mode: 'auto', autonomy: { lastN: 20, threshold: 0.8 }, allowPhone: true, allowAddress: true },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    const form = await h.app.inject({
      method: 'POST',
      url: '/settings',
      headers: { cookie: agent.cookie },
      payload: { mode: 'auto', allowPhone: 'on', _csrf: agent.csrf },
    });
    expect(form.statusCode).toBe(403);
    expect(await h.repos.settings.get(h.a.id)).toEqual(before);
  });

  it('an API token without the admin scope cannot either; one with it can', async () => {
    const before = await h.repos.settings.get(h.a.id);
    const agentLike = await bearer(['read', 'draft', 'send']);
    const refused = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: agentLike,
      payload: { allowPhone: !before.allowPhone },
    });
    expect(refused.statusCode).toBe(403);
    expect(await h.repos.settings.get(h.a.id)).toEqual(before);
    const admin = await bearer(['admin']);
    const ok = await h.app.inject({ method: 'PUT', url: '/api/settings', headers: admin, payload: { tone: 'formal' } });
    expect(ok.statusCode).toBe(200);
  });

  it('an agent or a send-scoped token cannot add, change or delete inboxes or stores', async () => {
    const send = await bearer(['send']);
    const attempts = [
      { method: 'POST' as const, url: '/inboxes', payload: { name: 'Evil', address: 'evil@a.test' } },
      { method: 'POST' as const, url: `/inboxes/${h.a.inboxId}/delete`, payload: {} },
      { method: 'PUT' as const, url: `/api/inboxes/${h.a.inboxId}/store`, payload: { store: 'all' } },
      { method: 'POST' as const, url: '/api/integrations/bigcommerce', payload: { storeHash: h.storeHash } },
    ];
    for (const attempt of attempts) {
      const bySession = await h.app.inject({
        ...attempt,
        headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
      });
      expect(bySession.statusCode, attempt.url).toBe(403);
      const byToken = await h.app.inject({ ...attempt, headers: send });
      expect(byToken.statusCode, attempt.url).toBe(403);
    }
    expect((await h.repos.inboxes.list(h.a.id)).map((i) => i.id)).toEqual([h.a.inboxId]);
  });
});

describe('pages show owner-only controls to owners only', () => {
  const page = (s: Session, url: string) => h.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });

  it('owner pages (settings, integrations, members) and their API refuse agents; owners see them', async () => {
    for (const url of ['/settings', '/integrations', '/members', `/integrations/${h.a.inboxId}/webhooks`]) {
      const res = await page(agent, url);
      expect(res.statusCode, url).toBe(403);
      expect(res.body, url).not.toContain('action="/settings"');
    }
    for (const url of ['/api/settings', '/api/integrations', '/api/members']) {
      const res = await page(agent, url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code, url).toBe('forbidden');
    }
    const home = (await page(agent, '/')).body;
    expect(home).not.toContain('href="/settings"');
    expect(home).not.toContain('href="/members"');
    expect(home).not.toContain('href="/integrations"');
    const ownerBody = (await page(owner, '/settings')).body;
    expect(ownerBody).toContain('action="/settings"');
    expect(ownerBody).toContain('name="scopes" value="admin"');
    expect((await page(owner, '/')).body).toContain('href="/members"');
  });

  it('inboxes and shadow: no add, delete, store or start controls for agents', async () => {
    const inboxes = (await page(agent, '/inboxes')).body;
    expect(inboxes).toContain('support@a.test');
    expect(inboxes).not.toMatch(/action="\/inboxes/);
    expect(inboxes).not.toContain('href="/inboxes/new"');
    expect((await page(owner, '/inboxes')).body).toContain(`action="/inboxes/${h.a.inboxId}/delete"`);
    expect((await page(owner, '/integrations')).body).toContain('href="/integrations/bigcommerce/connect"');
    expect((await page(agent, '/shadow')).body).not.toContain('action="/shadow"');
  });
});

describe('API token scopes chosen at creation', () => {
  const create = (payload: Record<string, unknown>, s = owner) =>
    h.app.inject({
      method: 'POST',
      url: '/settings/tokens',
      headers: { cookie: s.cookie },
      payload: { ...payload, _csrf: s.csrf },
    });

  it('stores the chosen scopes and enforces them per route', async () => {
    const res = await create({ name: 'Reader', scopes: 'read' });
    expect(res.statusCode).toBe(200);
    const value = /id="new-token">([^<]+)</.exec(res.body)?.[1] ?? '';
    const listed = (await h.repos.auth.listApiTokens(h.a.id)).find((t) => t.name === 'Reader');
    expect(listed?.scopes).toEqual(['read']);
    const headers = { authorization: `Bearer ${value}` };
    expect((await h.app.inject({ method: 'GET', url: '/api/messages', headers })).statusCode).toBe(200);
    const send = await h.app.inject({ method: 'POST', url: '/api/drafts/1/send', headers, payload: {} });
    expect(send.statusCode).toBe(403);
  });

  it('needs at least one known scope; agents cannot create tokens at all (so never an admin one)', async () => {
    expect((await create({ name: 'None' })).statusCode).toBe(400);
    expect((await create({ name: 'Bad', scopes: 'root' })).statusCode).toBe(400);
    expect((await create({ name: 'Sneaky', scopes: ['admin'] }, agent)).statusCode).toBe(403);
    expect((await h.repos.auth.listApiTokens(h.a.id)).some((t) => t.name === 'Sneaky')).toBe(false);
  });

  it('a token cannot manage tokens, even with the admin scope', async () => {
    const admin = await bearer(['admin', 'read']);
    const res = await h.app.inject({
      method: 'POST',
      url: '/settings/tokens',
      headers: admin,
      payload: { name: 'Child', scopes: 'admin' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('server-side minimums for the earned-autonomy gate', () => {
  it('refuses a gate of one reply or a threshold below 80%, even from an owner, by API and by form', async () => {
    const before = (await h.repos.settings.get(h.a.id)).autonomy;
    for (const autonomy of [
      { lastN: 1, threshold: 0.9 },
      { lastN: 20, threshold: 0 },
      { lastN: 19, threshold: 0.8 },
      { lastN: 20, threshold: 0.79 },
    ]) {
      const res = await h.app.inject({
        method: 'PUT',
        url: '/api/settings',
        headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
        payload: { autonomy },
      });
      expect(res.statusCode, JSON.stringify(autonomy)).toBe(400);
      expect(res.json().error.message).toMatch(/at least/);
    }
    const form = await h.app.inject({
      method: 'POST',
      url: '/settings',
      headers: { cookie: owner.cookie },
      payload: {
        mode: 'drafts',
        tone: 'friendly',
        businessName: 'Acme',
        signature: '',
        recentOrdersToMention: '3',
        autonomyThreshold: '0',
        autonomyLastN: '1',
        _csrf: owner.csrf,
      },
    });
    expect(form.body).toContain('Not saved:');
    expect((await h.repos.settings.get(h.a.id)).autonomy).toEqual(before);
    // The repository is what every caller (web, API, CLI) goes through.
    await expect(h.repos.settings.update(h.a.id, { autonomy: { lastN: 1, threshold: 0 } })).rejects.toMatchObject({
      code: 'invalid_settings',
    });
    const ok = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
      payload: { autonomy: { lastN: 20, threshold: 0.8 } },
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe('a route without an authorization rule', () => {
  it('is refused for everyone, owners included (fail closed)', async () => {
    const app = await buildApp({
      repos: h.repos,
      services: h.services,
      logger: pino({ level: 'silent' }),
      options: { secureCookies: false },
    });
    app.get('/api/unruled', async () => ({ secret: 'workspace data' }));
    try {
      const s = await login(app, h.a.owner);
      const res = await app.inject({ method: 'GET', url: '/api/unruled', headers: { cookie: s.cookie } });
      expect(res.statusCode).toBe(403);
      expect(res.body).not.toContain('workspace data');
      expect(app.routeTable).toContainEqual({ method: 'GET', url: '/api/unruled' });
    } finally {
      await app.close();
    }
  });
});
