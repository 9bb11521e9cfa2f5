/**
 * The workspace's time zone: an owner sets it on the Settings page (or through the API), and the
 * inbox list, its live fragment and the message page then show one and the same instant per
 * message, in that zone, with `datetime` the same instant in UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, rawEmail, type Harness, type Session } from './testing/harness.js';

const RECEIVED = '2026-07-01T08:14:00.000Z';

describe('times in the workspace time zone', () => {
  let h: Harness;
  let owner: Session;
  let agent: Session;
  let late: number;
  let onTime: number;
  beforeAll(async () => {
    h = await createHarness();
    [owner, agent] = [await login(h.app, h.a.owner), await login(h.app, h.both)];
    const store = async (id: string, raw: string) =>
      (
        await h.repos.messages.storeIncoming(h.a.id, h.a.inboxId, {
          messageId: `<${id}>`,
          threadKey: id,
          fromAddress: 'maya@example.com',
          fromName: 'Maya Lopez',
          subject: id,
          receivedAt: RECEIVED,
          raw: Buffer.from(raw),
        })
      ).message.id;
    // The customer's clock said 18 November 2025 (rawEmail's Date header); it arrived in July 2026.
    late = await store('late@example.com', rawEmail({ id: 'late@example.com' }));
    onTime = await store(
      'on-time@example.com',
      rawEmail({ id: 'on-time@example.com' }).replace(/^Date: .*$/m, 'Date: Wed, 01 Jul 2026 08:12:30 +0000'),
    );
  });
  afterAll(async () => h.close());

  const get = (url: string, session = owner) =>
    h.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const saveSettings = (timeZone: string, session = owner) =>
    h.app.inject({
      method: 'POST',
      url: '/settings',
      headers: { cookie: session.cookie },
      payload: {
        mode: 'drafts',
        tone: 'friendly',
        businessName: 'Shop A',
        signature: '',
        recentOrdersToMention: '3',
        allowAddress: 'on',
        allowPhone: 'on',
        timeZone,
        _csrf: session.csrf,
      },
    });
  /** Every `<time>` of the page as [datetime, text]. */
  const times = (body: string) =>
    [...body.matchAll(/<time datetime="([^"]*)">([^<]*)<\/time>/g)].map((m) => [m[1], m[2]]);

  it('is UTC until an owner chooses; the Settings page offers the zones', async () => {
    const page = (await get('/settings')).body;
    expect(page).toMatch(/<input\s+id="timeZone"\s+name="timeZone"[^>]*value="UTC"/);
    expect(page).toContain('<option value="Europe/Berlin"></option>');
    expect(times((await get('/')).body)).toContainEqual([RECEIVED, '2026-07-01 08:14 UTC']);
  });

  it('an unknown zone or an offset is refused on the form, and nothing changes', async () => {
    for (const bad of ['Mars/Olympus_Mons', '+02:00']) {
      const res = await saveSettings(bad);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(
        'Not saved: Invalid settings: timeZone: must be an IANA time zone such as Europe/Berlin',
      );
    }
    expect((await h.repos.settings.get(h.a.id)).timeZone).toBe('UTC');
  });

  it('agents cannot change it', async () => {
    expect((await saveSettings('Asia/Tokyo', agent)).statusCode).toBe(403);
    expect((await h.repos.settings.get(h.a.id)).timeZone).toBe('UTC');
  });

  it('once set, the list, its live fragment and the message page show the same local time', async () => {
    const res = await saveSettings('europe/berlin');
    expect(res.statusCode).toBe(303);
    expect((await h.repos.settings.get(h.a.id)).timeZone).toBe('Europe/Berlin');
    expect((await h.repos.audit.list(h.a.id, { action: 'settings.changed' }))[0]?.detail).toMatchObject({
      fields: expect.arrayContaining(['timeZone']),
    });

    const shown: [string, string] = [RECEIVED, '2026-07-01 10:14 CEST'];
    expect(times((await get('/')).body)).toContainEqual(shown);
    expect(times((await get('/inbox/list', agent)).body)).toContainEqual(shown);

    const message = (await get(`/messages/${late}`)).body;
    const received = /<dt>Received<\/dt>\s*<dd>(.*?)<\/dd>/s.exec(message)?.[1] ?? '';
    expect(times(received)[0]).toEqual(shown);
    // The customer's own Date header differs by months: shown beside it, labelled, in the same zone.
    expect(received).toContain("sent by the customer's mail client at");
    expect(times(received)[1]).toEqual(['2025-11-18T10:00:00.000Z', '2025-11-18 11:00 CET']);
  });

  it('a Date header within a few minutes of receipt is not shown twice', async () => {
    const message = (await get(`/messages/${onTime}`)).body;
    const received = /<dt>Received<\/dt>\s*<dd>(.*?)<\/dd>/s.exec(message)?.[1] ?? '';
    expect(times(received)).toEqual([[RECEIVED, '2026-07-01 10:14 CEST']]);
    expect(received).not.toContain('mail client');
  });

  it('the API takes the zone too and spells it as Intl does', async () => {
    const res = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
      payload: { timeZone: 'america/new_york' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ settings: { timeZone: 'America/New_York' } });
    expect(times((await get('/')).body)).toContainEqual([RECEIVED, '2026-07-01 04:14 EDT']);
    const bad = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
      payload: { timeZone: 'Nowhere/Special' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
