/**
 * The real product in a browser: `startServer` (SQLite in a temp dir, real services, the embedded
 * job worker, the SMTP receiver, the web app) with the BigCommerce simulator and an SMTP peer as
 * the inbox's outgoing server, driven by Debian's chromium. Data is seeded the way an operator
 * does it (repositories), everything else goes through the pages: connect BigCommerce after three
 * wrong attempts, an email forwarded to the receiver becomes a draft live in the inbox, the draft
 * is edited and sent (checked on the peer), settings persist, and another workspace is refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { parseEmail } from '../../src/email/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { hashPassword } from '../../src/web/auth/password.js';
import {
  ALL_READ_SCOPES,
  generateStore,
  startSimulator,
  type Simulator,
  type StoreData,
} from '../../simulator/index.js';
import { startSmtpPeer, type SmtpPeer } from '../servers/smtp-peer.js';
import { waitFor } from '../servers/wait.js';
import { expectNoAxeViolations, launchBrowser, SCREENSHOTS, type LaunchedBrowser } from './browser-harness.js';

const STORE_HASH = 'real7store';
const STORE_NAME = 'Real Server Outfitters';
const TOKENS = {
  full: 'realfulltokenabcdefghijklmnopq1',
  noOrders: 'realnoorderstokenabcdefghijkl2',
  unknown: 'realdeletedtokenabcdefghijklm3',
};
const PASSWORD = 'correct horse battery staple';
const USERS = { a: 'owner@shop-a.example', b: 'owner@shop-b.example' };
const INBOX = 'support@shop-a.example';
const SMTP_LOGIN = { user: INBOX, password: 'smtp-pass-1234' };

let simulator: Simulator;
let data: StoreData;
let peer: SmtpPeer;
let server: RunningServer;
let dataDir: string;
let browser: LaunchedBrowser;
let page: Page;
let ids: { a: number; b: number; inboxA: number; forwardingA: string };
/** The message the customer sent, once it is in the database. */
let received: { id: number; messageId: string; orderId: number; tracking: string; customer: string } | null = null;

const url = (p: string) => server.url + p;
const go = (p: string) => page.goto(url(p));
const shot = (name: string, on: Page = page) =>
  on.screenshot({ path: path.join(SCREENSHOTS, `real-${name}.png`), fullPage: true });

/** A registered customer whose newest order has shipped with a tracking number. */
function shippedCustomer(store: StoreData) {
  const newest = [...store.orders].sort((x, y) => y.id - x.id);
  for (const customer of store.customers) {
    const latest = newest.find((o) => o.customer_id === customer.id);
    const tracking = latest?.shipments?.find((s) => s.tracking_number)?.tracking_number;
    if (latest && latest.status_id === 2 && tracking) {
      return {
        email: customer.email,
        name: `${customer.first_name} ${customer.last_name}`,
        orderId: latest.id,
        tracking,
      };
    }
  }
  throw new Error('The generated store has no shipped order with tracking');
}

async function signIn(on: Page, email: string): Promise<void> {
  await on.goto(url('/login'));
  await on.getByLabel('Email').fill(email);
  await on.getByLabel('Password').fill(PASSWORD);
  await on.getByRole('button', { name: 'Sign in' }).click();
  await on.waitForURL(url('/'));
}

beforeAll(async () => {
  data = generateStore({ customers: 40, seed: 11, hash: STORE_HASH, name: STORE_NAME });
  [simulator, peer, browser] = await Promise.all([
    startSimulator({
      stores: [
        {
          data,
          tokens: [
            { token: TOKENS.full, scopes: ALL_READ_SCOPES },
            { token: TOKENS.noOrders, scopes: ALL_READ_SCOPES.filter((s) => !s.includes('orders')) },
          ],
        },
      ],
      rateLimit: null,
    }),
    startSmtpPeer({ auth: SMTP_LOGIN }),
    launchBrowser(),
  ]);
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-real-browser-'));
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    smtpPort: 0,
    smtpDomain: 'snoooz.localhost',
    dataDir,
    apiUrl: simulator.url,
    logger: silentLogger,
    env: {},
    // The SMTP peer listens on loopback, which a tenant's mail host may not be unless allowed.
    allowPrivateHosts: ['127.0.0.1'],
    pollMs: 50,
    watchImap: false,
    healthCheckMs: 0,
  });

  // Seeded as an operator would: two workspaces with an owner each, inbox A sending through the peer.
  const { repos } = server;
  const hash = await hashPassword(PASSWORD);
  const a = await repos.workspaces.create({ slug: 'shop-a', name: 'Shop A' });
  const b = await repos.workspaces.create({ slug: 'shop-b', name: 'Shop B' });
  for (const [workspaceId, email] of [
    [a.id, USERS.a],
    [b.id, USERS.b],
  ] as const) {
    const user = await repos.users.create({ email, name: email.split('@')[0] ?? email, passwordHash: hash });
    await repos.users.setMembership(workspaceId, user.id, 'owner');
  }
  const inbox = await repos.inboxes.create(a.id, {
    name: 'Support',
    address: INBOX,
    smtp: { host: peer.host, port: peer.port, secure: false, user: SMTP_LOGIN.user },
    password: SMTP_LOGIN.password,
  });
  await repos.inboxes.create(b.id, { name: 'Support', address: 'support@shop-b.example' });
  await repos.settings.update(a.id, { businessName: STORE_NAME });
  ids = { a: a.id, b: b.id, inboxA: inbox.id, forwardingA: `inbox-${inbox.forwardingToken}@snoooz.localhost` };
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([simulator?.close(), peer?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the real server in a browser', { timeout: 60_000 }, () => {
  it('signs in', async () => {
    await go('/');
    expect(page.url()).toContain('/login');
    await shot('login');
    await expectNoAxeViolations(page, 'real login');
    await signIn(page, USERS.a);
    await expect(page.locator('h1').textContent()).resolves.toBe('Inbox');
    await expect(page.locator('#message-list').textContent()).resolves.toContain('No emails yet');
  });

  it('integrations: no card and how to request it until an operator enables it', async () => {
    await go('/integrations');
    await page.getByRole('heading', { name: 'Global Integrations' }).waitFor();
    await expect(page.locator('#bigcommerce-card').count()).resolves.toBe(0);
    await expect(page.locator('#bigcommerce-request').textContent()).resolves.toContain('available by request');
    await expect(page.locator('#bigcommerce-request').textContent()).resolves.toContain('contact Snoooz support');
    // Nor can the connect form be reached directly.
    await go('/integrations/bigcommerce/connect');
    await expect(page.locator('#connect').count()).resolves.toBe(0);
    await expect(page.locator('#bigcommerce-request').count()).resolves.toBe(1);
    await go('/integrations');
    await shot('integrations-not-enabled');
    await expectNoAxeViolations(page, 'real integrations-not-enabled');
  });

  it('connects after a wrong store hash, a bad token and a token without Orders; re-tests, disconnects, reconnects', async () => {
    await server.repos.workspaces.enableIntegration(ids.a, 'bigcommerce', 'cli');
    await go('/integrations');
    const card = page.locator('#bigcommerce-card');
    await expect(card.textContent()).resolves.toContain('Not connected');
    await card.getByRole('link', { name: 'Connect' }).click();

    const attempt = async (hash: string, token: string) => {
      await page.getByLabel('Store hash').fill(hash);
      await page.getByLabel('Access token').fill(token);
      await page.getByRole('button', { name: 'Connect' }).click();
    };
    const problem = page.locator('#connect .banner.error');
    const cases = [
      { hash: 'wronghash1', token: TOKENS.full, title: 'Wrong store hash.', invalid: 'storeHash' },
      { hash: STORE_HASH, token: TOKENS.unknown, title: 'Access token not accepted.', invalid: 'accessToken' },
      { hash: STORE_HASH, token: TOKENS.noOrders, title: 'Missing scope: Orders.', invalid: 'accessToken' },
    ];
    for (const c of cases) {
      await attempt(c.hash, c.token);
      await problem.getByText(c.title).waitFor();
      await expect(problem.textContent()).resolves.toContain('Nothing was saved.');
      await expect(page.locator(`#${c.invalid}`).getAttribute('aria-invalid')).resolves.toBe('true');
      // The token is never sent back to the browser.
      await expect(page.locator('#accessToken').inputValue()).resolves.toBe('');
      await expect(page.content()).resolves.not.toContain(c.token);
      expect(await server.repos.integrations.list(ids.a)).toEqual([]);
    }
    await shot('integrations-connect-error');
    await expectNoAxeViolations(page, 'real integrations-connect-error');

    // The right credentials, the store hash pasted as the whole API path.
    await attempt(`https://api.bigcommerce.com/stores/${STORE_HASH}/v3/customers`, TOKENS.full);
    await page.getByText(`Connected to ${STORE_NAME}.`).waitFor();
    const facts = await card.textContent();
    expect(facts).toContain(STORE_NAME);
    expect(facts).toContain(STORE_HASH);
    expect(facts).toContain(`••••${TOKENS.full.slice(-4)}`);
    expect(facts).not.toContain(TOKENS.full);
    expect(facts).toMatch(/Last check\s*just now/);
    const [saved] = await server.repos.integrations.list(ids.a);
    expect(saved).toMatchObject({ storeHash: STORE_HASH, storeName: STORE_NAME, status: 'connected' });
    await shot('integrations-connected');
    await expectNoAxeViolations(page, 'real integrations-connected');

    await card.getByRole('button', { name: 'Re-test' }).click();
    await page.waitForURL(/\/integrations\/\d+\/test$/);
    await page.getByText(`Connected to ${STORE_NAME}.`).waitFor();
    await expect(card.textContent()).resolves.toContain('Connected');
    expect((await server.repos.integrations.list(ids.a))[0]?.status).toBe('connected');

    await card.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('BigCommerce was disconnected').waitFor();
    expect(await server.repos.integrations.list(ids.a)).toEqual([]);
    await expect(card.textContent()).resolves.toContain('Not connected');

    await card.getByRole('link', { name: 'Connect' }).click();
    await attempt(STORE_HASH, TOKENS.full);
    await page.getByText(`Connected to ${STORE_NAME}.`).waitFor();
    expect(await server.repos.integrations.list(ids.a)).toHaveLength(1);
  });

  it('shows the inbox with its forwarding address', async () => {
    await go('/inboxes');
    await expect(page.locator('main').textContent()).resolves.toContain(ids.forwardingA);
    await expect(page.locator('main').textContent()).resolves.toContain(INBOX);
    await shot('inboxes');
    await expectNoAxeViolations(page, 'real inboxes');
  });

  it('an email forwarded to the receiver becomes a draft in the list without a reload', async () => {
    const customer = shippedCustomer(data);
    const messageId = `real-${Date.now()}@customer.example`;
    const subject = 'Where is my parcel?';
    // Headers arrive once the server listens for this workspace's events.
    const events = page.waitForResponse((r) => r.url() === url('/events'));
    await go('/');
    await events;
    await page.evaluate('window.__notReloaded = true');

    const raw = [
      `From: ${customer.name} <${customer.email}>`,
      `To: ${INBOX}`,
      `Subject: ${subject}`,
      `Message-ID: <${messageId}>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Hello, where is my order #${customer.orderId}? Thanks, ${customer.name}`,
      '',
    ].join('\r\n');
    const transport = createTransport({
      host: '127.0.0.1',
      port: server.smtpPort ?? 0,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({
        envelope: { from: customer.email, to: [ids.forwardingA] },
        raw,
      });
    } finally {
      transport.close();
    }

    const row = page.locator('#message-list li', { hasText: subject });
    await row.locator('.badge.drafted').waitFor({ timeout: 15_000 });
    await expect(page.evaluate('window.__notReloaded === true')).resolves.toBe(true);
    await expect(row.textContent()).resolves.toContain(customer.email);
    const [message] = await server.repos.messages.list(ids.a);
    if (!message) throw new Error('the message was not stored');
    expect(message.messageId).toBe(messageId);
    received = {
      id: message.id,
      messageId,
      orderId: customer.orderId,
      tracking: customer.tracking,
      customer: customer.email,
    };
    await shot('inbox');
    await expectNoAxeViolations(page, 'real inbox');
  });

  it('opens the message beside its store data; edits, approves and sends the reply', async () => {
    if (!received) throw new Error('no message from the previous step');
    const { orderId, tracking } = received;
    await page.locator('#message-list a', { hasText: 'Where is my parcel?' }).click();
    await page.waitForURL(url(`/messages/${received.id}`));

    const draftBox = page.getByLabel('Reply text');
    const drafted = await draftBox.inputValue();
    expect(drafted).toContain(String(orderId));
    expect(drafted).toContain(tracking);
    const context = page.locator('section[aria-labelledby="ctx-title"]');
    const contextText = (await context.textContent()) ?? '';
    expect(contextText).toContain(STORE_NAME);
    expect(contextText).toContain(received.customer);
    expect(contextText).toContain(String(orderId));
    expect(contextText).toContain(tracking);
    await shot('message');
    await expectNoAxeViolations(page, 'real message');

    const edited = `${drafted}\n\nP.S. Edited by a person in the browser.`;
    await draftBox.fill(edited);
    // A short undo window keeps the test quick; the reply leaves through the real send_draft job.
    await server.repos.settings.update(ids.a, { undoSendSeconds: 2 });
    await page.getByRole('button', { name: 'Approve & send' }).click();
    await page.getByText('Reply approved').waitFor();
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    expect(peer.received).toHaveLength(0);
    // The page follows the send by itself (countdown, then the send's event).
    await page.getByText(/^Sent /).waitFor({ timeout: 15_000 });
    await shot('message-sent');
    await expectNoAxeViolations(page, 'real message-sent');

    await waitFor(() => peer.received.length > 0, { what: 'the reply on the SMTP peer' });
    expect(peer.received).toHaveLength(1);
    const sent = peer.received[0];
    if (!sent) throw new Error('nothing sent');
    expect(sent.to).toEqual([received.customer]);
    expect(sent.from).toBe(INBOX);
    const reply = await parseEmail(sent.raw);
    expect(reply.subject).toBe('Re: Where is my parcel?');
    expect(reply.inReplyTo).toBe(received.messageId);
    expect(reply.references).toContain(received.messageId);
    expect(reply.text).toContain('P.S. Edited by a person in the browser.');
    expect(reply.text).toContain(tracking);

    const draft = await server.repos.drafts.byMessage(ids.a, received.id);
    expect(draft?.status).toBe('sent');
    // The textarea submits CRLF line breaks; the stored draft keeps the LF text that was on screen.
    expect(draft?.text).toBe(edited);
    // Reloading shows it sent, with nothing left to click that would send it again.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Approve & send' }).count()).resolves.toBe(0);
    expect(peer.received).toHaveLength(1);
  });

  it('saves settings, which survive a reload', async () => {
    await go('/settings');
    await page.getByLabel('Tone').selectOption('formal');
    await page.getByLabel('Signature').fill('Alex\nShop A support');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    await shot('settings');
    await expectNoAxeViolations(page, 'real settings');

    await page.reload();
    await expect(page.getByLabel('Tone').inputValue()).resolves.toBe('formal');
    await expect(page.getByLabel('Signature').inputValue()).resolves.toBe('Alex\nShop A support');
    const settings = await server.repos.settings.get(ids.a);
    expect(settings).toMatchObject({ tone: 'formal', signature: 'Alex\nShop A support' });
  });

  it("refuses a user of another workspace on workspace A's message", async () => {
    if (!received) throw new Error('no message from the previous step');
    const other = await launchBrowser();
    try {
      const intruder = await other.newPage();
      await signIn(intruder, USERS.b);
      await expect(intruder.locator('#message-list').textContent()).resolves.toContain('No emails yet');
      for (const target of [`/messages/${received.id}`, `/api/messages/${received.id}`]) {
        const res = await intruder.goto(url(target));
        expect([target, res?.status()]).toEqual([target, 404]);
        const body = await intruder.content();
        expect(body).not.toContain('Where is my parcel?');
        expect(body).not.toContain(received.customer);
        expect(body).not.toContain(received.tracking);
      }
      await intruder.goto(url(`/messages/${received.id}`));
      await expect(intruder.locator('h1').textContent()).resolves.toBe('Page not found');
      await shot('not-found', intruder);
      await expectNoAxeViolations(intruder, 'real not-found');
      // Chromium reports each 404 document as a failed resource; those are the refusals asserted above.
      expect(other.consoleErrors.filter((e) => !e.includes('status of 404 (Not Found)'))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('logged no console errors on any page', () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});
