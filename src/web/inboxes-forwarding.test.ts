/** The Inboxes page's forwarding controls: the old-address switch and a new address, per workspace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, type Harness, type Session } from './testing/harness.js';

describe('Inboxes page: forwarding addresses', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  const post = (url: string, payload: Record<string, string>, session = s) =>
    h.app.inject({
      method: 'POST',
      url,
      headers: { cookie: session.cookie },
      payload: { ...payload, _csrf: session.csrf },
    });
  const page = async () => (await h.app.inject({ method: 'GET', url: '/inboxes', headers: { cookie: s.cookie } })).body;

  it('shows the unguessable address and not the old one', async () => {
    const inbox = await h.repos.inboxes.get(h.a.id, h.a.inboxId);
    const body = await page();
    expect(body).toContain(`inbox-${inbox.forwardingToken}@in.snoooz.test`);
    expect(body).not.toContain(`inbox-${h.a.inboxId}@in.snoooz.test`);
    expect(body).toContain('Not accepted');
  });

  it('turns the old address on and off, audited', async () => {
    expect((await post(`/inboxes/${h.a.inboxId}/forwarding`, { legacy: 'on' })).statusCode).toBe(303);
    expect((await h.repos.inboxes.get(h.a.id, h.a.inboxId)).legacyForwarding).toBe(true);
    const body = await page();
    expect(body).toContain(`inbox-${h.a.inboxId}@in.snoooz.test`);
    expect(body).toContain('still accepted');
    await post(`/inboxes/${h.a.inboxId}/forwarding`, { legacy: 'off' });
    expect((await h.repos.inboxes.get(h.a.id, h.a.inboxId)).legacyForwarding).toBe(false);
    const audit = await h.repos.audit.list(h.a.id, { action: 'inbox.updated' });
    expect(audit.map((e) => (e.detail as { legacyForwardingAddress?: string }).legacyForwardingAddress)).toEqual(
      expect.arrayContaining(['accepted', 'refused']),
    );
  });

  it('replaces the address on request', async () => {
    const before = (await h.repos.inboxes.get(h.a.id, h.a.inboxId)).forwardingToken;
    expect((await post(`/inboxes/${h.a.inboxId}/forwarding/rotate`, {})).statusCode).toBe(303);
    const after = (await h.repos.inboxes.get(h.a.id, h.a.inboxId)).forwardingToken;
    expect(after).not.toBe(before);
    expect(await page()).toContain(`inbox-${after}@in.snoooz.test`);
  });

  it('cannot touch another workspace\u2019s inbox, nor act without the CSRF token', async () => {
    expect((await post(`/inboxes/${h.b.inboxId}/forwarding`, { legacy: 'on' })).statusCode).toBe(404);
    expect((await h.repos.inboxes.get(h.b.id, h.b.inboxId)).legacyForwarding).toBe(false);
    const noCsrf = await h.app.inject({
      method: 'POST',
      url: `/inboxes/${h.a.inboxId}/forwarding`,
      headers: { cookie: s.cookie },
      payload: { legacy: 'on' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await h.repos.inboxes.get(h.a.id, h.a.inboxId)).legacyForwarding).toBe(false);
  });
});
