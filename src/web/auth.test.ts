import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './auth/password.js';
import { createHarness, login, PASSWORD, type Harness } from './testing/harness.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const hash = await hashPassword('s3cret!');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 's3cret!')).toBe(true);
    expect(await verifyPassword(hash, 'wrong')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});

describe('login, sessions and CSRF', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({ secureCookies: true });
  });
  afterAll(async () => h.close());

  async function loginForm() {
    const res = await h.app.inject({ method: 'GET', url: '/login' });
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? '';
    const cookie = res.cookies.find((c) => c.name === 'snoooz_login_csrf')?.value ?? '';
    return { res, token, cookie };
  }

  async function attempt(email: string, password: string, ip = '10.0.0.1') {
    const { token, cookie } = await loginForm();
    return h.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: ip,
      cookies: { snoooz_login_csrf: cookie },
      payload: { email, password, _csrf: token },
    });
  }

  it('shows a form with Email and Password labels', async () => {
    const { res } = await loginForm();
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/<label for="email">Email<\/label>/);
    expect(res.body).toMatch(/<label for="password">Password<\/label>/);
  });

  it('signs in with the right password and sets a hardened cookie holding only a random token', async () => {
    const res = await attempt(h.a.owner, PASSWORD, '10.0.0.2');
    expect(res.statusCode).toBe(303);
    const cookie = res.cookies.find((c) => c.name === '__Host-snoooz_session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The database holds the hash, not the cookie value.
    expect(await h.repos.auth.sessionByIdHash(cookie?.value ?? '')).toBeNull();
  });

  it('refuses a wrong password with a clear message', async () => {
    const res = await attempt(h.a.owner, 'nope', '10.0.0.3');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('The email or password is not right.');
    expect(res.cookies.some((c) => c.name.includes('snoooz_session'))).toBe(false);
  });

  it('refuses a login form without its CSRF token', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/login',
      payload: { email: h.a.owner, password: PASSWORD },
    });
    expect(res.statusCode).toBe(403);
  });

  it('slows an account after 5 failures from addresses with failures, never a clean address, and per IP', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt(h.b.owner, 'bad', `10.1.0.${i}`)).statusCode).toBe(401);
    const blocked = await attempt(h.b.owner, PASSWORD, '10.1.0.4');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('Too many failed sign-in attempts');
    expect(blocked.headers['retry-after']).toBeDefined();
    // The account's owner, from an address with no failures, is not locked out by the guessing.
    expect((await attempt(h.b.owner, PASSWORD, '10.1.0.99')).statusCode).toBe(303);

    for (let i = 0; i < 5; i++) await attempt(`nobody${i}@x.test`, 'bad', '10.2.0.1');
    expect((await attempt(h.both, PASSWORD, '10.2.0.1')).statusCode).toBe(429);
    expect((await attempt(h.both, PASSWORD, '10.2.0.2')).statusCode).toBe(303);
  });

  it('requires the CSRF token on every state-changing request made with the session', async () => {
    const s = await login(h.app, h.a.owner);
    const cookie = s.cookie;
    const without = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie },
      payload: { tone: 'formal' },
    });
    expect(without.statusCode).toBe(403);
    const wrong = await h.app.inject({
      method: 'POST',
      url: '/settings/tokens',
      headers: { cookie },
      payload: { name: 'x', _csrf: 'forged' },
    });
    expect(wrong.statusCode).toBe(403);
    const ok = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { cookie, 'x-csrf-token': s.csrf },
      payload: { tone: 'formal' },
    });
    expect(ok.statusCode).toBe(200);
  });

  it('sends security headers', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/login' });
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBeDefined();
  });

  it('redirects signed-out pages to the login and answers 401 on the API', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/settings' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login?next=%2Fsettings');
    const api = await h.app.inject({ method: 'GET', url: '/api/messages' });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('logs out and the old cookie stops working', async () => {
    const s = await login(h.app, h.a.owner);
    const out = await h.app.inject({
      method: 'POST',
      url: '/logout',
      headers: { cookie: s.cookie },
      payload: { _csrf: s.csrf },
    });
    expect(out.statusCode).toBe(303);
    const after = await h.app.inject({ method: 'GET', url: '/api/messages', headers: { cookie: s.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('switches workspace only to one the user belongs to', async () => {
    const s = await login(h.app, h.both);
    const home = await h.app.inject({ method: 'GET', url: '/', headers: { cookie: s.cookie } });
    expect(home.body).toContain('id="workspace-switch"');
    const sw = await h.app.inject({
      method: 'POST',
      url: '/workspace',
      headers: { cookie: s.cookie },
      payload: { workspaceId: String(h.b.id), _csrf: s.csrf },
    });
    expect(sw.statusCode).toBe(303);
    const next = sw.cookies.find((c) => c.name.endsWith('snoooz_session'));
    const settings = await h.app.inject({
      method: 'GET',
      url: '/api/inboxes',
      headers: { cookie: `${next?.name}=${next?.value}` },
    });
    expect(settings.json().inboxes[0].address).toBe('support@b.test');

    const owner = await login(h.app, h.a.owner);
    const refused = await h.app.inject({
      method: 'POST',
      url: '/workspace',
      headers: { cookie: owner.cookie },
      payload: { workspaceId: String(h.b.id), _csrf: owner.csrf },
    });
    expect(refused.statusCode).toBe(404);
  });

  it('API tokens: created once by owners, usable as Bearer, revocable', async () => {
    const s = await login(h.app, h.a.owner);
    const created = await h.app.inject({
      method: 'POST',
      url: '/settings/tokens',
      headers: { cookie: s.cookie },
      payload: { name: 'CI', scopes: ['read', 'admin'], _csrf: s.csrf },
    });
    expect(created.statusCode).toBe(200);
    expect(created.body).toContain('(scopes: read, admin)');
    const token = /id="new-token">([^<]+)</.exec(created.body)?.[1] ?? '';
    expect(token).toMatch(/^snz_/);
    const again = await h.app.inject({ method: 'GET', url: '/settings', headers: { cookie: s.cookie } });
    expect(again.body).not.toContain(token);
    const api = await h.app.inject({
      method: 'GET',
      url: '/api/messages',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.statusCode).toBe(200);
    // A token needs no CSRF token (a browser never sends it by itself).
    const put = await h.app.inject({
      method: 'PUT',
      url: '/api/settings',
      headers: { authorization: `Bearer ${token}` },
      payload: { tone: 'concise' },
    });
    expect(put.statusCode).toBe(200);
    const [listed] = await h.repos.auth.listApiTokens(h.a.id);
    await h.app.inject({
      method: 'POST',
      url: `/settings/tokens/${listed?.id}/revoke`,
      headers: { cookie: s.cookie },
      payload: { _csrf: s.csrf },
    });
    const revoked = await h.app.inject({
      method: 'GET',
      url: '/api/messages',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(revoked.statusCode).toBe(401);
  });
});
