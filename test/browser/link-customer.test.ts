/**
 * Linking the right customer by hand, in Chromium on the real server (`startServer`: SQLite in a
 * temp dir, the job worker, the real pipeline) against the BigCommerce simulator. A customer
 * writes from an address the store does not know about an order that has shipped; the first
 * draft cannot use that order. An agent (not an owner) searches the store by the order number in
 * the Customer card, links the customer it finds, and the regenerated draft names the order's
 * tracking number; the evidence says the agent linked the customer, and the earlier draft is
 * kept under Versions.
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
import { expectNoAxeViolations, launchBrowser, SCREENSHOTS, type LaunchedBrowser } from './browser-harness.js';

const STORE = { hash: 'linkbrowserstore', name: 'Link Test Outfitters', token: 'linkbrowsertokenabcdefghijklmno1' };
const PASSWORD = 'correct horse battery staple';
const AGENT = { email: 'ana@link-shop.example', name: 'Ana Agent' };
const OWNER = 'owner@link-shop.example';
const INBOX = 'support@link-shop.example';
const SENDER = 'kate.at.work@office-elsewhere.example';
const API_TOKEN = 'snz_linkbrowsertokenabcdefghijklm';

let simulator: Simulator;
let data: StoreData;
let server: RunningServer;
let dataDir: string;
let browser: LaunchedBrowser;
let page: Page;
let workspaceId = 0;
let inboxId = 0;
let agentId = 0;

const url = (p: string) => server.url + p;
const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `link-${name}.png`), fullPage: true });

/** A registered customer's newest order that has shipped with a tracking number. */
function shippedOrder(store: StoreData) {
  for (const order of [...store.orders].sort((x, y) => y.id - x.id)) {
    const customer = store.customers.find((c) => c.id === order.customer_id);
    const newestOfCustomer = store.orders
      .filter((o) => o.customer_id === order.customer_id)
      .every((o) => o.id <= order.id);
    const tracking = order.shipments?.find((s) => s.tracking_number)?.tracking_number;
    if (customer && newestOfCustomer && order.status_id === 2 && tracking) {
      return { orderId: order.id, tracking, customer };
    }
  }
  throw new Error('The generated store has no shipped order with tracking');
}

beforeAll(async () => {
  data = generateStore({ customers: 30, seed: 41, hash: STORE.hash, name: STORE.name });
  [simulator, browser] = await Promise.all([
    startSimulator({
      stores: [{ data, tokens: [{ token: STORE.token, scopes: ALL_READ_SCOPES }] }],
      rateLimit: null,
    }),
    launchBrowser(),
  ]);
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-link-browser-'));
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    smtpPort: 0,
    smtpDomain: 'snoooz.localhost',
    dataDir,
    apiUrl: simulator.url,
    logger: silentLogger,
    env: {},
    pollMs: 50,
    watchImap: false,
    healthCheckMs: 0,
  });
  const { repos } = server;
  const hash = await hashPassword(PASSWORD);
  const workspace = await repos.workspaces.create({ slug: 'link-shop', name: 'Link Shop' });
  workspaceId = workspace.id;
  const owner = await repos.users.create({ email: OWNER, name: 'Olive Owner', passwordHash: hash });
  await repos.users.setMembership(workspaceId, owner.id, 'owner');
  const agent = await repos.users.create({ email: AGENT.email, name: AGENT.name, passwordHash: hash });
  await repos.users.setMembership(workspaceId, agent.id, 'agent');
  agentId = agent.id;
  inboxId = (await repos.inboxes.create(workspaceId, { name: 'Support', address: INBOX })).id;
  await repos.workspaces.enableIntegration(workspaceId, 'bigcommerce', 'cli');
  await repos.integrations.saveConnected(workspaceId, {
    storeHash: STORE.hash,
    storeName: STORE.name,
    accessToken: STORE.token,
    scopes: ALL_READ_SCOPES,
  });
  await repos.auth.createApiToken(workspaceId, {
    tokenHash: hashToken(API_TOKEN),
    name: 'link',
    last4: API_TOKEN.slice(-4),
    scopes: ['read', 'draft'],
  });
  page = await browser.newPage();
  await page.goto(url('/login'));
  await page.getByLabel('Email').fill(AGENT.email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(url('/'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await simulator?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('link the right customer in a browser', { timeout: 60_000 }, () => {
  it('an agent finds the customer by order number, links them, and the new draft uses their order', async () => {
    const { orderId, tracking, customer } = shippedOrder(data);
    const raw = [
      `From: Kate <${SENDER}>`,
      `To: ${INBOX}`,
      'Subject: Where is my parcel?',
      `Message-ID: <link-${Date.now()}@office-elsewhere.example>`,
      'Date: Mon, 02 Mar 2026 10:00:00 +0000',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `Hello, where is my order #${orderId}? I am writing from my work address.`,
      '',
    ].join('\r\n');
    const res = await fetch(url(`/api/inboxes/${inboxId}/messages`), {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(res.status).toBe(202);
    const { messageId } = (await res.json()) as { messageId: number };
    const deadline = Date.now() + 20_000;
    while (!(await server.repos.drafts.byMessage(workspaceId, messageId))) {
      if (Date.now() > deadline) throw new Error('no draft was written');
      await new Promise((r) => setTimeout(r, 100));
    }

    // The sender is unknown to the store: the first draft has none of the order's facts.
    await page.goto(url(`/messages/${messageId}`));
    const card = page.locator('#customer-link');
    await expect(card.textContent()).resolves.toContain('No store customer has the sender');
    expect(await page.getByLabel('Reply text').inputValue()).not.toContain(tracking);

    await card.getByLabel('Search by').selectOption('order');
    await card.getByLabel('Search the store').fill(`#${orderId}`);
    await card.getByRole('button', { name: 'Search' }).click();
    const found = card.locator(`li[data-customer="${customer.id}"]`);
    await found.waitFor();
    await expect(card.textContent()).resolves.toContain(`Order #${orderId}`);
    await expect(found.textContent()).resolves.toContain(customer.email);
    await shot('search');
    await expectNoAxeViolations(page, 'link search results');

    await found.getByRole('button', { name: 'Link to this conversation' }).click();
    await page.waitForURL(url(`/messages/${messageId}?done=linked`));
    await page.getByText('Customer linked').first().waitFor();

    // The regenerated draft uses the linked customer's order; the reply still goes to the sender.
    const drafted = await page.getByLabel('Reply text').inputValue();
    expect(drafted).toContain(String(orderId));
    expect(drafted).toContain(tracking);
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await expect(evidence.textContent()).resolves.toMatch(new RegExp(`linked by ${AGENT.name}`, 'i'));
    await expect(
      evidence.locator('[data-evidence-text] mark', { hasText: String(orderId) }).count(),
    ).resolves.toBeGreaterThan(0);
    await expect(card.textContent()).resolves.toContain(`Linked by ${AGENT.name}`);
    await shot('linked');
    await expectNoAxeViolations(page, 'link linked');

    // Stored: the link, the evidence naming who linked, the earlier draft in the history, the audit entry.
    const draft = await server.repos.drafts.byMessage(workspaceId, messageId);
    expect((draft?.evidence as { customerLink?: unknown } | null)?.customerLink).toMatchObject({
      customerId: customer.id,
      linkedBy: AGENT.name,
    });
    expect((draft?.context as { senderEmail?: string } | null)?.senderEmail).toBe(SENDER);
    expect((await server.repos.drafts.versions(workspaceId, draft?.id ?? 0)).length).toBeGreaterThanOrEqual(2);
    const audit = await server.repos.audit.list(workspaceId, { limit: 20 });
    expect(audit.find((a) => a.action === 'customer.linked')).toMatchObject({
      actor: `user:${agentId}`,
      detail: expect.objectContaining({ customerId: customer.id }),
    });
    expect(browser.consoleErrors).toEqual([]);
  });
});
