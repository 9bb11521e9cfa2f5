/**
 * An inbox's mail servers are tested before they are saved (adding an inbox, setting its SMTP),
 * a refused form comes back with what was typed (never the password) and one reason per server,
 * and an inbox without SMTP is flagged wherever a reply would go out through it.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, rawEmail, type Harness, type Session } from './testing/harness.js';

const PASSWORD_TYPED = 'typed-mailbox-pass-9876';

function addForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Sales',
    address: 'sales@a.test',
    imapHost: 'imap.shop.test',
    imapPort: '993',
    imapTls: 'on',
    imapUser: '',
    smtpHost: 'smtp.shop.test',
    smtpPort: '465',
    smtpTls: 'on',
    smtpUser: 'sender@a.test',
    password: PASSWORD_TYPED,
    ...overrides,
  };
}

describe('adding an inbox tests its mail servers first (scripted answers)', () => {
  let h: Harness;
  let s: Session;
  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
  });
  afterAll(async () => h.close());

  const post = (url: string, payload: Record<string, string>) =>
    h.app.inject({ method: 'POST', url, headers: { cookie: s.cookie }, payload: { ...payload, _csrf: s.csrf } });
  const addresses = async () => (await h.repos.inboxes.list(h.a.id)).map((i) => i.address);

  it('a failed IMAP login saves nothing and shows the form again with the reason, never the password', async () => {
    h.services.scriptMailboxTest({ imap: 'IMAP login as sales@a.test at imap.shop.test:993 failed. Check it.' });
    const before = h.services.calls.mailboxTests.length;
    const res = await post('/inboxes', addForm());
    h.services.scriptMailboxTest(null);
    expect(res.statusCode).toBe(200);
    expect(await addresses()).not.toContain('sales@a.test');
    // Both servers were tried, with the password that was typed.
    expect(h.services.calls.mailboxTests.slice(before)).toEqual([
      {
        imap: { host: 'imap.shop.test', port: 993, secure: true, user: 'sales@a.test' },
        smtp: { host: 'smtp.shop.test', port: 465, secure: true, user: 'sender@a.test' },
        password: PASSWORD_TYPED,
      },
    ]);
    const body = res.body;
    expect(body).toContain('Not added:');
    expect(body).toMatch(
      /<li id="imap-problem">IMAP: IMAP login as sales@a\.test at imap\.shop\.test:993 failed\. Check it\.<\/li>/,
    );
    expect(body).toMatch(/<li id="smtp-problem">SMTP: <span class="badge connected">login works<\/span><\/li>/);
    expect(body).toContain('aria-describedby="imap-problem"');
    // What was typed is there again, the password is not (only a request to type it again).
    for (const value of ['value="Sales"', 'value="sales@a.test"', 'value="imap.shop.test"', 'value="sender@a.test"']) {
      expect(body).toContain(value);
    }
    expect(body).not.toContain(PASSWORD_TYPED);
    expect(body).toContain('Type the password again');
    expect(body).toContain('action="/inboxes#add"');
  });

  it('a failed SMTP login alone is refused the same way; the TLS switch is shown as it was typed', async () => {
    h.services.scriptMailboxTest({ smtp: 'Could not connect to the mail server smtp.shop.test:465. Check it.' });
    const { imapTls: _off, ...withoutImapTls } = addForm();
    const res = await post('/inboxes', withoutImapTls);
    h.services.scriptMailboxTest(null);
    expect(await addresses()).not.toContain('sales@a.test');
    expect(res.body).toContain('SMTP: Could not connect to the mail server smtp.shop.test:465. Check it.');
    expect(res.body).toMatch(/name="imapTls"\s*\/>/);
    expect(res.body).toMatch(/name="smtpTls"\s+checked/);
  });

  it('servers that log in are saved, and only the servers given are tested', async () => {
    const before = h.services.calls.mailboxTests.length;
    const res = await post('/inboxes', addForm({ smtpHost: '', smtpUser: '' }));
    expect(res.statusCode).toBe(303);
    expect(h.services.calls.mailboxTests.slice(before)).toEqual([
      { imap: { host: 'imap.shop.test', port: 993, secure: true, user: 'sales@a.test' }, password: PASSWORD_TYPED },
    ]);
    const saved = (await h.repos.inboxes.list(h.a.id)).find((i) => i.address === 'sales@a.test');
    expect(saved).toMatchObject({ smtp: null, passwordSet: true });
    expect(saved?.imap?.host).toBe('imap.shop.test');
  });

  it('a forwarding-only inbox has nothing to test and is added as before', async () => {
    const before = h.services.calls.mailboxTests.length;
    const res = await post('/inboxes', { name: 'Returns', address: 'returns@a.test' });
    expect(res.statusCode).toBe(303);
    expect(h.services.calls.mailboxTests.length).toBe(before);
    expect(await addresses()).toContain('returns@a.test');
  });

  it('bad input is answered on the form too, with the values kept and nothing tested', async () => {
    const before = h.services.calls.mailboxTests.length;
    const res = await post('/inboxes', addForm({ address: 'other@a.test', imapPort: '99999' }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Not added:');
    expect(res.body).toContain('imapPort: must be a port number');
    expect(res.body).toContain('value="other@a.test"');
    expect(res.body).not.toContain(PASSWORD_TYPED);
    expect(h.services.calls.mailboxTests.length).toBe(before);
    expect(await addresses()).not.toContain('other@a.test');
  });

  it("an inbox's SMTP is set only when it logs in; a new password is tried on IMAP too", async () => {
    const sales = (await h.repos.inboxes.list(h.a.id)).find((i) => i.address === 'sales@a.test');
    if (!sales) throw new Error('no sales inbox');
    const form = await h.app.inject({ method: 'GET', url: `/inboxes/${sales.id}/smtp`, headers: { cookie: s.cookie } });
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Leave empty to keep the stored password.');

    const smtp = { smtpHost: 'smtp.shop.test', smtpPort: '587', smtpUser: '', password: 'new-pass-5555' };
    h.services.scriptMailboxTest({ imap: 'IMAP login failed. Check the password.' });
    const before = h.services.calls.mailboxTests.length;
    const refused = await post(`/inboxes/${sales.id}/smtp`, smtp);
    h.services.scriptMailboxTest(null);
    expect(refused.statusCode).toBe(200);
    expect(refused.body).toContain('Not saved:');
    expect(refused.body).toContain('IMAP: IMAP login failed. Check the password.');
    expect(refused.body).toContain('value="smtp.shop.test"');
    expect(refused.body).not.toContain('new-pass-5555');
    expect(h.services.calls.mailboxTests.slice(before)).toEqual([
      {
        imap: sales.imap,
        smtp: { host: 'smtp.shop.test', port: 587, secure: false, user: 'sales@a.test' },
        password: 'new-pass-5555',
      },
    ]);
    const unchanged = await h.repos.inboxes.getWithSecret(h.a.id, sales.id);
    expect([unchanged.smtp, unchanged.password]).toEqual([null, PASSWORD_TYPED]);

    // Without a new password: only SMTP is tried, with the stored one.
    const ok = await post(`/inboxes/${sales.id}/smtp`, { ...smtp, smtpTls: 'on', smtpPort: '465', password: '' });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/inboxes?done=smtp-saved');
    expect(h.services.calls.mailboxTests.at(-1)).toEqual({
      smtp: { host: 'smtp.shop.test', port: 465, secure: true, user: 'sales@a.test' },
      password: PASSWORD_TYPED,
    });
    expect((await h.repos.inboxes.get(h.a.id, sales.id)).smtp?.host).toBe('smtp.shop.test');
    const audit = await h.repos.audit.list(h.a.id, { action: 'inbox.updated' });
    expect(audit[0]?.detail).toMatchObject({ smtp: 'smtp.shop.test:465' });
    expect(JSON.stringify(audit)).not.toContain(PASSWORD_TYPED);

    // An empty host removes it; there is nothing to test.
    const removed = await post(`/inboxes/${sales.id}/smtp`, { ...smtp, smtpHost: '', password: '' });
    expect(removed.headers.location).toBe('/inboxes?done=smtp-removed');
    expect((await h.repos.inboxes.get(h.a.id, sales.id)).smtp).toBeNull();
  });

  it("another workspace's inbox is not found", async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: `/inboxes/${h.b.inboxId}/smtp`,
      headers: { cookie: s.cookie },
    });
    expect(res.statusCode).toBe(404);
    const post404 = await post(`/inboxes/${h.b.inboxId}/smtp`, { smtpHost: 'smtp.evil.test', password: '' });
    expect(post404.statusCode).toBe(404);
    expect((await h.repos.inboxes.get(h.b.id, h.b.inboxId)).smtp).toBeNull();
  });
});

describe('adding an inbox tests its mail servers first (the real transport)', () => {
  let h: Harness;
  let s: Session;
  let closedPort: number;
  beforeAll(async () => {
    // Loopback is allowed, so a closed port there is really tried; 10.x stays refused by the guard.
    h = await createHarness({ realMailboxTests: { allowPrivateHosts: ['127.0.0.1'] } });
    s = await login(h.app, h.a.owner);
    const probe = createServer();
    closedPort = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      }),
    );
  });
  afterAll(async () => h.close());

  it('nothing listening and an address the guard refuses: both refused, in the same words, nothing saved', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/inboxes',
      headers: { cookie: s.cookie },
      payload: addForm({
        imapHost: '127.0.0.1',
        imapPort: String(closedPort),
        smtpHost: '10.20.30.40',
        smtpPort: '465',
        _csrf: s.csrf,
      }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(
      `IMAP: Could not connect to the mail server 127.0.0.1:${closedPort}. Check the host, the port and the TLS setting.`,
    );
    expect(res.body).toContain(
      'SMTP: Could not connect to the mail server 10.20.30.40:465. Check the host, the port and the TLS setting.',
    );
    expect(res.body).not.toMatch(/not a public address|egress|ECONNREFUSED/i);
    expect((await h.repos.inboxes.list(h.a.id)).map((i) => i.address)).toEqual(['support@a.test']);
  });
});

describe('an inbox that cannot send is flagged', () => {
  let h: Harness;
  let owner: Session;
  let agent: Session;
  let messageId: number;
  beforeAll(async () => {
    h = await createHarness();
    [owner, agent] = [await login(h.app, h.a.owner), await login(h.app, h.both)];
    // The harness's inbox has no SMTP.
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/inboxes/${h.a.inboxId}/messages`,
      headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf, 'content-type': 'message/rfc822' },
      payload: rawEmail({ subject: 'Where is it?' }),
    });
    messageId = (res.json() as { messageId: number }).messageId;
    await h.services.settle();
  });
  afterAll(async () => h.close());

  const get = (url: string, session: Session) =>
    h.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
  const notice =
    /<p class="notice cannot-send"[^>]*>\s*This inbox cannot send replies: SMTP is not set\.\s*(.*?)<\/p>/s;

  it('on the message page, before the reply: owners get a link to set SMTP, agents are told who can', async () => {
    const ownerPage = (await get(`/messages/${messageId}`, owner)).body;
    expect(ownerPage).toMatch(notice);
    expect(notice.exec(ownerPage)?.[1]).toContain(`<a href="/inboxes/${h.a.inboxId}/smtp">Set it on Inboxes</a>`);
    expect(ownerPage.indexOf('cannot-send')).toBeLessThan(ownerPage.indexOf('id="draft-title"'));
    const agentPage = (await get(`/messages/${messageId}`, agent)).body;
    expect(notice.exec(agentPage)?.[1]).toContain(
      `A workspace owner can set it on <a href="/inboxes#inbox-${h.a.inboxId}">Inboxes</a>`,
    );
    const api = await h.app.inject({
      method: 'GET',
      url: `/api/messages/${messageId}`,
      headers: { cookie: owner.cookie },
    });
    expect(api.json()).toMatchObject({ inbox: { id: h.a.inboxId, address: 'support@a.test', hasSmtp: false } });
  });

  it('on the Inboxes page, for that inbox only', async () => {
    await h.repos.inboxes.create(h.a.id, {
      name: 'Sending',
      address: 'sending@a.test',
      smtp: { host: 'smtp.shop.test', port: 465, secure: true, user: 'sending@a.test' },
    });
    const page = (await get('/inboxes', owner)).body;
    expect(page.match(/data-cannot-send="(\d+)"/g)).toEqual([`data-cannot-send="${h.a.inboxId}"`]);
    // Owners get the way out for replies; an agent is told who can.
    expect(notice.exec(page)?.[1]).toMatch(
      new RegExp(`replies need an outgoing server:\\s*<a href="/inboxes/${h.a.inboxId}/smtp">add SMTP settings</a>`),
    );
    expect(page).toContain(`href="/inboxes/${h.a.inboxId}/smtp">Set up SMTP</a>`);
    expect(page).toContain('Change SMTP');
    expect(notice.exec((await get('/inboxes', agent)).body)?.[1]?.trim()).toBe('A workspace owner can set it.');
  });

  it('not once the inbox has SMTP', async () => {
    await h.repos.inboxes.update(h.a.id, h.a.inboxId, {
      smtp: { host: 'smtp.a.test', port: 465, secure: true, user: 'support@a.test' },
    });
    expect((await get(`/messages/${messageId}`, owner)).body).not.toContain('cannot-send');
    expect((await get('/inboxes', owner)).body).not.toContain('cannot-send');
  });
});
