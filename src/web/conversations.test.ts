/**
 * Conversations without a browser: the inbox lists one row per conversation with its assignee
 * and the Mine / Unassigned / All filters (with counts, kept in queue tabs and paging links),
 * assignment and internal notes from the page (CSRF, validation, audit without the note's text),
 * the history on the message page, a done conversation that a new customer message reopens with
 * its assignee, and the JSON API (assignee and notes on a message, assign, add a note).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, MAX_NOTE_LENGTH } from '../db/index.js';
import { createHarness, login, PASSWORD, rawEmail, type Harness, type Session } from './testing/harness.js';
import { hashPassword } from './auth/password.js';

describe('conversations on the web', () => {
  let h: Harness;
  let s: Session;
  let ownerId = 0;
  let agentId = 0;
  let agent: Session;
  const token = 'snz_conversations_token_abcdefghijklmnop';

  beforeAll(async () => {
    h = await createHarness();
    s = await login(h.app, h.a.owner);
    const members = await h.repos.users.listMembers(h.a.id);
    ownerId = members.find((m) => m.user.email === h.a.owner)?.user.id ?? 0;
    const user = await h.repos.users.create({
      email: 'kai@a.test',
      name: 'Kai Agent',
      passwordHash: await hashPassword(PASSWORD),
    });
    await h.repos.users.setMembership(h.a.id, user.id, 'agent');
    agentId = user.id;
    agent = await login(h.app, 'kai@a.test');
    await h.repos.auth.createApiToken(h.a.id, {
      tokenHash: hashToken(token),
      name: 'conversations',
      last4: token.slice(-4),
      scopes: ['read', 'draft'],
    });
  });
  afterAll(async () => h.close());

  const post = (url: string, form: Record<string, string | string[]> = {}, as: Session = s) =>
    h.app.inject({ method: 'POST', url, headers: { cookie: as.cookie }, payload: { _csrf: as.csrf, ...form } });
  const get = (url: string, as: Session = s) => h.app.inject({ method: 'GET', url, headers: { cookie: as.cookie } });
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    h.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  let seq = 0;
  /** A customer message; `replyTo` makes it the next message of that one's thread. */
  async function arrive(subject: string, options: { from?: string; replyTo?: string; body?: string } = {}) {
    seq += 1;
    const id = `conv-web-${seq}-${Date.now()}@customer.example`;
    const { messageId } = await h.services.ingestRaw({
      workspaceId: h.a.id,
      inboxId: h.a.inboxId,
      raw: Buffer.from(
        rawEmail({
          subject,
          id,
          ...(options.from ? { from: options.from } : {}),
          ...(options.replyTo ? { inReplyTo: options.replyTo } : {}),
          ...(options.body ? { body: options.body } : {}),
        }),
      ),
      source: 'http',
    });
    await h.services.settle();
    return { messageId, rfcId: id };
  }

  const rowsOf = (body: string) => [...body.matchAll(/<li data-id="(\d+)" data-row/g)].map((m) => Number(m[1]));
  const countOf = (body: string, attr: string, value: string) =>
    Number(new RegExp(`data-${attr}="${value}"[^>]*>[^<]*<span class="count">(\\d+)</span>`).exec(body)?.[1] ?? -1);

  it('the inbox lists a conversation once, at its newest message, with its size and "Unassigned"', async () => {
    const first = await arrive('Lost parcel');
    const second = await arrive('Re: Lost parcel', { replyTo: first.rfcId, body: 'Any news?' });
    const body = (await get('/')).body;
    const rows = rowsOf(body);
    expect(rows).toContain(second.messageId);
    expect(rows).not.toContain(first.messageId);
    const row = new RegExp(`<li data-id="${second.messageId}"[\\s\\S]*?</li>`).exec(body)?.[0] ?? '';
    expect(row).toContain('(2)');
    expect(row).toContain('Unassigned');
    // The same subject from another customer is another conversation.
    const other = await arrive('Re: Lost parcel', { from: 'sam@example.com' });
    expect(rowsOf((await get('/')).body)).toEqual(expect.arrayContaining([second.messageId, other.messageId]));
  });

  it('assign to me, to a member, unassign: audited from → to; filters and counts follow', async () => {
    const { messageId } = await arrive('Assign this one');
    const before = await get('/?assignee=mine');
    expect(rowsOf(before.body)).not.toContain(messageId);
    const mineBefore = countOf(before.body, 'assignee', 'mine');

    const me = await post(`/messages/${messageId}/assign`, { to_me: '1' });
    expect(me.statusCode).toBe(303);
    expect(me.headers.location).toBe(`/messages/${messageId}?done=assigned`);
    const page = (await get(`/messages/${messageId}?done=assigned`)).body;
    expect(page).toContain('Assignee changed.');
    expect(page).toMatch(/id="assignee-name">[^<]*\(you\)/);

    const mine = await get('/?assignee=mine');
    expect(rowsOf(mine.body)).toContain(messageId);
    expect(countOf(mine.body, 'assignee', 'mine')).toBe(mineBefore + 1);
    expect(rowsOf((await get('/?assignee=unassigned')).body)).not.toContain(messageId);
    // The queue tabs and the list keep the assignee filter.
    expect(mine.body).toContain('href="/?queue=waiting&amp;assignee=mine"');
    // Kai sees it under All, not under his Mine.
    expect(rowsOf((await get('/?assignee=mine', agent)).body)).not.toContain(messageId);

    await post(`/messages/${messageId}/assign`, { assignee: String(agentId) });
    expect(rowsOf((await get('/?assignee=mine', agent)).body)).toContain(messageId);
    expect((await get(`/messages/${messageId}`)).body).toMatch(/id="assignee-name">Kai Agent</);

    await post(`/messages/${messageId}/assign`, { assignee: 'none' });
    expect(rowsOf((await get('/?assignee=unassigned')).body)).toContain(messageId);

    const audit = (await h.repos.audit.list(h.a.id, { action: 'conversation.assigned' })).filter(
      (e) => e.target === `message:${messageId}`,
    );
    expect(audit.map((e) => e.detail)).toEqual([
      expect.objectContaining({ from: agentId, to: null }),
      expect.objectContaining({ from: ownerId, to: agentId }),
      expect.objectContaining({ from: null, to: ownerId }),
    ]);
    expect(audit[2]?.actor).toBe(`user:${ownerId}`);
  });

  it('refuses a non-member, a missing CSRF token and another workspace’s message', async () => {
    const { messageId } = await arrive('Assign safely');
    const stranger = await h.repos.users.create({ email: 'stranger@b.test', name: 'Stranger', passwordHash: 'x' });
    const res = await post(`/messages/${messageId}/assign`, { assignee: String(stranger.id) });
    expect(res.statusCode).toBe(404);
    const noCsrf = await h.app.inject({
      method: 'POST',
      url: `/messages/${messageId}/assign`,
      headers: { cookie: s.cookie },
      payload: { to_me: '1' },
    });
    expect(noCsrf.statusCode).toBe(403);
    const bad = await post(`/messages/${messageId}/assign`, { assignee: 'everyone' });
    expect(bad.statusCode).toBe(400);
    const foreign = await h.services.ingestRaw({
      workspaceId: h.b.id,
      inboxId: h.b.inboxId,
      raw: Buffer.from(rawEmail({ subject: 'Workspace B' })),
      source: 'http',
    });
    expect((await post(`/messages/${foreign.messageId}/assign`, { to_me: '1' })).statusCode).toBe(404);
    expect((await post(`/messages/${foreign.messageId}/notes`, { body: 'peek' })).statusCode).toBe(404);
    const ref = await h.repos.conversations.ofMessage(h.a.id, messageId);
    expect(await h.repos.conversations.assignee(ref)).toBeNull();
  });

  it('notes: shown as internal with author and time, validated, audited by length only', async () => {
    const { messageId } = await arrive('Note on this');
    const text = 'Customer called: wants a gift wrap. SECRET-NOTE-42';
    const res = await post(`/messages/${messageId}/notes`, { body: text });
    expect(res.headers.location).toBe(`/messages/${messageId}?done=noted`);
    const page = (await get(`/messages/${messageId}?done=noted`)).body;
    const note = /<li class="note" data-kind="note"[\s\S]*?<\/li>/.exec(page)?.[0] ?? '';
    expect(note).toContain('Internal note');
    expect(note).toContain(text);
    expect(note).toContain(`Owner a`);
    expect(note).toMatch(/<time /);

    expect((await post(`/messages/${messageId}/notes`, { body: '   ' })).statusCode).toBe(400);
    const long = await post(`/messages/${messageId}/notes`, { body: 'x'.repeat(MAX_NOTE_LENGTH + 1) });
    expect(long.statusCode).toBe(400);
    expect((await post(`/messages/${messageId}/notes`, { body: 'hi', extra: 'no' })).statusCode).toBe(400);

    const audit = (await h.repos.audit.list(h.a.id, { action: 'conversation.note_added' })).filter(
      (e) => e.target === `message:${messageId}`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]?.detail).toMatchObject({ length: text.length });
    expect(JSON.stringify(audit[0])).not.toContain('SECRET-NOTE-42');
    // The note is nowhere in the draft (what would be sent).
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    expect(JSON.stringify(draft)).not.toContain('SECRET-NOTE-42');
  });

  it('the page shows the whole history in time order with the draft editor at the bottom', async () => {
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 1 });
    const first = await arrive('History please', { body: 'First question.' });
    const draft = await h.repos.drafts.byMessage(h.a.id, first.messageId);
    await post(`/messages/${first.messageId}/send`, { subject: draft?.subject ?? 'Re', text: 'First answer.' });
    // The undo window ends and the send job sends it.
    for (let i = 0; i < 100 && (await h.repos.drafts.byMessage(h.a.id, first.messageId))?.status !== 'sent'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await post(`/messages/${first.messageId}/notes`, { body: 'Watch this one.' });
    const second = await arrive('Re: History please', { replyTo: first.rfcId, body: 'Second question.' });
    const page = (await get(`/messages/${second.messageId}`)).body;
    const kinds = [...page.matchAll(/<li class="\w+" data-kind="(\w+)"/g)].map((m) => m[1]);
    expect(kinds).toEqual(['customer', 'reply', 'note', 'customer']);
    const reply = /<li class="reply"[\s\S]*?<\/li>/.exec(page)?.[0] ?? '';
    expect(reply).toContain('First answer.');
    expect(reply).toContain('approved by Owner a');
    // The reply editor comes after the history.
    expect(page.indexOf('id="draft-text"')).toBeGreaterThan(page.indexOf('data-kind="customer"'));
    expect(page.indexOf('id="draft-text"')).toBeGreaterThan(page.lastIndexOf('data-kind="customer"'));
  });

  it('a new customer message puts a done conversation back to to do, keeping its assignee', async () => {
    const first = await arrive('Done and back');
    await post(`/messages/${first.messageId}/assign`, { assignee: String(agentId) });
    await post(`/messages/${first.messageId}/done`);
    expect(rowsOf((await get('/?queue=done&assignee=mine', agent)).body)).toContain(first.messageId);
    const second = await arrive('Re: Done and back', { replyTo: first.rfcId });
    const todo = (await get('/?assignee=mine', agent)).body;
    expect(rowsOf(todo)).toContain(second.messageId);
    expect(rowsOf((await get('/?queue=done&assignee=mine', agent)).body)).not.toContain(first.messageId);
    expect(todo).toMatch(new RegExp(`<li data-id="${second.messageId}"[\\s\\S]*?Assigned to Kai Agent`));
  });

  it('paging links keep the assignee filter', async () => {
    for (let i = 0; i < 101; i += 1) {
      const { messageId } = await h.services.ingestRaw({
        workspaceId: h.a.id,
        inboxId: h.a.inboxId,
        raw: Buffer.from(rawEmail({ subject: `Bulk ${i}`, id: `bulk-${i}-${Date.now()}@x.example` })),
        source: 'http',
      });
      await h.repos.conversations.assign(
        await h.repos.conversations.ofMessage(h.a.id, messageId),
        agentId,
        `user:${agentId}`,
      );
    }
    await h.services.settle();
    const page = (await get('/?assignee=mine', agent)).body;
    const older = /id="older-link"\s+href="([^"]+)"/.exec(page)?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(older).toMatch(/^\/\?assignee=mine&before=/);
    const next = await get(older, agent);
    expect(next.statusCode).toBe(200);
    const seen = new Set([...rowsOf(page), ...rowsOf(next.body)]);
    expect(seen.size).toBe(rowsOf(page).length + rowsOf(next.body).length);
    expect(next.body).toContain('href="/?queue=waiting&amp;assignee=mine"');
  });

  it('the API shows the assignee and notes, assigns and adds notes', async () => {
    const { messageId } = await arrive('Via the API');
    const assigned = await api('PUT', `/api/messages/${messageId}/assignee`, { userId: agentId });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().assignee).toMatchObject({ userId: agentId, name: 'Kai Agent' });
    const noted = await api('POST', `/api/messages/${messageId}/notes`, { body: 'From the API.' });
    expect(noted.statusCode).toBe(201);
    expect(noted.json().note).toMatchObject({ body: 'From the API.', author: null });
    expect((await api('POST', `/api/messages/${messageId}/notes`, { body: '' })).statusCode).toBe(400);
    expect((await api('PUT', `/api/messages/${messageId}/assignee`, { userId: 'me' })).statusCode).toBe(400);

    const one = (await api('GET', `/api/messages/${messageId}`)).json();
    expect(one.assignee).toMatchObject({ userId: agentId, name: 'Kai Agent' });
    expect(one.notes.map((n: { body: string }) => n.body)).toEqual(['From the API.']);
    const list = (await api('GET', '/api/messages?limit=200')).json();
    const row = list.messages.find((m: { id: number }) => m.id === messageId);
    expect(row.assignee).toEqual({ userId: agentId, name: 'Kai Agent' });

    const unassigned = await api('PUT', `/api/messages/${messageId}/assignee`, { userId: null });
    expect(unassigned.json().assignee).toBeNull();
  });
});
