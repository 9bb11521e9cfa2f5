/**
 * Sign-in throttling over HTTP: counters in the database (seen by a second app instance with its
 * own connection, and after a restart), client addresses from trusted proxies only, and a
 * per-account slow-down that doubles and never refuses a correct password from a clean address.
 */
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRepositories, generateSecretKey, type Repositories } from '../db/index.js';
import type { Database } from '../db/connect.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabaseTarget } from '../db/test-databases.js';
import { buildApp } from './app.js';
import { hashPassword } from './auth/password.js';
import { parseTrustedProxies } from './auth/trusted-proxies.js';
import { createFakeServices } from './testing/fake-services.js';

const PASSWORD = 'correct horse battery staple';
const PROXY = '10.0.0.1';

describe.each(TEST_DIALECTS)('login throttling [%s]', (dialect) => {
  let target: TestDatabaseTarget;
  const open: Array<{ app: FastifyInstance; db: Database }> = [];
  let clock = Date.parse('2026-12-01T10:00:00Z');
  const secretKey = generateSecretKey();

  /** One app instance with its own database connection, as a separate process would have. */
  async function instance(options: { trustedProxies?: string[] } = {}) {
    const db = await target.open();
    const repos: Repositories = createRepositories(db, secretKey);
    const app = await buildApp({
      repos,
      services: createFakeServices({ repos, apiUrl: 'http://127.0.0.1:9' }),
      logger: pino({ level: 'silent' }),
      options: { secureCookies: false, loginClock: () => clock, trustedProxies: options.trustedProxies ?? [] },
    });
    open.push({ app, db });
    return { app, repos };
  }

  async function attempt(
    app: FastifyInstance,
    email: string,
    password: string,
    from: { socket: string; forwardedFor?: string },
  ) {
    const form = await app.inject({ method: 'GET', url: '/login', remoteAddress: from.socket });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const cookie = form.cookies.find((c) => c.name === 'snoooz_login_csrf')?.value ?? '';
    return app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: from.socket,
      headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {},
      cookies: { snoooz_login_csrf: cookie },
      payload: { email, password, _csrf: token },
    });
  }

  beforeEach(async () => {
    clock = Date.parse('2026-12-01T10:00:00Z');
    target = await createTestDatabase(dialect);
    const { repos } = await instance();
    const hash = await hashPassword(PASSWORD);
    const ws = await repos.workspaces.create({ slug: 'shop', name: 'Shop' });
    for (const email of ['victim@shop.test', 'other@shop.test']) {
      const user = await repos.users.create({ email, name: email, passwordHash: hash });
      await repos.users.setMembership(ws.id, user.id, 'agent');
    }
  });

  afterEach(async () => {
    for (const { app, db } of open.splice(0)) {
      await app.close();
      await db.close();
    }
    await target.drop();
  });

  it('keeps the counters in the database: a second instance and a restarted one see them', async () => {
    const first = open[0]!.app;
    const second = (await instance()).app;
    for (let i = 0; i < 5; i += 1) {
      expect((await attempt(first, 'victim@shop.test', 'wrong', { socket: '198.51.100.9' })).statusCode).toBe(401);
    }
    // Even the right password waits, from the address that did the guessing, on the other instance.
    const slowed = await attempt(second, 'victim@shop.test', PASSWORD, { socket: '198.51.100.9' });
    expect(slowed.statusCode).toBe(429);
    expect(slowed.headers['retry-after']).toBe('2');

    // "Restart": every instance closed, a fresh one on the same database.
    for (const { app, db } of open.splice(0)) {
      await app.close();
      await db.close();
    }
    const restarted = (await instance()).app;
    expect((await attempt(restarted, 'victim@shop.test', PASSWORD, { socket: '198.51.100.9' })).statusCode).toBe(429);
    // The victim, from an address with no failures, signs in at once.
    expect((await attempt(restarted, 'victim@shop.test', PASSWORD, { socket: '203.0.113.5' })).statusCode).toBe(303);
  });

  it('doubles the wait per further failure, up to the cap, measured on an injected clock', async () => {
    const app = open[0]!.app;
    const from = { socket: '198.51.100.9' };
    for (let i = 0; i < 5; i += 1) await attempt(app, 'victim@shop.test', 'wrong', from);
    const waits: string[] = [];
    for (let i = 0; i < 11; i += 1) {
      const refused = await attempt(app, 'victim@shop.test', 'wrong', from);
      expect(refused.statusCode).toBe(429);
      const seconds = Number(refused.headers['retry-after']);
      waits.push(String(seconds));
      clock += seconds * 1000 - 1;
      expect((await attempt(app, 'victim@shop.test', 'wrong', from)).statusCode, `early ${i} ${waits.join()}`).toBe(
        429,
      ); // 1 ms early
      clock += 1;
      expect((await attempt(app, 'victim@shop.test', 'wrong', from)).statusCode).toBe(401);
    }
    // 2, 4, 8 … s, capped at 15 minutes.
    expect(waits).toEqual(['2', '4', '8', '16', '32', '64', '128', '256', '512', '900', '900']);
    // A correct password after the wait is accepted and forgets this address's failures.
    clock += 900_000;
    expect((await attempt(app, 'victim@shop.test', PASSWORD, from)).statusCode).toBe(303);
    expect((await attempt(app, 'victim@shop.test', PASSWORD, from)).statusCode).toBe(303);
  });

  it('behind a trusted proxy: the attacker’s forwarded address is slowed, other clients and the victim are not', async () => {
    const app = (await instance({ trustedProxies: [PROXY] })).app;
    const attacker = { socket: PROXY, forwardedFor: '203.0.113.66' };
    // Spraying both accounts, and trying to pin the failures on the victim's address by
    // prepending it: only the right-most untrusted address (the one the proxy saw) counts.
    for (let i = 0; i < 6; i += 1) {
      await attempt(app, 'victim@shop.test', 'wrong', attacker);
      await attempt(app, 'other@shop.test', 'wrong', { socket: PROXY, forwardedFor: '198.51.100.7, 203.0.113.66' });
    }
    expect((await attempt(app, 'victim@shop.test', PASSWORD, attacker)).statusCode).toBe(429);
    // Every other client behind the same proxy, including the victim, signs in.
    const victim = await attempt(app, 'victim@shop.test', PASSWORD, { socket: PROXY, forwardedFor: '198.51.100.7' });
    expect(victim.statusCode).toBe(303);
    const other = await attempt(app, 'other@shop.test', PASSWORD, { socket: PROXY, forwardedFor: '198.51.100.8' });
    expect(other.statusCode).toBe(303);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const app = (await instance({ trustedProxies: [PROXY] })).app;
    // A direct client claiming to be someone else is counted under its own socket address.
    for (let i = 0; i < 6; i += 1) {
      await attempt(app, 'victim@shop.test', 'wrong', { socket: '192.0.2.50', forwardedFor: '198.51.100.7' });
    }
    expect((await attempt(app, 'victim@shop.test', PASSWORD, { socket: '192.0.2.50' })).statusCode).toBe(429);
    expect(
      (await attempt(app, 'victim@shop.test', PASSWORD, { socket: PROXY, forwardedFor: '198.51.100.7' })).statusCode,
    ).toBe(303);
    // Without any trusted proxy, the header means nothing: the proxy's own address is the client.
    const plain = open[0]!.app;
    for (let i = 0; i < 6; i += 1) {
      await attempt(plain, 'other@shop.test', 'wrong', { socket: PROXY, forwardedFor: '203.0.113.1' });
    }
    expect(
      (await attempt(plain, 'other@shop.test', PASSWORD, { socket: PROXY, forwardedFor: '203.0.113.2' })).statusCode,
    ).toBe(429);
  });

  it('stores hashes, not email or IP addresses', async () => {
    const { app } = open[0]!;
    await attempt(app, 'victim@shop.test', 'wrong', { socket: '198.51.100.9' });
    const rows = await open[0]!.db.kysely.selectFrom('login_attempts').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/victim|198\.51/);
  });
});

describe('SNOOOZ_TRUSTED_PROXIES', () => {
  it('accepts IPs, CIDRs and named ranges, and rejects anything else with a stable code', () => {
    expect(parseTrustedProxies(' 10.0.0.1, 10.0.0.0/8 ,::1,fd00::/8,loopback')).toEqual([
      '10.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(parseTrustedProxies(undefined)).toEqual([]);
    for (const bad of ['proxy.local', '10.0.0.0/33', '10.0.0.1/8/1', '*']) {
      expect(() => parseTrustedProxies(bad)).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    }
  });
});
