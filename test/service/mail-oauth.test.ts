/**
 * "Sign in with Google" end to end over real HTTP with real servers: the serving composition
 * (`startServer`), a real OpenID Connect authorization server (oidc-provider) with its own login
 * and consent pages, Dovecot checking XOAUTH2 logins by introspection at that server, an SMTP
 * peer doing the same, and the BigCommerce simulator.
 *
 * An owner connects the mailbox (the address comes from the ID token), mail becomes a draft, a
 * reply goes out over SMTP with XOAUTH2. Then the grant is revoked at the provider: the next
 * send finds out, the inbox needs reconnecting, its watcher stops, the approved reply waits and
 * mail that arrives meanwhile stays in the mailbox. After reconnecting, that mail is drafted and
 * the waiting reply is sent, each exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleSend } from '../../src/app/scheduled-send.js';
import { shadowDepsFromEnv } from '../../src/cli/commands/shadow.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { WAITING_RECONNECT_PREFIX, createRepositories, loadSecretKey, openDatabase } from '../../src/db/index.js';
import { parseEmail } from '../../src/email/index.js';
import { ALLOW_PRIVATE_HOSTS_ENV } from '../../src/shared/egress.js';
import { silentLogger } from '../../src/shared/logger.js';
import { runWorkspaceShadow, type ShadowSummary } from '../../src/shadow/index.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { DEFAULT_TOKEN, type Simulator, type StoreData } from '../../simulator/index.js';
import { startDovecot, type DovecotServer } from '../servers/dovecot.js';
import { appendTo } from '../servers/imap-helpers.js';
import { consentOverHttp, startOAuthServer, type OAuthTestServer } from '../servers/oauth-server.js';
import { startSmtpPeer, type SmtpPeer } from '../servers/smtp-peer.js';
import { freePort, waitFor } from '../servers/wait.js';
import { customerEmail, shippedCustomer, startTestSimulator, STORE_HASH } from './helpers.js';
import { httpLogin, type HttpSession } from './http-session.js';

const MAILBOX = 'support@merchant-oauth.example';
const MAILBOX_PASSWORD = 'only-for-the-test-appends';
const OWNER = 'owner@merchant-oauth.example';
const OWNER_PASSWORD = 'owner-password-123';

let simulator: Simulator;
let data: StoreData;
let auth: OAuthTestServer;
let dovecot: DovecotServer;
let peer: SmtpPeer;
let dataDir: string;
let server: RunningServer;
let publicUrl: string;
let workspaceId: number;
let serverEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  auth = await startOAuthServer({ redirectUris: [`${publicUrl}/inboxes/connect/callback`] });
  [{ simulator, data }, dovecot, peer] = await Promise.all([
    startTestSimulator(),
    startDovecot({
      users: [{ user: MAILBOX, password: MAILBOX_PASSWORD }],
      oauth2IntrospectionUrl: auth.introspectionUrlWithCredentials,
      oauth2UsernameAttribute: 'sub',
    }),
    startSmtpPeer({ oauth2: { introspect: (token) => auth.introspect(token) } }),
  ]);
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-mail-oauth-'));
  const db = await openDatabase({ dataDir });
  try {
    const repos = createRepositories(db, loadSecretKey({ dataDir, env: {} }));
    const workspace = await repos.workspaces.create({ slug: 'oauth-shop', name: 'OAuth Shop' });
    workspaceId = workspace.id;
    await repos.workspaces.enableIntegration(workspace.id, 'bigcommerce', 'cli');
    await repos.integrations.saveConnected(workspace.id, {
      storeHash: STORE_HASH,
      storeName: 'Service Test Store',
      accessToken: DEFAULT_TOKEN,
      scopes: ['customers', 'orders'],
    });
    await repos.settings.update(workspace.id, { businessName: 'Service Test Store' });
    const owner = await repos.users.create({
      email: OWNER,
      name: 'Owner',
      passwordHash: await hashPassword(OWNER_PASSWORD),
    });
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
    env: (serverEnv = {
      SNOOOZ_PUBLIC_URL: publicUrl,
      SNOOOZ_GOOGLE_CLIENT_ID: auth.google.clientId,
      SNOOOZ_GOOGLE_CLIENT_SECRET: auth.google.clientSecret,
      SNOOOZ_GOOGLE_ISSUER: auth.issuer,
      // The operator's override of Google's servers: the local Dovecot and SMTP peer.
      SNOOOZ_GOOGLE_IMAP: `127.0.0.1:${dovecot.port}:starttls`,
      SNOOOZ_GOOGLE_SMTP: `127.0.0.1:${peer.port}:starttls`,
    }),
    allowPrivateHosts: ['127.0.0.1'],
    pollMs: 50,
    imap: { rescanMs: 0, watcherOptions: { reconnect: { initialMs: 100, maxMs: 1_000 } } },
  });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await Promise.all([simulator?.close(), dovecot?.stop(), peer?.close(), auth?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Connect (or reconnect) through the provider's own pages, as the owner's browser would. */
async function signIn(session: HttpSession, reconnect?: number): Promise<string> {
  const start = await fetch(`${publicUrl}/inboxes/connect/google`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: session.csrf, ...(reconnect ? { reconnect: String(reconnect) } : {}) }),
  });
  expect(start.status).toBe(303);
  const authorization = new URL(start.headers.get('location') ?? '');
  expect(authorization.origin).toBe(auth.issuer);
  expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorization.searchParams.get('access_type')).toBe('offline');
  const back = await consentOverHttp(authorization, MAILBOX, {
    redirectPrefix: `${publicUrl}/inboxes/connect/callback`,
  });
  const done = await fetch(back, { redirect: 'manual', headers: { cookie: session.cookie } });
  const body = done.status === 303 ? '' : await done.text();
  expect(done.status, body.slice(0, 500)).toBe(303);
  return done.headers.get('location') ?? '';
}

async function draftFor(messageId: string): Promise<{ id: number; messageRowId: number }> {
  let found: { id: number; messageRowId: number } | null = null;
  await waitFor(
    async () => {
      const message = (await server.repos.messages.list(workspaceId)).find((m) => m.messageId === messageId);
      const draft = message ? await server.repos.drafts.byMessage(workspaceId, message.id) : null;
      found = draft && message ? { id: draft.id, messageRowId: message.id } : null;
      return found !== null;
    },
    { timeoutMs: 20_000, what: `a draft for ${messageId}` },
  );
  if (!found) throw new Error('no draft');
  return found;
}

describe('Sign in with Google, end to end (oidc-provider + Dovecot XOAUTH2 + SMTP XOAUTH2)', () => {
  it('connects, drafts, sends with XOAUTH2, waits while revoked, and catches up exactly once after reconnecting', async () => {
    const session = await httpLogin(publicUrl, OWNER, OWNER_PASSWORD);
    const customer = shippedCustomer(data);

    // Connect: the inbox is created from the ID token's address, tested, then saved.
    const location = await signIn(session);
    expect(location).toMatch(/^\/inboxes\?done=connected#inbox-\d+$/);
    const [inbox] = await server.repos.inboxes.list(workspaceId);
    if (!inbox) throw new Error('no inbox');
    expect(inbox).toMatchObject({ address: MAILBOX, oauthProvider: 'google', needsReconnect: null, passwordSet: true });
    const stored = await server.repos.inboxes.getWithSecret(workspaceId, inbox.id);
    expect(stored.password).toBeNull();
    expect(stored.refreshToken).toMatch(/^[\w-]{20,}$/);
    const page = await (await fetch(`${publicUrl}${location}`, { headers: { cookie: session.cookie } })).text();
    expect(page).toContain('Mailbox connected');
    expect(page).not.toContain(stored.refreshToken ?? 'x');

    // Mail is read over IMAP with XOAUTH2 and drafted.
    await waitFor(() => server.services.mailboxStatus?.(workspaceId, inbox.id)?.connected === true, {
      timeoutMs: 15_000,
      what: 'the IMAP watcher to log in with XOAUTH2',
    });
    const first = `oauth-1-${Date.now()}@customer.example`;
    await appendTo(dovecot, MAILBOX, MAILBOX_PASSWORD, [
      customerEmail(customer, MAILBOX, `Hi, where is my order #${customer.orderId}?`, first),
    ]);
    const firstDraft = await draftFor(first);

    // A reply goes out over SMTP, logged in with XOAUTH2 (the peer asked the provider).
    await server.services.sendDraft(workspaceId, firstDraft.id, 'user:1');
    expect(peer.received).toHaveLength(1);
    expect(peer.oauthLogins).toBeGreaterThanOrEqual(1);
    const sent = await parseEmail(peer.received[0]?.raw ?? Buffer.alloc(0));
    expect(sent.from?.address).toBe(MAILBOX);
    expect(peer.received[0]?.to).toEqual([customer.email]);
    expect(sent.inReplyTo).toBe(first);
    expect(sent.subject).toMatch(/^Re: /);

    // A second customer email is drafted while everything works.
    const second = `oauth-2-${Date.now()}@customer.example`;
    await appendTo(dovecot, MAILBOX, MAILBOX_PASSWORD, [
      customerEmail(customer, MAILBOX, `And has order #${customer.orderId} shipped yet?`, second),
    ]);
    const secondDraft = await draftFor(second);

    // The merchant revokes Snoooz's access at the provider: the whole grant ends.
    await auth.revoke(stored.refreshToken ?? '', auth.google);
    expect((await auth.introspect(stored.refreshToken ?? '')).active).toBe(false);

    // Approving now: the SMTP login is refused, the refresh is refused (invalid_grant), so the
    // inbox needs reconnecting and the approved reply waits instead of failing.
    await scheduleSend(server.repos, { workspaceId, draftId: secondDraft.id, actor: 'user:1', delayMs: 0 });
    server.queue.wake();
    await waitFor(async () => (await server.repos.inboxes.get(workspaceId, inbox.id)).needsReconnect !== null, {
      timeoutMs: 15_000,
      what: 'the inbox to need reconnecting',
    });
    await waitFor(
      async () =>
        (await server.repos.drafts.get(workspaceId, secondDraft.id)).statusReason?.startsWith(
          WAITING_RECONNECT_PREFIX,
        ) === true,
      { timeoutMs: 10_000, what: 'the approved reply to wait for the reconnect' },
    );
    expect(peer.received).toHaveLength(1);
    await waitFor(() => server.services.mailboxStatus?.(workspaceId, inbox.id) == null, {
      timeoutMs: 10_000,
      what: 'the watcher to stop',
    });
    const banner = await (await fetch(`${publicUrl}/`, { headers: { cookie: session.cookie } })).text();
    expect(banner).toContain('refused its sign-in');
    expect(banner).toContain(`name="reconnect" value="${inbox.id}"`);

    // Mail that arrives while the inbox is stopped stays in the mailbox for now.
    const third = `oauth-3-${Date.now()}@customer.example`;
    await appendTo(dovecot, MAILBOX, MAILBOX_PASSWORD, [
      customerEmail(customer, MAILBOX, `Hello again about order #${customer.orderId}`, third),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await server.repos.messages.list(workspaceId)).map((m) => m.messageId)).not.toContain(third);

    // Reconnect: the watcher resumes from its last UID, the waiting reply leaves once.
    expect(await signIn(session, inbox.id)).toBe(`/inboxes?done=reconnected#inbox-${inbox.id}`);
    expect((await server.repos.inboxes.get(workspaceId, inbox.id)).needsReconnect).toBeNull();
    await draftFor(third);
    await waitFor(async () => (await server.repos.drafts.get(workspaceId, secondDraft.id)).status === 'sent', {
      timeoutMs: 15_000,
      what: 'the waiting reply to be sent',
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(peer.received).toHaveLength(2);
    const messages = await server.repos.messages.list(workspaceId);
    expect(messages.map((m) => m.messageId).sort()).toEqual([first, second, third].sort());
    const audit = await server.repos.audit.list(workspaceId, { limit: 50 });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['inbox.signed_in', 'inbox.needs_reconnect']));
  }, 120_000);

  it("lets the command line's shadow run read a signed-in inbox with the server's settings (XOAUTH2)", async () => {
    const [inbox] = await server.repos.inboxes.list(workspaceId);
    if (!inbox) throw new Error('no inbox');
    const read = { inboxId: inbox.id, folder: null, since: null, until: null };

    // Without the provider settings the command says what to set instead of trying a password.
    const bare = await runWorkspaceShadow(
      {
        ...shadowDepsFromEnv(server.repos, { [ALLOW_PRIVATE_HOSTS_ENV]: '127.0.0.1' }, silentLogger),
        apiUrl: simulator.url,
      },
      workspaceId,
      read,
      'cli',
    );
    expect(bare.status).toBe('failed');
    expect(bare.error).toContain('SNOOOZ_GOOGLE_');

    // With the same environment as `serve`, it signs in with the stored grant and drafts past mail.
    const run = await runWorkspaceShadow(
      {
        ...shadowDepsFromEnv(server.repos, { ...serverEnv, [ALLOW_PRIVATE_HOSTS_ENV]: '127.0.0.1' }, silentLogger),
        apiUrl: simulator.url,
      },
      workspaceId,
      read,
      'cli',
    );
    expect(run.error).toBeNull();
    expect(run.status).toBe('done');
    const summary = run.summary as ShadowSummary | null;
    expect(summary?.total.emails).toBe(3);
    expect(summary?.total.drafted).toBe(3);
  }, 60_000);
});
