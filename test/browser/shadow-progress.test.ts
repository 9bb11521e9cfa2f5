/**
 * A shadow run started from the page, watched in a browser: the progress bar moves over the
 * run's event stream without a reload, and the page ends with the result. The mailbox read is
 * replaced (no IMAP server) and the store answers slowly (200 ms a call, like a distant API), so
 * the run takes a few seconds and its progress can be seen.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_READ_SCOPES } from '../../simulator/index.js';
import { createBigCommerceStore } from '../../src/bigcommerce/index.js';
import type { ShadowMailbox } from '../../src/shadow/index.js';
import { PASSWORD, rawEmail, TOKENS } from '../../src/web/testing/harness.js';
import { SCREENSHOTS, expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './browser-harness.js';

const EMAILS = 12;
const STORE_DELAY_MS = 200;

/** Every method of `target` answers after `ms`. */
function slow<T extends object>(target: T, ms: number): T {
  // An empty target: the store is frozen, and a proxy may not change what a frozen object holds.
  return new Proxy({} as T, {
    get(_, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        await new Promise((resolve) => setTimeout(resolve, ms));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

function pastMail(): ShadowMailbox {
  const messages = Array.from({ length: EMAILS }, (_, i) => ({
    uid: i + 1,
    raw: Buffer.from(rawEmail({ id: `past-${i}@customer.example`, subject: `Where is order ${i}?` })),
  }));
  // The team answered every other email.
  const sent = messages
    .filter((_, i) => i % 2 === 0)
    .map((_, i) => ({
      uid: i + 1,
      raw: Buffer.from(
        rawEmail({
          from: 'support@a.test',
          subject: `Re: Where is order ${i * 2}?`,
          id: `team-${i}@a.test`,
          inReplyTo: `past-${i * 2}@customer.example`,
          body: 'Hi Maya, we could not find an order under this address. Could you send the order number?',
        }),
      ),
    }));
  return { messages, sent, sentFolder: 'Sent', truncated: false };
}

/** Polls an expression in the page (waitForFunction evaluates with eval, which the CSP refuses). */
async function until(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('shadow run progress in a browser', { timeout: 90_000 }, () => {
  let h: BrowserHarness;
  let page: Page;

  beforeAll(async () => {
    h = await startBrowserHarness();
    const { repos, a } = h;
    await repos.inboxes.update(a.id, a.inboxId, {
      imap: { host: 'imap.a.test', port: 993, secure: true, user: 'support@a.test' },
      password: 'imap-pass-1234',
    });
    await repos.workspaces.enableIntegration(a.id, 'bigcommerce', 'cli');
    await repos.integrations.saveConnected(a.id, {
      storeHash: h.storeHash,
      storeName: 'Test Store',
      accessToken: TOKENS.full,
      scopes: ALL_READ_SCOPES,
    });
    h.services.shadowRunOverrides = {
      readMailbox: async () => pastMail(),
      openStore: ({ storeHash, accessToken }) =>
        slow(createBigCommerceStore({ storeHash, accessToken, apiUrl: h.sim.url }), STORE_DELAY_MS),
    };
    page = await h.newPage();
    await page.goto(`${h.baseUrl}/login`);
    await page.getByLabel('Email').fill(a.owner);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${h.baseUrl}/`);
  }, 60_000);
  afterAll(async () => h?.shutdown());

  it('the progress bar moves without a reload, and the page ends with the result', async () => {
    await page.goto(`${h.baseUrl}/shadow`);
    await page.getByRole('button', { name: 'Start shadow run' }).click();
    await page.waitForURL(/\/shadow\/runs\/\d+$/);
    const bar = page.getByRole('progressbar', { name: 'Emails read' });
    await bar.waitFor();
    // Marks this document (a reload would lose it) and samples the progress block as the run goes.
    await page.evaluate(`(() => {
      window.__notReloaded = true;
      window.__samples = [];
      setInterval(() => {
        const bar = document.getElementById('shadow-progress-bar');
        if (!bar || !bar.hasAttribute('value')) return;
        window.__samples.push({
          value: bar.value,
          counts: document.getElementById('shadow-progress-counts').textContent,
          time: document.getElementById('shadow-progress-time').textContent,
          refreshHidden: document.getElementById('shadow-progress-refresh').hidden,
        });
      }, 25);
    })()`);

    // Part-way, as it looks and to assistive technology.
    await until(page, `window.__samples.some((s) => s.value >= 1 && s.value < ${EMAILS - 2})`, 20_000);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'shadow-progress.png'), fullPage: true });
    await expectNoAxeViolations(page, 'shadow run in progress');

    // The end: the result replaces the progress, still the same document.
    await page.getByRole('heading', { name: 'Per intent' }).waitFor({ timeout: 30_000 });
    await expect(page.locator('#shadow-progress').count()).resolves.toBe(0);
    await expect(page.getByRole('heading', { name: `Emails (${EMAILS})` }).count()).resolves.toBe(1);
    await expect(page.getByRole('status').filter({ hasText: 'The shadow run finished.' }).count()).resolves.toBe(1);
    await expect(page.evaluate('window.__notReloaded === true')).resolves.toBe(true);
    type Sample = { value: number; counts: string; time: string; refreshHidden: boolean };
    const samples = await page.evaluate<Sample[]>('window.__samples');
    const values = [...new Set(samples.map((s) => s.value))];
    expect(values.length).toBeGreaterThanOrEqual(3);
    expect(values).toEqual([...values].sort((x, y) => x - y));
    const partWay = samples.find((s) => s.value >= 2 && s.value < EMAILS);
    expect(partWay?.counts).toMatch(
      new RegExp(`^${partWay?.value} of ${EMAILS} emails read · \\d+ drafted · \\d+ compared`),
    );
    expect(partWay?.time).toMatch(/left|Almost done/);
    // Live updates arrived, so the no-JavaScript Refresh link was hidden.
    expect(partWay?.refreshHidden).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'shadow-result.png'), fullPage: true });
    await expectNoAxeViolations(page, 'shadow run result');
  });

  it('logged no console errors', () => {
    expect(h.consoleErrors).toEqual([]);
  });
});
