/**
 * Forwarding that checks itself, in Chromium against the real composition (`startServer` with its
 * SMTP receiver): open Inboxes, copy the forwarding address, see Gmail's confirmation code after
 * it was delivered over SMTP, start "Send a test message", deliver the test message over SMTP to
 * the forwarding address and watch "arrived" appear without a reload. axe-core at desktop size
 * and at 390x844 on each state.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { silentLogger } from '../../src/shared/logger.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { sendOver } from '../servers/smtp-dialog.js';
import {
  hasHorizontalScroll,
  expectNoAxeViolations,
  expectNoAxeViolationsOnPhone,
  launchBrowser,
  SCREENSHOTS,
  type LaunchedBrowser,
} from './browser-harness.js';

const PASSWORD = 'forwarding in a browser 77';
const OWNER = 'owner@fwd-browser.test';
const DOMAIN = 'in.snoooz.test';

let server: RunningServer;
let dataDir: string;
let browser: LaunchedBrowser;
let page: Page;
let workspaceId = 0;
let inboxId = 0;
let forwardingAddress = '';

const shot = (name: string) =>
  page.screenshot({ path: path.join(SCREENSHOTS, `forwarding-${name}.png`), fullPage: true });

function mail(id: string, subject: string): string {
  return [
    'From: Shop Owner <owner@acme-outfitters.com>',
    'To: help@acme-outfitters.com',
    `Subject: ${subject}`,
    `Message-ID: <${id}@acme-outfitters.com>`,
    'Date: Sat, 05 Dec 2026 10:00:00 +0000',
    '',
    'Testing the forwarding.',
    '',
  ].join('\r\n');
}

describe('Forwarding that checks itself, in a browser', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-forwarding-browser-'));
    [server, browser] = await Promise.all([
      startServer({
        port: 0,
        host: '127.0.0.1',
        smtpPort: 0,
        smtpDomain: DOMAIN,
        dataDir,
        apiUrl: 'http://127.0.0.1:9',
        logger: silentLogger,
        env: {},
        pollMs: 50,
        watchImap: false,
        healthCheckMs: 0,
        // Offline: every DNS question for sender checks is answered "not found".
        dnsResolver: async (domain) => {
          throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
        },
      }),
      launchBrowser(),
    ]);
    const ws = await server.repos.workspaces.create({ slug: 'fwd-browser', name: 'Acme Outfitters' });
    workspaceId = ws.id;
    await server.repos.settings.update(ws.id, { timeZone: 'America/New_York' });
    const inbox = await server.repos.inboxes.create(ws.id, { name: 'Help', address: 'help@acme-outfitters.com' });
    inboxId = inbox.id;
    forwardingAddress = `inbox-${inbox.forwardingToken}@${DOMAIN}`;
    const user = await server.repos.users.create({
      email: OWNER,
      name: 'Owner',
      passwordHash: await hashPassword(PASSWORD),
    });
    await server.repos.users.setMembership(ws.id, user.id, 'owner');
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    page = await browser.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Email').fill(OWNER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${server.url}/`);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('copies the forwarding address, with instructions per provider', async () => {
    await page.goto(`${server.url}/inboxes`);
    const address = page.locator(`#forward-address-${inboxId}`);
    await expect(address.textContent()).resolves.toBe(forwardingAddress);
    await page.getByRole('button', { name: 'Copy address' }).click();
    await page.locator(`#copy-status-${inboxId}`).getByText('Copied').waitFor();
    await expect(page.evaluate<string>('navigator.clipboard.readText()')).resolves.toBe(forwardingAddress);
    // A forwarding-only inbox says how replies can go out.
    await page.getByRole('link', { name: 'add SMTP settings' }).waitFor();
    await page.getByText('Outlook or Microsoft 365').click();
    await page.getByText('block forwarding to outside addresses by default').waitFor();
    await expectNoAxeViolations(page, 'inboxes with forwarding instructions');
    await expectNoAxeViolationsOnPhone(page, 'inboxes with forwarding instructions');
    await shot('instructions');
  });

  it("shows Gmail's confirmation code once it arrived over SMTP", async () => {
    const gmail = readFileSync(new URL('../fixtures/verification/gmail-en.eml', import.meta.url));
    const result = await sendOver(server.smtpPort ?? 0, {
      from: 'forwarding-noreply@google.com',
      to: [forwardingAddress],
      message: gmail,
    });
    expect(result.data).toMatch(/^250/);
    await page.reload();
    await expect(page.locator('.confirmation-code').textContent()).resolves.toBe('482913706');
    await page.getByRole('link', { name: 'Confirm in Gmail' }).waitFor();
    // Arrival in the workspace's zone (New York), by forwarding.
    await expect(page.locator(`#last-arrival-${inboxId}`).textContent()).resolves.toMatch(
      /\d{4}-\d\d-\d\d \d\d:\d\d E[SD]T[\s\S]*by forwarding/,
    );
    await expectNoAxeViolations(page, 'inboxes with a confirmation code');
    await expectNoAxeViolationsOnPhone(page, 'inboxes with a confirmation code');
  });

  it('starts a test and sees the test message arrive live, without a reload', async () => {
    await page.getByRole('button', { name: 'Start the test' }).click();
    await page.getByText('Test started: now send an email from your own mailbox').waitFor();
    const panel = page.locator(`#check-${inboxId}`);
    await expect(panel.getAttribute('data-check-state')).resolves.toBe('pending');
    const token = (await panel.locator('.test-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^Snoooz test [A-HJ-NP-Z2-9]{4}$/);
    // The script follows the check, so the no-script Refresh link is hidden.
    await expect(panel.locator('.check-refresh').isHidden()).resolves.toBe(true);
    await expectNoAxeViolations(page, 'inboxes with a pending test');
    await expectNoAxeViolationsOnPhone(page, 'inboxes with a pending test');
    await shot('pending');

    // Marks the document: a reload would lose it.
    await page.evaluate('window.__sameDocument = true');
    const sent = await sendOver(server.smtpPort ?? 0, { to: [forwardingAddress], message: mail('test-1', token) });
    expect(sent.data).toMatch(/^250/);
    await page.locator(`#check-${inboxId}[data-check-state="passed"]`).waitFor({ timeout: 15_000 });
    await expect(panel.textContent()).resolves.toMatch(
      /arrived\s+\d{4}-\d\d-\d\d \d\d:\d\d E[SD]T\s+from owner@acme-outfitters\.com by forwarding/,
    );
    await expect(page.evaluate<boolean>('window.__sameDocument === true')).resolves.toBe(true);
    // Announced to screen readers.
    await expect(page.getByRole('status').filter({ hasText: 'Mail reaches Snoooz' }).count()).resolves.toBe(1);
    const stored = (await server.repos.messages.list(workspaceId)).find(
      (m) => m.messageId === 'test-1@acme-outfitters.com',
    );
    expect(stored?.state).toBe('skipped');
    await expectNoAxeViolations(page, 'inboxes with a passed test');
    await expectNoAxeViolationsOnPhone(page, 'inboxes with a passed test');
    await shot('passed');
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(hasHorizontalScroll(page)).resolves.toBe(false);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'forwarding-passed-phone.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(browser.consoleErrors).toEqual([]);
  });

  it('works without JavaScript: selectable address, a Refresh link, the result after refreshing', async () => {
    const plain = await launchBrowser({ javaScriptEnabled: false });
    try {
      const p = await plain.newPage();
      await p.goto(`${server.url}/login`);
      await p.getByLabel('Email').fill(OWNER);
      await p.getByLabel('Password').fill(PASSWORD);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.waitForURL(`${server.url}/`);
      await p.goto(`${server.url}/inboxes`);
      await expect(p.locator(`#forward-address-${inboxId}`).textContent()).resolves.toBe(forwardingAddress);
      await expect(p.getByRole('button', { name: 'Copy address' }).count()).resolves.toBe(0);
      await p.getByRole('button', { name: /^(Start the test|Test again)$/ }).click();
      const panel = p.locator(`#check-${inboxId}`);
      await expect(panel.getAttribute('data-check-state')).resolves.toBe('pending');
      const token = (await panel.locator('.test-token').textContent())?.trim() ?? '';
      await p.getByRole('link', { name: 'Refresh' }).waitFor();
      const sent = await sendOver(server.smtpPort ?? 0, { to: [forwardingAddress], message: mail('test-2', token) });
      expect(sent.data).toMatch(/^250/);
      await p.getByRole('link', { name: 'Refresh' }).click();
      await expect(p.locator(`#check-${inboxId}`).getAttribute('data-check-state')).resolves.toBe('passed');
      // (axe runs as page script, so it is run on the same states above, with JavaScript.)
      await expect(p.locator(`#check-${inboxId}`).textContent()).resolves.toMatch(
        /from owner@acme-outfitters\.com by forwarding/,
      );
    } finally {
      await plain.close();
    }
  });
});
