/**
 * Trust features on the real server in a browser: `startServer` (SQLite in a temp dir, the job
 * worker, the SMTP receiver) with a BigCommerce simulator holding two stores and an SMTP peer.
 * Two stores are connected through the pages and the inbox looks senders up in all of them; a
 * customer of the second store gets a draft about their order, with the evidence panel (marked
 * facts, withheld fields, data age). Settings show why auto-send cannot be switched on yet, the
 * shadow mode page offers its form (and refuses another workspace's run), and the webhooks page
 * explains SNOOOZ_PUBLIC_URL when it is unset.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { hashToken } from '../../src/db/index.js';
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
import { expectNoAxeViolations, launchBrowser, SCREENSHOTS, type LaunchedBrowser } from './browser-harness.js';

const STORE_A = { hash: 'trustastore', name: 'Trust Alpha Outfitters', token: 'trustalphatokenabcdefghijklmno1' };
const STORE_B = { hash: 'trustbstore', name: 'Trust Beta Supplies', token: 'trustbetatokenabcdefghijklmnop2' };
const PASSWORD = 'correct horse battery staple';
const USERS = { a: 'owner@trust-a.example', b: 'owner@trust-b.example' };
const INBOX = 'support@trust-a.example';
const SMTP_LOGIN = { user: INBOX, password: 'smtp-pass-1234' };
const API_TOKEN = 'snz_trusttesttokenabcdefghijklmnop';

let simulator: Simulator;
let dataA: StoreData;
let dataB: StoreData;
let peer: SmtpPeer;
let server: RunningServer;
let dataDir: string;
let browser: LaunchedBrowser;
let page: Page;
let ids: { a: number; b: number; inboxA: number; inboxB: number };
let received: { id: number; orderId: number; email: string } | null = null;

const url = (p: string) => server.url + p;
const go = (p: string) => page.goto(url(p));
const shot = (name: string, on: Page = page) =>
  on.screenshot({ path: path.join(SCREENSHOTS, `trust-${name}.png`), fullPage: true });

/** A registered customer of `store` (and not of `other`) whose newest order has shipped with tracking. */
function shippedCustomer(store: StoreData, other: StoreData) {
  const elsewhere = new Set(other.customers.map((c) => c.email.toLowerCase()));
  const newest = [...store.orders].sort((x, y) => y.id - x.id);
  for (const customer of store.customers) {
    if (elsewhere.has(customer.email.toLowerCase())) continue;
    const latest = newest.find((o) => o.customer_id === customer.id);
    const tracking = latest?.shipments?.find((s) => s.tracking_number)?.tracking_number;
    if (latest && latest.status_id === 2 && tracking) {
      return { email: customer.email, name: `${customer.first_name} ${customer.last_name}`, orderId: latest.id };
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
  dataA = generateStore({ customers: 30, seed: 21, hash: STORE_A.hash, name: STORE_A.name });
  dataB = generateStore({ customers: 30, seed: 37, hash: STORE_B.hash, name: STORE_B.name });
  [simulator, peer, browser] = await Promise.all([
    startSimulator({
      stores: [
        { data: dataA, tokens: [{ token: STORE_A.token, scopes: ALL_READ_SCOPES }] },
        { data: dataB, tokens: [{ token: STORE_B.token, scopes: ALL_READ_SCOPES }] },
      ],
      rateLimit: null,
    }),
    startSmtpPeer({ auth: SMTP_LOGIN }),
    launchBrowser(),
  ]);
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-trust-browser-'));
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

  const { repos } = server;
  const hash = await hashPassword(PASSWORD);
  const a = await repos.workspaces.create({ slug: 'trust-a', name: 'Trust A' });
  const b = await repos.workspaces.create({ slug: 'trust-b', name: 'Trust B' });
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
  // An inbox with IMAP settings (never contacted: no watcher, no run started) so shadow mode offers its form.
  await repos.inboxes.create(a.id, {
    name: 'Archive',
    address: 'archive@trust-a.example',
    imap: { host: '127.0.0.1', port: 1, secure: false, user: 'archive@trust-a.example' },
    password: 'imap-pass-1234',
  });
  const inboxB = await repos.inboxes.create(b.id, { name: 'Support', address: 'support@trust-b.example' });
  await repos.auth.createApiToken(a.id, {
    tokenHash: hashToken(API_TOKEN),
    name: 'trust',
    last4: API_TOKEN.slice(-4),
    scopes: ['read', 'draft'],
  });
  await repos.workspaces.enableIntegration(a.id, 'bigcommerce', 'cli');
  ids = { a: a.id, b: b.id, inboxA: inbox.id, inboxB: inboxB.id };
  page = await browser.newPage();
  await signIn(page, USERS.a);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([simulator?.close(), peer?.close()]);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('trust features on the real server in a browser', { timeout: 60_000 }, () => {
  it('connects two stores and maps the inbox to all of them', async () => {
    await go('/integrations');
    await page.locator('#bigcommerce-card').getByRole('link', { name: 'Connect', exact: true }).click();
    await page.getByLabel('Store hash').fill(STORE_A.hash);
    await page.getByLabel('Access token').fill(STORE_A.token);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText(`Connected to ${STORE_A.name}.`).waitFor();

    await page.getByRole('link', { name: 'Connect another store' }).click();
    await page.getByRole('heading', { name: 'Connect another BigCommerce store' }).waitFor();
    await page.getByLabel('Store hash').fill(STORE_B.hash);
    await page.getByLabel('Access token').fill(STORE_B.token);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByText(`Connected to ${STORE_B.name}.`).waitFor();

    await go('/integrations');
    const cards = page.locator('article[data-integration-id]');
    await expect(cards.count()).resolves.toBe(2);
    await page.getByText(`BigCommerce · ${STORE_A.name}`).waitFor();
    await page.getByText(`BigCommerce · ${STORE_B.name}`).waitFor();
    await expect(page.locator('#connect-another').textContent()).resolves.toContain('2 stores are');
    expect((await server.repos.integrations.list(ids.a)).map((i) => i.storeHash).sort()).toEqual(
      [STORE_A.hash, STORE_B.hash].sort(),
    );
    await shot('integrations-two-stores');
    await expectNoAxeViolations(page, 'trust integrations-two-stores');

    // First only store A, then every connected store; each choice survives a reload.
    const integrationA = (await server.repos.integrations.list(ids.a)).find((i) => i.storeHash === STORE_A.hash);
    if (!integrationA) throw new Error('store A is not connected');
    const select = page.locator(`#store-${ids.inboxA}`);
    for (const [choice, value] of [
      [String(integrationA.id), String(integrationA.id)],
      ['all', 'all'],
    ] as const) {
      await go('/inboxes');
      await select.selectOption(choice);
      const saved = page.waitForResponse(
        (r) => r.url() === url(`/inboxes/${ids.inboxA}/store`) && r.request().method() === 'POST',
      );
      await select.locator('xpath=..').getByRole('button', { name: 'Save' }).click();
      await saved;
      await page.waitForLoadState('load');
      await go('/inboxes');
      await expect(select.inputValue()).resolves.toBe(value);
    }
    await expect(select.locator('option:checked').textContent()).resolves.toBe('Look up in all connected stores');
    await shot('inboxes-all-stores');
    await expectNoAxeViolations(page, 'trust inboxes-all-stores');
  });

  it("drafts a reply for a customer of the second store, naming that store's order", async () => {
    const customer = shippedCustomer(dataB, dataA);
    const raw = [
      `From: ${customer.name} <${customer.email}>`,
      `To: ${INBOX}`,
      'Subject: Trust check: where is my order?',
      `Message-ID: <trust-${Date.now()}@customer.example>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Hello, where is my order #${customer.orderId}? Thanks, ${customer.name}`,
      '',
    ].join('\r\n');
    const res = await fetch(url(`/api/inboxes/${ids.inboxA}/messages`), {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(res.status).toBe(202);
    const { messageId } = (await res.json()) as { messageId: number };
    received = { id: messageId, orderId: customer.orderId, email: customer.email };

    // Wait for the draft, then open the message page.
    const deadline = Date.now() + 20_000;
    while (!(await server.repos.drafts.byMessage(ids.a, messageId))) {
      if (Date.now() > deadline) throw new Error('no draft was written');
      await new Promise((r) => setTimeout(r, 100));
    }
    await go(`/messages/${messageId}`);
    const drafted = await page.getByLabel('Reply text').inputValue();
    expect(drafted).toContain(String(customer.orderId));
    const context = (await page.locator('section[aria-labelledby="ctx-title"]').textContent()) ?? '';
    expect(context).toContain(STORE_B.name);
    expect(context).not.toContain(STORE_A.name);
    expect(context).toContain(customer.email);
    expect(context).toContain(String(customer.orderId));
    await shot('message-store-b');
    await expectNoAxeViolations(page, 'trust message-store-b');
  });

  it('shows the evidence: the order number marked, what was withheld and how old the data is', async () => {
    if (!received) throw new Error('no message from the previous step');
    await go(`/messages/${received.id}`);
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.waitFor();
    const marks = evidence.locator('[data-evidence-text] mark', { hasText: String(received.orderId) });
    await expect(marks.count()).resolves.toBeGreaterThan(0);
    await expect(marks.first().isVisible()).resolves.toBe(true);
    await evidence.getByRole('heading', { name: 'Withheld' }).waitFor();
    const withheld = evidence.locator('ul.withheld li');
    await expect(withheld.count()).resolves.toBeGreaterThan(0);
    await expect(withheld.first().isVisible()).resolves.toBe(true);
    const age = (await evidence.locator('.data-age').textContent()) ?? '';
    expect(age.replace(/\s+/g, ' ')).toMatch(/Store data read (just now|\d+ (minute|hour|day)s? ago)/);
    await expect(evidence.locator('.data-age time').getAttribute('datetime')).resolves.toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await evidence.scrollIntoViewIfNeeded();
    await shot('evidence');
    await expectNoAxeViolations(page, 'trust evidence');
  });

  it('settings: auto-send for an intent without earned acceptance is disabled, with the reason shown', async () => {
    await go('/settings');
    const row = page.locator('tr[data-intent="order_status"]');
    const box = row.locator('input[name="autoSendIntents"]');
    await expect(box.isDisabled()).resolves.toBe(true);
    await expect(box.getAttribute('aria-describedby')).resolves.toBe('why-order_status');
    const why = page.locator('#why-order_status');
    await expect(why.isVisible()).resolves.toBe(true);
    await expect(why.textContent()).resolves.toContain('Not enough evidence');
    const never = page.locator('#why-refund_request');
    await expect(never.textContent()).resolves.toContain('never auto-sent');
    await expect(page.locator('tr[data-intent="refund_request"] input').isDisabled()).resolves.toBe(true);
    await shot('settings-autonomy');
    await expectNoAxeViolations(page, 'trust settings-autonomy');
  });

  it("shadow mode: the nav link, the start form, and another workspace's run is a 404", async () => {
    await go('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shadow mode' }).click();
    await page.waitForURL(url('/shadow'));
    await page.getByRole('heading', { name: 'Shadow mode', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Start a run' }).waitFor();
    await expect(page.getByLabel('Inbox').textContent()).resolves.toContain('archive@trust-a.example');
    await expect(page.getByLabel('IMAP folder').getAttribute('placeholder')).resolves.toBe('INBOX');
    await expect(page.getByLabel('From (inclusive)').getAttribute('type')).resolves.toBe('date');
    await expect(page.getByLabel('Until (exclusive)').getAttribute('type')).resolves.toBe('date');
    await page.getByRole('button', { name: 'Start shadow run' }).waitFor();
    await page.getByText('No shadow runs yet.').waitFor();
    await shot('shadow');
    await expectNoAxeViolations(page, 'trust shadow');

    const other = await server.repos.shadow.createRun(ids.b, {
      inboxId: ids.inboxB,
      folder: 'INBOX',
      createdBy: USERS.b,
    });
    const probe = await browser.newPage();
    try {
      const res = await probe.goto(url(`/shadow/runs/${other.id}`));
      expect(res?.status()).toBe(404);
      await expect(probe.locator('h1').textContent()).resolves.toBe('Page not found');
      await shot('shadow-other-404', probe);
      await expectNoAxeViolations(probe, 'trust shadow-other-404');
    } finally {
      await probe.close();
    }
    // Chromium logs the 404 document as a failed resource; that is the refusal asserted above.
    const index = browser.consoleErrors.findIndex((e) => e.includes('status of 404 (Not Found)'));
    if (index >= 0) browser.consoleErrors.splice(index, 1);
  });

  it('webhooks: not registered, and explains SNOOOZ_PUBLIC_URL when it is unset', async () => {
    await go('/integrations');
    const [first] = await server.repos.integrations.list(ids.a);
    if (!first) throw new Error('no integration');
    await page
      .locator(`article[data-integration-id="${first.id}"]`)
      .getByRole('link', { name: 'Webhooks (optional)' })
      .click();
    await page.waitForURL(url(`/integrations/${first.id}/webhooks`));
    await page.getByRole('heading', { name: 'BigCommerce webhooks' }).waitFor();
    await expect(page.locator('#webhooks-status').textContent()).resolves.toBe('Not registered');
    const notice = page.locator('#webhooks-card .notice');
    await expect(notice.isVisible()).resolves.toBe(true);
    await expect(notice.textContent()).resolves.toContain('SNOOOZ_PUBLIC_URL');
    await expect(page.getByRole('button', { name: 'Register webhooks' }).isDisabled()).resolves.toBe(true);
    await shot('webhooks');
    await expectNoAxeViolations(page, 'trust webhooks');
  });

  it('logged no console errors on any page', () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});
