/**
 * Access tokens of a signed-in inbox against a real authorization server (oidc-provider): a token
 * about to expire is refreshed without anyone noticing (and the rotated refresh token stored),
 * concurrent callers share one refresh, and a revoked grant marks the inbox "needs reconnect"
 * exactly once and tells the app.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, generateSecretKey, openDatabase, type Database, type Repositories } from '../db/index.js';
import { GOOGLE, discoverIssuer, finishSignIn, startSignIn } from '../email/index.js';
import { silentLogger } from '../shared/logger.js';
import { consentOverHttp, startOAuthServer, type OAuthTestServer } from '../../test/servers/oauth-server.js';
import { createMailOAuth, resolveMailOAuthConfig, type MailOAuth } from './mail-oauth.js';

const PUBLIC = 'http://127.0.0.1:9';
const REDIRECT = `${PUBLIC}/inboxes/connect/callback`;
const MAILBOX = 'ops@token-cache.example';

let server: OAuthTestServer;
let db: Database;
let repos: Repositories;
let clock = Date.now();
const refused: number[] = [];
let oauth: MailOAuth;
let workspaceId: number;
let inboxId: number;

beforeAll(async () => {
  server = await startOAuthServer({ redirectUris: [REDIRECT] });
  db = await openDatabase({ dataDir: ':memory:' });
  repos = createRepositories(db, generateSecretKey());
  const workspace = await repos.workspaces.create({ slug: 'token-cache', name: 'Token cache' });
  workspaceId = workspace.id;
  const settings = {
    preset: GOOGLE,
    issuer: server.issuer,
    clientId: server.google.clientId,
    clientSecret: server.google.clientSecret,
    redirectUri: REDIRECT,
  };
  const config = await discoverIssuer(settings);
  const started = await startSignIn(settings, config);
  const back = await consentOverHttp(started.url, MAILBOX, { redirectPrefix: REDIRECT });
  const done = await finishSignIn(settings, config, back, started);
  const { inbox } = await repos.inboxes.connectOAuth(workspaceId, {
    provider: 'google',
    address: MAILBOX,
    name: MAILBOX,
    imap: { ...GOOGLE.imap, user: MAILBOX },
    smtp: { ...GOOGLE.smtp, user: MAILBOX },
    refreshToken: done.refreshToken,
  });
  inboxId = inbox.id;
  oauth = createMailOAuth({
    config: resolveMailOAuthConfig(
      {
        SNOOOZ_GOOGLE_CLIENT_ID: server.google.clientId,
        SNOOOZ_GOOGLE_CLIENT_SECRET: server.google.clientSecret,
        SNOOOZ_GOOGLE_ISSUER: server.issuer,
      },
      PUBLIC,
    ),
    repos,
    logger: silentLogger,
    processId: 'test-process',
    now: () => clock,
    onNeedsReconnect: (_workspace, inbox) => refused.push(inbox),
  });
  oauth.remember(inboxId, { accessToken: done.accessToken, expiresAt: new Date(clock + 3_600_000) });
}, 30_000);

afterAll(async () => {
  await db?.close();
  await server?.close();
});

describe('access tokens of a signed-in inbox', () => {
  it('reuses a live token, and refreshes one about to expire (storing the rotated refresh token)', async () => {
    const first = await oauth.accessToken(workspaceId, inboxId);
    expect(await oauth.accessToken(workspaceId, inboxId)).toBe(first);
    const before = (await repos.inboxes.getWithSecret(workspaceId, inboxId)).refreshToken;
    const grants = server.tokenRequests.filter((g) => g === 'refresh_token').length;

    clock += 3_600_000 - 30_000; // within the last minute of its life
    const [a, b] = await Promise.all([
      oauth.accessToken(workspaceId, inboxId),
      oauth.accessToken(workspaceId, inboxId),
    ]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(server.tokenRequests.filter((g) => g === 'refresh_token').length).toBe(grants + 1);
    expect((await server.introspect(a)).active).toBe(true);
    const after = (await repos.inboxes.getWithSecret(workspaceId, inboxId)).refreshToken;
    expect(after).not.toBe(before);
    expect(after).toMatch(/^[\w-]{20,}$/);
  });

  it('marks the inbox "needs reconnect" once when the grant was revoked, and refuses until then', async () => {
    const current = (await repos.inboxes.getWithSecret(workspaceId, inboxId)).refreshToken ?? '';
    await server.revoke(current, server.google);
    oauth.forget(inboxId);
    await expect(oauth.accessToken(workspaceId, inboxId)).rejects.toMatchObject({ code: 'oauth_needs_reconnect' });
    await expect(oauth.accessToken(workspaceId, inboxId)).rejects.toMatchObject({ code: 'oauth_needs_reconnect' });
    expect(refused).toEqual([inboxId]);
    const inbox = await repos.inboxes.get(workspaceId, inboxId);
    expect(inbox.needsReconnect?.reason).toContain('invalid_grant');
    const audit = await repos.audit.list(workspaceId);
    expect(audit.filter((a) => a.action === 'inbox.needs_reconnect')).toHaveLength(1);
  });
});
