/**
 * Sender authentication in the web app: the verdict stored with a message is shown on the inbox
 * list and the message page ("sender verified" / "not verified: …", escaped), and an owner sets
 * the authserv-id an inbox trusts through the API (validated, audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SenderVerdict } from '../shared/sender-verdict.js';
import { createHarness, login, rawEmail, type Harness, type Session } from './testing/harness.js';

describe('sender authentication in the web app', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  async function store(id: string, from: string, auth: SenderVerdict | null) {
    const stored = await h.repos.messages.storeIncoming(h.a.id, h.a.inboxId, {
      messageId: id,
      fromAddress: from,
      subject: `Order question ${id}`,
      receivedAt: new Date(),
      raw: rawEmail({ id, from }),
      auth,
    });
    return stored.message.id;
  }

  it('shows "sender verified" and "not verified: DMARC fail for …" on the list and the message page', async () => {
    const verified = await store('v1@example.com', 'maya@example.com', {
      verified: true,
      method: 'smtp',
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      arc: 'none',
      reason: 'DMARC pass for example.com',
      authservId: 'snoooz.localhost',
    });
    const forged = await store('f1@example.com', 'maya@example.com', {
      verified: false,
      method: 'smtp',
      spf: 'pass',
      dkim: 'none',
      dmarc: 'fail',
      arc: 'none',
      reason: 'DMARC fail for <b>example.com</b>',
    });

    const list = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: s.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('>sender verified</span');
    expect(list.body).toContain('not verified: DMARC fail for &lt;b&gt;example.com&lt;/b&gt;');
    expect(list.body).not.toContain('<b>example.com</b>');

    const good = await h.app.inject({ method: 'GET', url: `/messages/${verified}`, headers: { cookie: s.cookie } });
    expect(good.body).toContain('badge sender verified');
    expect(good.body).toContain('SPF pass, DKIM pass, DMARC pass, ARC none (checked by snoooz.localhost)');
    const bad = await h.app.inject({ method: 'GET', url: `/messages/${forged}`, headers: { cookie: s.cookie } });
    expect(bad.body).toContain('badge sender unverified');
    expect(bad.body).toContain('not verified: DMARC fail for &lt;b&gt;example.com&lt;/b&gt;');

    const api = await h.app.inject({ method: 'GET', url: `/api/messages/${forged}`, headers: { cookie: s.cookie } });
    expect(JSON.stringify(api.json())).toContain('"dmarc":"fail"');
  });

  it('the hourly caps on automatic replies are workspace settings with defaults', async () => {
    const settings = (payload?: unknown) =>
      h.app.inject({
        method: payload === undefined ? 'GET' : 'PUT',
        url: '/api/settings',
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    expect((await settings()).json().settings.autoReplyCaps).toEqual({ perSenderPerHour: 3, perInboxPerHour: 60 });
    const changed = await settings({ autoReplyCaps: { perSenderPerHour: 1, perInboxPerHour: 20 } });
    expect(changed.json().settings.autoReplyCaps).toEqual({ perSenderPerHour: 1, perInboxPerHour: 20 });
    expect((await settings({ autoReplyCaps: { perSenderPerHour: -1, perInboxPerHour: 20 } })).statusCode).toBe(400);
  });

  it('an owner sets the trusted authserv-id of an inbox; bad values are refused', async () => {
    const put = (payload: unknown) =>
      h.app.inject({
        method: 'PUT',
        url: `/api/inboxes/${h.a.inboxId}/sender-auth`,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
        payload: payload as object,
      });
    const initial = await h.app.inject({
      method: 'GET',
      url: `/api/inboxes/${h.a.inboxId}/sender-auth`,
      headers: { cookie: s.cookie },
    });
    expect(initial.json()).toMatchObject({ trustedAuthservId: null });
    expect(initial.json().presets.map((p: { name: string }) => p.name)).toEqual(['google', 'microsoft']);

    expect((await put({ trustedAuthservId: 'google' })).json()).toMatchObject({ trustedAuthservId: 'google' });
    expect(await h.repos.senderAuth.trustedAuthserv(h.a.id, h.a.inboxId)).toBe('google');
    expect((await put({ trustedAuthservId: 'MX.Example.COM' })).json()).toMatchObject({
      trustedAuthservId: 'mx.example.com',
    });
    const bad = await put({ trustedAuthservId: 'mx.google.com; dmarc=pass' });
    expect(bad.statusCode).toBe(400);
    expect(await h.repos.senderAuth.trustedAuthserv(h.a.id, h.a.inboxId)).toBe('mx.example.com');
    expect((await put({ trustedAuthservId: null })).json()).toMatchObject({ trustedAuthservId: null });
    const audit = await h.repos.audit.list(h.a.id, { action: 'inbox.updated' });
    expect(audit.length).toBeGreaterThanOrEqual(3);

    // The Inboxes page: the choice shown and changed through its form.
    const form = (payload: Record<string, string>) =>
      h.app.inject({
        method: 'POST',
        url: `/inboxes/${h.a.inboxId}/sender-auth`,
        headers: { cookie: s.cookie },
        payload: { ...payload, _csrf: s.csrf },
      });
    expect((await form({ trust: 'microsoft', custom: '' })).statusCode).toBe(303);
    expect(await h.repos.senderAuth.trustedAuthserv(h.a.id, h.a.inboxId)).toBe('microsoft');
    const page = await h.app.inject({ method: 'GET', url: '/inboxes', headers: { cookie: s.cookie } });
    expect(page.body).toContain('Sender checks');
    expect(page.body).toMatch(/<option value="microsoft" selected>/);
    expect((await form({ trust: 'custom', custom: 'mx.shop.example' })).statusCode).toBe(303);
    expect(await h.repos.senderAuth.trustedAuthserv(h.a.id, h.a.inboxId)).toBe('mx.shop.example');
    expect((await form({ trust: 'custom', custom: '"><script>' })).statusCode).toBe(400);
    expect((await form({ trust: 'none' })).statusCode).toBe(303);
    expect(await h.repos.senderAuth.trustedAuthserv(h.a.id, h.a.inboxId)).toBeNull();

    // Another workspace's inbox looks like one that does not exist.
    const other = await h.app.inject({
      method: 'PUT',
      url: `/api/inboxes/${h.b.inboxId}/sender-auth`,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { trustedAuthservId: 'google' },
    });
    expect(other.statusCode).toBe(404);
    expect(await h.repos.senderAuth.trustedAuthserv(h.b.id, h.b.inboxId)).toBeNull();
  });
});
