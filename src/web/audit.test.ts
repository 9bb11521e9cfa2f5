/**
 * The audit page and GET /api/audit over HTTP: actions done through the real routes appear with
 * who did them and a sentence; secrets handed to those routes (store token, invitation link,
 * mailbox password, AI key, API token) never appear; filters combine and survive paging; an edit
 * session is one entry however often it autosaves; agents are refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, login, rawEmail, TOKENS, type Harness, type Session } from './testing/harness.js';

let h: Harness;
let owner: Session;
let agent: Session;
let messageId = 0;

beforeAll(async () => {
  h = await createHarness({ enableBigCommerce: true });
  owner = await login(h.app, h.a.owner);
  agent = await login(h.app, h.both);
  await h.repos.settings.update(h.a.id, { undoSendSeconds: 60 });
  ({ messageId } = await h.services.ingestRaw({
    workspaceId: h.a.id,
    inboxId: h.a.inboxId,
    raw: Buffer.from(rawEmail({ subject: 'Where is order 101?', id: 'audit-1@example.com' })),
    source: 'http',
  }));
  await h.services.settle();
});
afterAll(async () => h.close());

const form = (s: Session, url: string, payload: Record<string, string | string[]> = {}, accept?: string) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: { cookie: s.cookie, ...(accept ? { accept } : {}) },
    payload: { _csrf: s.csrf, ...payload },
  });
const get = (url: string, s: Session = owner) => h.app.inject({ method: 'GET', url, headers: { cookie: s.cookie } });
const rowsOf = (body: string) => [...body.matchAll(/<tr data-id="(\d+)" data-action="([^"]+)"/g)].map((m) => m[2]);

describe('audit page', () => {
  const secrets: string[] = [];

  it('shows what people did through the app, in words, with who and a link', async () => {
    expect(
      (await form(owner, '/integrations/bigcommerce/connect', { storeHash: h.storeHash, accessToken: TOKENS.full }))
        .statusCode,
    ).toBe(303);
    secrets.push(TOKENS.full);

    expect((await form(owner, '/members/invite', { email: 'new.person@audit.test', role: 'agent' })).statusCode).toBe(
      303,
    );
    const link = h.mail.find((m) => m.to === 'new.person@audit.test')?.link ?? '';
    expect(link).toMatch(/\/invite\//);
    secrets.push(link, link.split('/').pop() ?? '');

    const smtpPassword = 'mailbox-pass-Secret-7781';
    h.services.scriptMailboxTest({ smtp: null });
    const smtp = await form(owner, `/inboxes/${h.a.inboxId}/smtp`, {
      smtpHost: 'smtp.shop.test',
      smtpPort: '465',
      smtpTls: 'on',
      smtpUser: 'sender@a.test',
      password: smtpPassword,
    });
    expect(smtp.statusCode).toBe(303);
    secrets.push(smtpPassword);

    const aiKey = 'sk-test-AUDITKEY-4242';
    await form(owner, '/settings/llm', { provider: 'openai', model: 'gpt-4o-mini', baseUrl: '', apiKey: aiKey });
    secrets.push(aiKey);

    const created = await form(owner, '/settings/tokens', { name: 'CI', scopes: ['read'] });
    const apiToken = /id="new-token">([^<]+)</.exec(created.body)?.[1] ?? '';
    expect(apiToken).toMatch(/^snz_/);
    secrets.push(apiToken);

    // An agent edits (autosave, twice) and approves the reply.
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    expect(draft).not.toBeNull();
    const json = 'application/json';
    await form(
      agent,
      `/messages/${messageId}/draft`,
      { subject: 'Re: order 101', text: 'Hello Maya,\nOn its way.' },
      json,
    );
    await form(
      agent,
      `/messages/${messageId}/draft`,
      { subject: 'Re: order 101', text: 'Hello Maya,\nOn its way!' },
      json,
    );
    const approved = await form(agent, `/messages/${messageId}/send`, {
      subject: 'Re: order 101',
      text: 'Hello Maya,\nOn its way!',
    });
    expect(approved.headers.location).toBe(`/messages/${messageId}?done=scheduled`);

    const page = await get('/audit');
    expect(page.statusCode).toBe(200);
    const actions = rowsOf(page.body);
    expect(actions.slice(0, 3)).toEqual(['draft.approved', 'draft.edited', 'api_token.created']);
    // One edit session, one entry, however often it autosaved.
    expect(actions.filter((a) => a === 'draft.edited')).toHaveLength(1);
    for (const action of [
      'integration.connected',
      'member.invited',
      'inbox.updated',
      'settings.changed',
      'mail.sent',
    ]) {
      expect(actions).toContain(action);
    }
    expect(page.body).toContain(`connected store ${h.storeHash}`);
    expect(page.body).toContain('invited new.person@audit.test as agent');
    expect(page.body).toContain('approved the reply to “Where is order 101?” for sending');
    expect(page.body).toContain('edited the reply to “Where is order 101?”');
    expect(page.body).toContain(`<a href="/messages/${messageId}">“Where is order 101?”</a>`);
    expect(page.body).toContain('<a href="/integrations">Store');
    expect(page.body).toContain('<strong>Both</strong><br /><span class="muted">both@x.test</span>');
    expect(page.body).toContain('<strong>Owner a</strong>');
    expect(page.body).toMatch(/href="\/audit"\s+aria-current="page"/);
  });

  it('never shows a secret, not even one a caller put in an entry by mistake', async () => {
    const leaked = 'snz_leakedTOKENvalue0123456789abcdef';
    await h.repos.audit.append(h.a.id, {
      actor: 'system',
      action: 'inbox.updated',
      target: `inbox:${h.a.inboxId}`,
      detail: {
        password: 'hunter2-Plain',
        note: `retried with ${leaked}`,
        resetLink: 'http://snoooz.test/reset-password/AbCdEf0123456789AbCdEf0123456789',
        next: 'see https://example.test/callback?code=xyz',
      },
    });
    secrets.push(leaked, 'hunter2-Plain', 'AbCdEf0123456789AbCdEf0123456789', 'code=xyz');
    const page = await get('/audit');
    const api = await get('/api/audit?limit=200');
    for (const body of [page.body, api.body]) {
      for (const secret of secrets) expect(body).not.toContain(secret);
    }
    expect(page.body).toContain('[hidden]');
    expect(page.body).toContain('retried with [hidden]');
  });

  it('filters by person and by kind, combined, and keeps both while paging', async () => {
    for (let i = 0; i < 90; i += 1) {
      await h.repos.audit.append(h.a.id, {
        actor: i % 2 === 0 ? 'cli' : 'system',
        action: i % 3 === 0 ? 'integration.retested' : 'message.done',
        target: `message:${messageId}`,
      });
    }
    const both = await get('/audit?who=cli&kind=store');
    expect(both.body).toContain('<option value="cli"  selected>Command line</option>');
    expect(both.body).toContain('<option value="store"  selected>Stores</option>');
    const first = rowsOf(both.body);
    expect(first.length).toBeGreaterThan(0);
    expect(new Set(first)).toEqual(new Set(['integration.retested']));
    expect(both.body).toContain('<strong>Command line</strong>');
    expect(both.body).not.toContain('<strong>Snoooz</strong>');

    // 45 by the command line; 60 of the replies kind (and the agent's two): two pages.
    const cli = await get('/audit?who=cli');
    expect(rowsOf(cli.body)).toHaveLength(45);
    const all = await get('/audit?kind=replies');
    expect(rowsOf(all.body)).toHaveLength(50);
    const older = /<a href="([^"]+)" rel="next">Older<\/a>/.exec(all.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(older).toMatch(/^\/audit\?kind=replies&before=\d+$/);
    const next = await get(older);
    expect(rowsOf(next.body)).toHaveLength(12);
    expect(rowsOf(next.body).every((a) => a?.startsWith('draft.') === true || a?.startsWith('message.') === true)).toBe(
      true,
    );
    expect(next.body).not.toContain('rel="next"');
    const newer = /<a href="([^"]+)" rel="prev">Newer<\/a>/.exec(next.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(newer).toMatch(/^\/audit\?kind=replies&after=\d+$/);
    const ids = (body: string) => [...body.matchAll(/<tr data-id="(\d+)"/g)].map((m) => m[1]);
    expect(ids((await get(newer)).body)).toEqual(ids(all.body));

    const api = (await get('/api/audit?who=system&kind=replies&limit=5')).json() as {
      entries: Array<{ action: string; who: { type: string }; summary: string }>;
      older: number | null;
    };
    expect(api.entries).toHaveLength(5);
    expect(api.entries.every((e) => e.who.type === 'system' && e.action === 'message.done')).toBe(true);
    expect(api.entries[0]?.summary).toBe('marked “Where is order 101?” done');
    expect(api.older).not.toBeNull();
  });

  it('shows a removed member as a former member, and rejects a bad filter with a 400', async () => {
    const gone = await h.repos.users.create({ email: 'gone@audit.test', name: 'Gone' });
    await h.repos.users.setMembership(h.a.id, gone.id, 'agent');
    await h.repos.audit.append(h.a.id, {
      actor: `user:${gone.id}`,
      action: 'message.reopened',
      target: `message:${messageId}`,
    });
    await h.repos.users.removeMembership(h.a.id, gone.id);
    const page = await get(`/audit?who=user:${gone.id}`);
    expect(rowsOf(page.body)).toEqual(['message.reopened']);
    expect(page.body).toContain('<strong>Former member</strong>');
    expect(page.body).toContain(`<option value="user:${gone.id}"  selected>Former member</option>`);
    expect(page.body).not.toContain('gone@audit.test');
    for (const bad of ['/audit?who=root', '/audit?kind=everything', '/audit?before=-1', '/api/audit?limit=500']) {
      expect((await get(bad)).statusCode, bad).toBe(400);
    }
  });

  it('a save that changes nothing writes nothing; a change names the fields and the autonomy facts', async () => {
    const before = (await h.repos.audit.list(h.a.id, { action: 'settings.changed' })).length;
    const put = (body: Record<string, unknown>) =>
      h.app.inject({
        method: 'PUT',
        url: '/api/settings',
        headers: { cookie: owner.cookie, 'x-csrf-token': owner.csrf },
        payload: body,
      });
    expect((await put({ tone: 'friendly' })).statusCode).toBe(200);
    expect((await put({ tone: 'friendly' })).statusCode).toBe(200);
    expect((await put({ mode: 'auto', tone: 'formal' })).statusCode).toBe(200);
    const entries = await h.repos.audit.list(h.a.id, { action: 'settings.changed' });
    expect(entries.length - before).toBe(1);
    expect(entries[0]?.detail).toEqual({ fields: ['mode', 'tone'], mode: { from: 'drafts', to: 'auto' } });
    const page = await get('/audit?kind=settings');
    expect(page.body).toContain('changed the reply settings and autonomy');
    expect(page.body).toContain('drafts → auto');
  });

  it('refuses agents, on the page and in the API, and hides the link from them', async () => {
    const refusedPage = await get('/audit', agent);
    expect(refusedPage.statusCode).toBe(403);
    const refusedApi = await h.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie: agent.cookie } });
    expect(refusedApi.statusCode).toBe(403);
    expect(refusedApi.json().error.code).toBe('forbidden');
    expect((await get('/', agent)).body).not.toContain('href="/audit"');
  });
});
