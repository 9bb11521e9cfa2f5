/**
 * "Connect Google" in Chromium, with the real servers: the serving composition, a local OpenID
 * Connect server (oidc-provider) whose own login and consent pages the browser goes through,
 * Dovecot checking XOAUTH2 by introspection, and an SMTP peer doing the same. The owner connects
 * the mailbox, mail becomes a draft that is approved and sent with XOAUTH2; the grant is revoked
 * at the provider, every page shows the banner, and Reconnect brings the inbox back with the mail
 * that arrived meanwhile drafted exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { createRepositories, loadSecretKey, openDatabase } from '../../src/db/index.js';
import { parseEmail } from '../../src/email/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { DEFAULT_TOKEN, type Simulator, type StoreData } from '../../simulator/index.js';
import { startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { appendTo } from '../servers/imap-helpers.js';
import { startOAuthServer, type OAuthTestServer } from '../servers/oauth-server.js';
import { startSmtpPeer, type SmtpPeer } from '../servers/smtp-peer.js';
import { freePort, waitFor } from '../servers/wait.js';
import { customerEmail, shippedCustomer, startTestSimulator, STORE_HASH } from '../service/helpers.js';
import { expectNoAxeViolations, launchBrowser, type LaunchedBrowser } from './browser-harness.js';

const MAILBOX = 'support@browser-oauth.example';
const MAILBOX_PASSWORD = 'only-for-the-test-appends';
const OWNER = 'owner@browser-oauth.example';
const PASSWORD = 'correct horse battery staple';

let simulator: Simulator;
let data: StoreData;
let auth: OAuthTestServer;
let dovecot: DovecotServer;
let peer: SmtpPeer;
let dataDir: string;
let server: RunningServer;
let browser: LaunchedBrowser;
let page: Page;
let workspaceId: number;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  auth = await startOAuthServer({ redirectUris: [`${base}/inboxes/connect/callback`] });
  [{ simulator, data }, dovecot, peer] = await Promise.all([
    startTestSimulator(),
    startDovecot({
      users: [{ user: MAILBOX, password: MAILBOX_PASSWORD }],
      oauth2IntrospectionUrl: auth.introspectionUrlWithCredentials,
      oauth2UsernameAttribute: 'sub',
    }),
    startSmtpPeer({ oauth2: { introspect: (token) => auth.introspect(token) } }),
  ]);
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-browser-oauth-'));
  const db = await openDatabase({ dataDir });
  try {
    const repos = createRepositories(db, loadSecretKey({ dataDir, env: {} }));
    const workspace = await repos.workspaces.create({ slug: 'browser-oauth', name: 'Browser OAuth Shop' });
    workspaceId = workspace.id;
    await repos.workspaces.enableIntegration(workspace.id, 'bigcommerce', 'cli');
    await repos.integrations.saveConnected(workspace.id, {
      storeHash: STORE_HASH,
      storeName: 'Service Test Store',
      accessToken: DEFAULT_TOKEN,
      scopes: ['customers', 'orders'],
    });
    // Sent at once on approval: the undo window has its own tests.
    await repos.settings.update(workspace.id, { businessName: 'Service Test Store', undoSendSeconds: 0 });
    const owner = await repos.users.create({ email: OWNER, name: 'Owner', passwordHash: await hashPassword(PASSWORD) });
    await repos.users.setMembership(workspace.id, owner.id, 'owner');
  } finally {
    await db.close();
  }
  server = await startServer({
    port,
    host: '127.0.0.1',
    smtpPort: null,
    smtpDomain: 'snoooz.localhost',
    dataDir,
    apiUrl: simulator.url,
    logger: silentLogger,
    env: {
      SNOOOZ_PUBLIC_URL: base,
      SNOOOZ_GOOGLE_CLIENT_ID: auth.google.clientId,
      SNOOOZ_GOOGLE_CLIENT_SECRET: auth.google.clientSecret,
      SNOOOZ_GOOGLE_ISSUER: auth.issuer,
      SNOOOZ_GOOGLE_IMAP: `127.0.0.1:${dovecot.port}:starttls`,
      SNOOOZ_GOOGLE_SMTP: `127.0.0.1:${peer.port}:starttls`,
    },
    allowPrivateHosts: ['127.0.0.1'],
    pollMs: 50,
    imap: { rescanMs: 0, watcherOptions: { reconnect: { initialMs: 100, maxMs: 1_000 } } },
  });
  browser = await launchBrowser();
  page = await browser.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([simulator?.close(), dovecot?.stop(), peer?.close(), auth?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The authorization server's own pages: sign in (when asked) and approve. */
async function consent(): Promise<void> {
  await page.waitForURL((u) => u.href.startsWith(auth.issuer));
  const login = page.locator('input[name="login"]');
  if (await login.count()) {
    await login.fill(MAILBOX);
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((u) => u.href.startsWith(`${base}/inboxes`));
}

async function draftIdFor(messageId: string): Promise<number> {
  let id = 0;
  await waitFor(
    async () => {
      const message = (await server.repos.messages.list(workspaceId)).find((m) => m.messageId === messageId);
      const draft = message ? await server.repos.drafts.byMessage(workspaceId, message.id) : null;
      id = draft?.id ?? 0;
      return id > 0;
    },
    { timeoutMs: 20_000, what: `a draft for ${messageId}` },
  );
  return id;
}

describe('Connect Google in the browser (oidc-provider + Dovecot + SMTP peer, XOAUTH2)', () => {
  it('connects, sends with XOAUTH2, shows "needs reconnect" after a revoke, and reconnects without losing mail', async () => {
    await page.goto(`${base}/login`);
    await page.getByLabel('Email').fill(OWNER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(`${base}/`);

    await page.goto(`${base}/inboxes`);
    await expectNoAxeViolations(page, 'inboxes with Connect buttons');
    await page.getByRole('button', { name: 'Connect Google' }).click();
    await consent();
    await expect.poll(() => page.locator('#result, .banner.ok').first().textContent()).toContain('Mailbox connected');
    await expect.poll(() => page.locator('main').textContent()).toContain('signed in');
    await expectNoAxeViolations(page, 'inboxes after connecting');
    const [inbox] = await server.repos.inboxes.list(workspaceId);
    if (!inbox) throw new Error('no inbox');
    expect(inbox).toMatchObject({ address: MAILBOX, oauthProvider: 'google' });

    await waitFor(() => server.services.mailboxStatus?.(workspaceId, inbox.id)?.connected === true, {
      timeoutMs: 15_000,
      what: 'the watcher to log in with XOAUTH2',
    });
    const customer = shippedCustomer(data);
    const first = `browser-oauth-1-${Date.now()}@customer.example`;
    await appendTo(dovecot, MAILBOX, MAILBOX_PASSWORD, [
      customerEmail(customer, MAILBOX, `Where is my order #${customer.orderId}?`, first),
    ]);
    const draftId = await draftIdFor(first);
    const message = (await server.repos.drafts.get(workspaceId, draftId)).messageId;
    await page.goto(`${base}/messages/${message}`);
    await page.getByRole('button', { name: 'Approve & send' }).first().click();
    await waitFor(() => peer.received.length === 1, { timeoutMs: 15_000, what: 'the reply at the SMTP peer' });
    const sent = await parseEmail(peer.received[0]?.raw ?? Buffer.alloc(0));
    expect(sent.from?.address).toBe(MAILBOX);
    expect(sent.inReplyTo).toBe(first);
    expect(peer.oauthLogins).toBeGreaterThanOrEqual(1);

    // Revoked at the provider; the next token use finds out.
    const stored = await server.repos.inboxes.getWithSecret(workspaceId, inbox.id);
    await auth.revoke(stored.refreshToken ?? '', auth.google);
    server.services.mailOAuth?.forget(inbox.id);
    await expect(server.services.mailOAuth?.accessToken(workspaceId, inbox.id)).rejects.toMatchObject({
      code: 'oauth_needs_reconnect',
    });
    await waitFor(() => server.services.mailboxStatus?.(workspaceId, inbox.id) == null, {
      timeoutMs: 10_000,
      what: 'the watcher to stop',
    });
    const second = `browser-oauth-2-${Date.now()}@customer.example`;
    await appendTo(dovecot, MAILBOX, MAILBOX_PASSWORD, [
      customerEmail(customer, MAILBOX, `Any news on order #${customer.orderId}?`, second),
    ]);

    await page.goto(`${base}/`);
    const banner = page.locator('.reconnect-banner');
    await expect.poll(() => banner.textContent()).toContain('refused its sign-in');
    await expectNoAxeViolations(page, 'inbox with the reconnect banner');
    await banner.getByRole('button', { name: /^Reconnect/ }).click();
    await consent();
    await expect.poll(() => page.locator('main').textContent()).toContain('Reconnected');
    await draftIdFor(second);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const ids = (await server.repos.messages.list(workspaceId)).map((m) => m.messageId);
    expect(ids.sort()).toEqual([first, second].sort());
    expect(peer.received).toHaveLength(1);
    // Ours only: the authorization server's development pages load fonts from the internet.
    const ours = browser.consoleErrors.filter((line) => line.startsWith(base));
    expect(ours, ours.join('\n')).toEqual([]);
  }, 150_000);
});
