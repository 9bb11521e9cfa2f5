/**
 * The demo (what `npm start` runs) in a browser: `runDemo` on a fresh data directory with the
 * login given the way SNOOOZ_DEMO_EMAIL / SNOOOZ_DEMO_PASSWORD give it, then chromium signs in
 * through the fields labelled Email and Password and finds the sample emails already drafted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INBOX, runDemo, type RunningDemo } from '../../src/cli/commands/demo.js';
import { DEMO_STORE } from '../../src/cli/demo-store.js';
import { silentLogger } from '../../src/shared/logger.js';
import { expectNoAxeViolations, launchBrowser, SCREENSHOTS, type LaunchedBrowser } from './browser-harness.js';

const LOGIN = { email: 'tester@demo.example', password: 'demo-pass-7f3k2q' };

let demo: RunningDemo;
let dataDir: string;
let browser: LaunchedBrowser;
let page: Page;

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-demo-browser-'));
  [demo, browser] = await Promise.all([
    runDemo({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      smtpPort: 0,
      smtpDomain: 'snoooz.localhost',
      logger: silentLogger,
      email: LOGIN.email,
      password: LOGIN.password,
      processTimeoutMs: 45_000,
    }),
    launchBrowser(),
  ]);
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await demo?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the demo in a browser', { timeout: 60_000 }, () => {
  it('prepared the demo workspace with the given login and processed every sample', async () => {
    expect(demo.login).toEqual(LOGIN);
    expect(demo.inbox.address).toBe(DEMO_INBOX);
    expect(demo.samples.total).toBeGreaterThanOrEqual(3);
    expect(demo.samples.new).toBe(demo.samples.total);
    const pending = await demo.server.repos.messages.list(demo.workspaceId, { state: ['received', 'processing'] });
    expect(pending).toEqual([]);
  });

  it('signs in with the printed credentials and shows the sample emails with drafts', async () => {
    await page.goto(demo.server.url);
    expect(page.url()).toContain('/login');
    // The login page repeats what the console printed.
    await expect(page.locator('.banner').first().textContent()).resolves.toContain(LOGIN.email);
    await page.getByLabel('Email').fill(LOGIN.email);
    await page.getByLabel('Password').fill(LOGIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${demo.server.url}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Inbox');

    // The home page is the queue of messages to work on; "All" lists every sample.
    const todo = await page.locator('#message-list li').count();
    expect(todo).toBeGreaterThan(0);
    await page.locator('a[data-queue="all"]').click();
    await page.waitForURL(`${demo.server.url}/?queue=all`);
    const rows = page.locator('#message-list li');
    await expect(rows.count()).resolves.toBe(demo.samples.total);
    expect(todo).toBeLessThanOrEqual(demo.samples.total);
    const drafted = await page.locator('#message-list .badge.drafted').count();
    expect(drafted).toBeGreaterThanOrEqual(3);
    await shot('demo-inbox');
    await expectNoAxeViolations(page, 'demo-inbox');
  });

  it('opens a drafted sample beside its store data', async () => {
    // The "where is my order" sample: a registered customer whose latest order has shipped.
    const subject = 'Where is my order?';
    const row = page.locator('#message-list li', { hasText: subject });
    await expect(row.locator('.badge.drafted').count()).resolves.toBe(1);
    await row.locator('a').click();
    await page.waitForURL(/\/messages\/\d+$/);
    await expect(page.locator('#mail-title').textContent()).resolves.toBe(subject);

    const draft = await page.getByLabel('Reply text').inputValue();
    expect(draft.length).toBeGreaterThan(40);
    // The demo signature from the seeded settings.
    expect(draft).toContain(`${DEMO_STORE.name} support`);
    const context = (await page.locator('section[aria-labelledby="ctx-title"]').textContent()) ?? '';
    expect(context).toContain(DEMO_STORE.name);
    const order = /#(\d+)/.exec(context)?.[1];
    expect(order).toBeTruthy();
    expect(draft).toContain(String(order));
    await expect(page.getByRole('button', { name: 'Approve & send' }).count()).resolves.toBe(1);
    await shot('demo-message');
    await expectNoAxeViolations(page, 'demo-message');
  });

  it('logged no console errors', () => {
    expect(browser.consoleErrors).toEqual([]);
  });
});
