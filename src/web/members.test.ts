/**
 * Members over HTTP: owners invite, change roles, remove and revoke; the invitee accepts once;
 * the last owner stays; removal signs the member out at once; password reset by mail answers
 * the same for every address, is throttled, works once and ends every session. Product mail is
 * audited without its link, and the link's token is never stored or logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../db/index.js';
import { createHarness, login, PASSWORD, type Harness, type Session } from './testing/harness.js';

let h: Harness;
let owner: Session;
beforeAll(async () => {
  h = await createHarness({ maxLoginFailures: 3 });
  owner = await login(h.app, h.a.owner);
});
afterAll(async () => h.close());

const form = (s: Session, url: string, payload: Record<string, string> = {}, remoteAddress?: string) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: { cookie: s.cookie },
    payload: { ...payload, _csrf: s.csrf },
    ...(remoteAddress ? { remoteAddress } : {}),
  });
const publicForm = (url: string, payload: Record<string, string>, remoteAddress = '10.9.0.1') =>
  h.app.inject({ method: 'POST', url, payload, remoteAddress });
const get = (url: string, s?: Session) =>
  h.app.inject({ method: 'GET', url, ...(s ? { headers: { cookie: s.cookie } } : {}) });

function lastLink(to: string): string {
  const mail = [...h.mail].reverse().find((m) => m.to === to);
  if (!mail) throw new Error(`No mail to ${to}`);
  expect(mail.text).toContain(mail.link);
  return new URL(mail.link).pathname;
}

async function waitForMail(to: string, count: number): Promise<void> {
  for (let i = 0; i < 100 && h.mail.filter((m) => m.to === to).length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(h.mail.filter((m) => m.to === to)).toHaveLength(count);
}

async function memberId(email: string): Promise<number> {
  const found = (await h.repos.users.listMembers(h.a.id)).find((m) => m.user.email === email);
  if (!found) throw new Error(`${email} is not a member`);
  return found.user.id;
}

describe('invitations', () => {
  it('an owner invites; the invitee opens the link once, sets a password and can sign in as an agent', async () => {
    const email = 'new.agent@invitee.test';
    const sent = await form(owner, '/members/invite', { email: 'New.Agent@Invitee.test', role: 'agent' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/members?done=caught');
    const path = lastLink(email);
    expect(path).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    const token = path.split('/').pop() ?? '';
    const mail = h.mail.find((m) => m.to === email);
    expect(mail?.subject).toBe('You are invited to Shop A on Snoooz');

    const listed = await get('/members', owner);
    expect(listed.body).toContain('Pending invitations');
    expect(listed.body).toContain(email);
    expect(listed.body).not.toContain(token);

    const page = await get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Join Shop A');
    expect((await publicForm(path, { name: 'Nia', password: 'short', confirm: 'short' })).statusCode).toBe(400);
    const mismatch = await publicForm(path, { name: 'Nia', password: 'long enough 1', confirm: 'long enough 2' });
    expect(mismatch.body).toContain('The two passwords are not the same.');
    const accepted = await publicForm(path, { name: 'Nia', password: 'nia password 1', confirm: 'nia password 1' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe('/login?joined=1');
    expect((await get('/login?joined=1')).body).toContain('You joined the workspace.');

    // Once only.
    expect((await get(path)).statusCode).toBe(410);
    const again = await publicForm(path, { name: 'Eve', password: 'eve password 1', confirm: 'eve password 1' });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('not valid any more');

    const agent = await login(h.app, email, 'nia password 1');
    expect((await get('/', agent)).statusCode).toBe(200);
    expect((await get('/members', agent)).statusCode).toBe(403);
    expect(await h.repos.users.role(h.a.id, await memberId(email))).toBe('agent');

    // The token is kept hashed, never in the audit log or the logs.
    const audit = JSON.stringify(await h.repos.audit.list(h.a.id, { limit: 50 }));
    expect(audit).toContain('member.invited');
    expect(audit).toContain('member.joined');
    expect(audit).toContain('"kind":"invitation"');
    expect(audit).not.toContain(token);
    expect(h.logs.join('\n')).not.toContain(token);
    expect(await h.repos.invitations.byTokenHash(hashToken(token))).toBeNull();
  });

  it('refuses an address that is already a member and an unknown or malformed link', async () => {
    const refused = await form(owner, '/members/invite', { email: h.both, role: 'agent' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('is already a member');
    const bad = await form(owner, '/members/invite', { email: 'not an address', role: 'agent' });
    expect(bad.statusCode).toBe(400);
    expect((await get(`/invite/${'x'.repeat(43)}`)).statusCode).toBe(410);
    expect((await get('/invite/short')).statusCode).toBe(410);
  });

  it('a revoked invitation no longer opens', async () => {
    const email = 'revoked@invitee.test';
    await form(owner, '/members/invite', { email, role: 'owner' });
    const path = lastLink(email);
    const [pending] = (await h.repos.invitations.listPending(h.a.id)).filter((i) => i.email === email);
    expect(pending?.role).toBe('owner');
    const revoked = await form(owner, `/members/invitations/${pending?.id ?? 0}/revoke`);
    expect(revoked.headers.location).toBe('/members?done=revoked');
    expect((await get(path)).statusCode).toBe(410);
  });

  it('owners of another workspace cannot revoke, re-role or remove here', async () => {
    const other = await login(h.app, h.b.owner);
    // Joined A in the first test, and belongs to A only.
    const agentId = await memberId('new.agent@invitee.test');
    expect((await form(other, `/members/${agentId}/remove`)).statusCode).toBe(404);
    expect((await form(other, `/members/${agentId}/role`, { role: 'owner' })).statusCode).toBe(404);
    expect(await h.repos.users.role(h.a.id, agentId)).toBe('agent');
    await form(owner, '/members/invite', { email: 'cross@invitee.test', role: 'agent' });
    const [pending] = (await h.repos.invitations.listPending(h.a.id)).filter((i) => i.email === 'cross@invitee.test');
    expect((await form(other, `/members/invitations/${pending?.id ?? 0}/revoke`)).statusCode).toBe(404);
  });
});

describe('roles and removal', () => {
  it('the last owner can be neither demoted nor removed, on the page as by the service', async () => {
    const ownerId = await memberId(h.a.owner);
    const demote = await form(owner, `/members/${ownerId}/role`, { role: 'agent' });
    expect(demote.statusCode).toBe(409);
    expect(demote.body).toContain('A workspace needs at least one owner');
    const remove = await form(owner, `/members/${ownerId}/remove`);
    expect(remove.statusCode).toBe(409);
    expect(await h.repos.users.role(h.a.id, ownerId)).toBe('owner');
  });

  it('an owner changes a role; a removed member is signed out at once', async () => {
    const email = 'temp@invitee.test';
    await form(owner, '/members/invite', { email, role: 'agent' });
    await publicForm(lastLink(email), { name: 'Temp', password: 'temp password', confirm: 'temp password' });
    const temp = await login(h.app, email, 'temp password');
    const id = await memberId(email);

    expect((await form(owner, `/members/${id}/role`, { role: 'owner' })).headers.location).toBe('/members?done=role');
    expect((await get('/members', temp)).statusCode).toBe(200);
    expect((await form(owner, `/members/${id}/role`, { role: 'agent' })).statusCode).toBe(303);
    expect((await get('/members', temp)).statusCode).toBe(403);

    expect((await get('/', temp)).statusCode).toBe(200);
    const removed = await form(owner, `/members/${id}/remove`);
    expect(removed.headers.location).toBe('/members?done=removed');
    const after = await h.app.inject({ method: 'GET', url: '/api/messages', headers: { cookie: temp.cookie } });
    expect(after.statusCode).toBe(401);
    const actions = (await h.repos.audit.list(h.a.id, { limit: 100 })).map((e) => e.action);
    expect(actions).toContain('member.role_changed');
    expect(actions).toContain('member.removed');
  });

  it('agents and API tokens cannot manage members', async () => {
    const agent = await login(h.app, h.both);
    expect((await form(agent, '/members/invite', { email: 'sneak@x.test', role: 'owner' })).statusCode).toBe(403);
    const ownerId = await memberId(h.a.owner);
    expect((await form(agent, `/members/${ownerId}/remove`)).statusCode).toBe(403);
    const value = 'snz_members_admin_token_abcdefghijklmnop';
    await h.repos.auth.createApiToken(h.a.id, {
      tokenHash: hashToken(value),
      name: 'a',
      last4: 'mnop',
      scopes: ['admin'],
    });
    const byToken = await h.app.inject({
      method: 'POST',
      url: '/members/invite',
      headers: { authorization: `Bearer ${value}` },
      payload: { email: 'bot@x.test', role: 'owner' },
    });
    expect(byToken.statusCode).toBe(403);
    const listed = await h.app.inject({
      method: 'GET',
      url: '/api/members',
      headers: { authorization: `Bearer ${value}` },
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().members.map((m: { email: string }) => m.email)).toContain(h.a.owner);
    expect(JSON.stringify(listed.json())).not.toMatch(/hash|password/i);
  });
});

describe('password reset', () => {
  it('answers the same for a known and an unknown address, and mails only the known one', async () => {
    const before = h.mail.length;
    const known = await publicForm('/forgot-password', { email: h.b.owner }, '10.8.0.1');
    const unknown = await publicForm('/forgot-password', { email: 'nobody@nowhere.test' }, '10.8.0.2');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const text = (body: string) => body.replace(/value="[^"]*"/g, '');
    expect(text(known.body)).toBe(text(unknown.body));
    expect(known.body).toContain('If an account uses that address');
    await waitForMail(h.b.owner, 1);
    expect(h.mail.slice(before).map((m) => m.to)).toEqual([h.b.owner]);
    expect((await get('/login')).body).toContain('href="/forgot-password"');
  });

  it('is throttled like sign-in, per address asked for and per client', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await publicForm('/forgot-password', { email: 'flood@x.test' }, '10.7.0.1')).statusCode).toBe(200);
    }
    const slowed = await publicForm('/forgot-password', { email: 'flood@x.test' }, '10.7.0.1');
    expect(slowed.statusCode).toBe(429);
    expect(slowed.headers['retry-after']).toBeDefined();
    // Sign-in from that address is not slowed by reset requests.
    const signIn = await login(h.app, h.a.owner);
    expect(signIn.cookie).toContain('snoooz_session');
  });

  it('sets a new password once and ends every session of the user (expiry: src/db/members.test.ts)', async () => {
    const sessions = [await login(h.app, h.both), await login(h.app, h.both)];
    await publicForm('/forgot-password', { email: h.both }, '10.6.0.1');
    await waitForMail(h.both, 1);
    const path = lastLink(h.both);
    const token = path.split('/').pop() ?? '';
    expect(path).toMatch(/^\/reset-password\/[A-Za-z0-9_-]{43}$/);
    expect((await get(path)).statusCode).toBe(200);
    expect((await publicForm(path, { password: 'short', confirm: 'short' })).statusCode).toBe(400);
    const done = await publicForm(path, { password: 'a brand new secret', confirm: 'a brand new secret' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/login?reset=1');
    for (const s of sessions) {
      expect(
        (await h.app.inject({ method: 'GET', url: '/api/messages', headers: { cookie: s.cookie } })).statusCode,
      ).toBe(401);
    }
    await expect(login(h.app, h.both, PASSWORD)).rejects.toThrow(/Login failed/);
    expect((await login(h.app, h.both, 'a brand new secret')).cookie).toBeTruthy();
    expect((await publicForm(path, { password: 'another secret!', confirm: 'another secret!' })).statusCode).toBe(410);

    const audit = JSON.stringify([
      ...(await h.repos.audit.list(h.a.id, { limit: 100 })),
      ...(await h.repos.audit.list(h.b.id, { limit: 100 })),
    ]);
    expect(audit).toContain('member.password_reset');
    expect(audit).toContain('"kind":"password_reset"');
    expect(audit).not.toContain(token);
    expect(h.logs.join('\n')).not.toContain(token);
  });
});
