/**
 * OAuth2 for IMAP: the refresh-token exchange against a local fake token endpoint, and a real
 * XOAUTH2 login to Dovecot, which checks the access token at the same fake server (RFC 7662
 * introspection), so the watcher's `getAccessToken` hook is exercised end to end.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DovecotServer } from '../../../test/servers/dovecot.js';
import { startDovecot } from '../../../test/servers/dovecot.js';
import { appendTo, sampleMessage } from '../../../test/servers/imap-helpers.js';
import { waitFor } from '../../../test/servers/wait.js';
import { isMailError } from '../smtp/mail-error.js';
import { cachedAccessToken, refreshOAuthAccessToken } from './oauth.js';
import { createMemoryMailboxStateStore } from './state.js';
import { testImapAccount } from './test-connection.js';
import { startImapWatcher } from './watcher.js';

const USER = 'oauth@shop.example';
const REFRESH = 'refresh-token-abc123';

let http: Server;
let base = '';
const issued = new Set<string>();
const requests: Array<Record<string, string>> = [];
let tokenCounter = 0;

async function form(req: IncomingMessage): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
}

beforeAll(async () => {
  http = createServer((req, res) => {
    void form(req).then((body) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/token') {
        requests.push(body);
        if (body.grant_type !== 'refresh_token' || body.refresh_token !== REFRESH || body.client_secret !== 'cs') {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: 'invalid_grant', error_description: `bad ${body.refresh_token}` }));
          return;
        }
        const token = `access-${++tokenCounter}`;
        issued.add(token);
        res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      if (req.url === '/introspect') {
        // Dovecot asks whether the access token presented over XOAUTH2 is valid, and whose it is.
        const active = issued.has(body.token ?? '');
        res.end(JSON.stringify(active ? { active: 'true', username: USER } : { active: 'false' }));
        return;
      }
      res.statusCode = 404;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const address = http.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => new Promise<void>((resolve) => http.close(() => resolve())));

describe('refreshOAuthAccessToken', () => {
  it('exchanges the refresh token for an access token', async () => {
    const token = await refreshOAuthAccessToken({
      tokenUrl: `${base}/token`,
      clientId: 'ci',
      clientSecret: 'cs',
      refreshToken: REFRESH,
    });
    expect(token.accessToken).toMatch(/^access-\d+$/);
    expect(token.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    expect(token.refreshToken).toBeNull();
    expect(requests.at(-1)).toMatchObject({ grant_type: 'refresh_token', client_id: 'ci', refresh_token: REFRESH });
  });

  it('reports a refused refresh token without echoing it', async () => {
    const error = await refreshOAuthAccessToken({
      tokenUrl: `${base}/token`,
      clientId: 'ci',
      clientSecret: 'cs',
      refreshToken: 'revoked-refresh-token-xyz',
    }).catch((e: unknown) => e);
    expect(isMailError(error, 'oauth_refresh_failed')).toBe(true);
    expect((error as Error).message).toContain('invalid_grant');
    expect((error as Error).message).not.toContain('revoked-refresh-token-xyz');
  });

  it('caches the access token until shortly before it expires', async () => {
    let calls = 0;
    let now = 1_000_000;
    const get = cachedAccessToken(
      async () => ({ accessToken: `t${++calls}`, expiresAt: new Date(now + 120_000), refreshToken: null }),
      { now: () => now, marginMs: 60_000 },
    );
    expect(await get()).toBe('t1');
    now += 30_000;
    expect(await get()).toBe('t1');
    now += 40_000;
    expect(await get()).toBe('t2');
  });
});

describe('XOAUTH2 login to Dovecot', () => {
  let server: DovecotServer;
  beforeAll(async () => {
    server = await startDovecot({
      users: [{ user: USER, password: 'app-password' }],
      oauth2IntrospectionUrl: `${base}/introspect`,
    });
  });
  afterAll(async () => server?.stop());

  const refresh = () =>
    refreshOAuthAccessToken({ tokenUrl: `${base}/token`, clientId: 'ci', clientSecret: 'cs', refreshToken: REFRESH });

  it('logs in with a refreshed access token, and refuses a made-up one', async () => {
    const account = { host: server.host, port: server.port, secure: false, user: USER };
    const ok = await testImapAccount({ ...account, auth: { accessToken: (await refresh()).accessToken } });
    expect(ok.ok).toBe(true);
    const error = await testImapAccount({ ...account, auth: { accessToken: 'forged-token-000' } }).catch(
      (e: unknown) => e,
    );
    expect(isMailError(error, 'imap_auth_failed')).toBe(true);
    expect((error as Error).message).not.toContain('forged-token-000');
  });

  it('watches a mailbox, asking getAccessToken for a fresh token on every connection', async () => {
    let asked = 0;
    const received: Buffer[] = [];
    const watcher = startImapWatcher({
      account: {
        host: server.host,
        port: server.port,
        secure: false,
        user: USER,
        auth: { accessToken: 'stale-token' },
        getAccessToken: async () => {
          asked += 1;
          return (await refresh()).accessToken;
        },
      },
      state: createMemoryMailboxStateStore(),
      reconnect: { initialMs: 50, maxMs: 200 },
      onMessage: async (raw) => void received.push(raw),
    });
    try {
      await waitFor(() => watcher.status().connected, { timeoutMs: 10_000, what: 'XOAUTH2 connect' });
      await appendTo(server, USER, 'app-password', [sampleMessage('oauth-1')]);
      await waitFor(() => received.length === 1, { what: 'the message' });
      expect(asked).toBe(1);
    } finally {
      await watcher.stop();
    }
  });
});
