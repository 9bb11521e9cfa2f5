/**
 * Forwarding that checks itself, on the Inboxes page: the address with its copy button and the
 * instructions, a provider's confirmation code, "Send a test message" and its result, the last
 * arrival and its path, per workspace and per role.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRawEmail } from '../pipeline/ingest.js';
import { createHarness, login, type Harness, type Session } from './testing/harness.js';

const gmail = readFileSync(new URL('../../test/fixtures/verification/gmail-en.eml', import.meta.url));
const mail = (id: string, subject: string) =>
  Buffer.from(
    `From: Merchant <owner@a.test>\r\nTo: support@a.test\r\nSubject: ${subject}\r\nMessage-ID: <${id}>\r\n` +
      `Date: Sat, 05 Dec 2026 09:00:00 +0000\r\n\r\nHello\r\n`,
  );

describe('Inboxes page: forwarding that checks itself', () => {
  let h: Harness;
  let owner: Session;
  let agent: Session;
  beforeAll(async () => {
    h = await createHarness();
    [owner, agent] = [await login(h.app, h.a.owner), await login(h.app, h.both)];
    await h.repos.settings.update(h.a.id, { timeZone: 'Europe/Berlin' });
  });
  afterAll(async () => h.close());

  const get = async (url: string, session = owner) =>
    h.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const post = (url: string, session = owner) =>
    h.app.inject({ method: 'POST', url, headers: { cookie: session.cookie }, payload: { _csrf: session.csrf } });

  it('shows the address as selectable text with a copy button, and instructions per provider', async () => {
    const inbox = await h.repos.inboxes.get(h.a.id, h.a.inboxId);
    const body = (await get('/inboxes')).body;
    const address = `inbox-${inbox.forwardingToken}@in.snoooz.test`;
    expect(body).toContain(`<code class="mono" id="forward-address-${h.a.inboxId}">${address}</code>`);
    // Hidden until the script can copy; without it the text is selectable.
    expect(body).toMatch(new RegExp(`data-copy="forward-address-${h.a.inboxId}"\\s+hidden`));
    expect(body.match(/<summary>(.*?)<\/summary>/g)?.filter((s) => !s.includes('Menu'))).toEqual([
      '<summary>Gmail or Google Workspace</summary>',
      '<summary>Outlook or Microsoft 365</summary>',
      '<summary>Another provider</summary>',
    ]);
    expect(body).toContain('Forwarding and POP/IMAP');
    expect(body).toMatch(/block forwarding to outside addresses by default/);
    expect(body).toMatch(/mail flow rule/);
    expect(body).toContain('Last mail');
    expect(body).toContain('none yet');
  });

  it('shows a Gmail confirmation code and link for that inbox, with when it arrived, never drafted', async () => {
    const result = await ingestRawEmail(h.repos, {
      workspaceId: h.a.id,
      inboxId: h.a.inboxId,
      raw: gmail,
      source: 'smtp',
    });
    expect(result).toMatchObject({ arrival: 'confirmation', jobId: null, message: { state: 'skipped' } });
    expect(await h.repos.drafts.byMessage(h.a.id, result.message.id)).toBeNull();
    const body = (await get('/inboxes')).body;
    expect(body).toContain('<code class="mono confirmation-code">482913706</code>');
    expect(body).toContain(
      '<a href="https://mail-settings.google.com/mail/vf-%5BANGjdJ9x7Qp2LmZ4cWv%5D-Kq3tYp8sNd2Rf5Hj" rel="noopener noreferrer">Confirm in Gmail</a>',
    );
    expect(body).toContain('for <strong>help@acme-outfitters.com</strong>');
    // Arrival time in the workspace's zone; the sender was not checked by DMARC here.
    expect(body).toMatch(
      /Gmail sent a confirmation to the forwarding address at\s*<time datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d CET<\/time>/,
    );
    expect(body).toContain('not verified');
    expect(body).toMatch(/Last mail<\/dt>\s*<dd id="last-arrival-\d+">[\s\S]*?CET[\s\S]*?by forwarding/);
    // Workspace B sees none of it.
    const other = await login(h.app, h.b.owner);
    expect((await get('/inboxes', other)).body).not.toContain('482913706');
  });

  it('starts a test, shows what to send, and shows the arrival with its sender and path', async () => {
    const before = (await get(`/inboxes/${h.a.inboxId}/check`)).body;
    expect(before).toContain('data-check-state="none"');
    const started = await post(`/inboxes/${h.a.inboxId}/check`);
    expect(started.statusCode).toBe(303);
    expect(started.headers.location).toBe(`/inboxes?done=check#check-${h.a.inboxId}`);
    const check = await h.repos.forwarding.latestCheck(h.a.id, h.a.inboxId);
    expect(check?.status).toBe('pending');

    const page = (await get('/inboxes?done=check')).body;
    expect(page).toContain('Test started: now send an email from your own mailbox');
    expect(page).toContain(`Snoooz test ${check?.token}`);
    expect(page).toContain('never answered or drafted');
    expect(page).toContain(`<a href="/inboxes#check-${h.a.inboxId}">Refresh</a>`);
    const pending = await get(`/inboxes/${h.a.inboxId}/check`);
    expect(pending.headers['cache-control']).toBe('no-store');
    expect(pending.body).toContain('data-check-state="pending"');

    const test = await ingestRawEmail(h.repos, {
      workspaceId: h.a.id,
      inboxId: h.a.inboxId,
      raw: mail('test-1@a.test', `Snoooz test ${check?.token}`),
      source: 'smtp',
    });
    expect(test).toMatchObject({ arrival: 'test', jobId: null, message: { state: 'skipped' } });
    const passed = (await get(`/inboxes/${h.a.inboxId}/check`)).body;
    expect(passed).toContain('data-check-state="passed"');
    expect(passed).toMatch(
      /arrived<\/span>\s*<time datetime="[^"]+">[^<]+CET<\/time> from <strong>owner@a\.test<\/strong> by forwarding/,
    );
    expect(passed).toContain('Test again');
    const audit = await h.repos.audit.list(h.a.id, { action: 'inbox.updated' });
    expect(audit.some((e) => (e.detail as { forwardingCheck?: string }).forwardingCheck === 'started')).toBe(true);
  });

  it('agents see the result but cannot start a test; another workspace’s inbox is 404', async () => {
    const fragment = (await get(`/inboxes/${h.a.inboxId}/check`, agent)).body;
    expect(fragment).toContain('data-check-state="passed"');
    expect(fragment).not.toContain('<form');
    expect((await post(`/inboxes/${h.a.inboxId}/check`, agent)).statusCode).toBe(403);
    expect((await get(`/inboxes/${h.b.inboxId}/check`)).statusCode).toBe(404);
    expect((await post(`/inboxes/${h.b.inboxId}/check`)).statusCode).toBe(404);
    expect(await h.repos.forwarding.latestCheck(h.b.id, h.b.inboxId)).toBeNull();
    const noCsrf = await h.app.inject({
      method: 'POST',
      url: `/inboxes/${h.a.inboxId}/check`,
      headers: { cookie: owner.cookie },
      payload: {},
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await get(`/inboxes/${h.a.inboxId}/check?x=1`)).statusCode).toBe(400);
  });
});
