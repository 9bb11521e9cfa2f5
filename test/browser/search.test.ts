/**
 * Search and paging in Chromium: "/" focuses the search box, a search by order number finds the
 * message, paging through 250 messages with Older visits each once, and axe-core finds nothing
 * on the results, on a desktop and at 390x844.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD } from '../../src/web/testing/harness.js';
import {
  expectNoAxeViolations,
  expectNoAxeViolationsOnPhone,
  startBrowserHarness,
  type BrowserHarness,
} from './browser-harness.js';

describe('search and paging in a browser', { timeout: 120_000 }, () => {
  let h: BrowserHarness;
  let page: Page;
  const ids: number[] = [];

  beforeAll(async () => {
    h = await startBrowserHarness();
    // Seeded through the repository: fast, and each with its own time.
    const base = Date.UTC(2025, 3, 1);
    for (let i = 0; i < 250; i += 1) {
      const order = 60_000 + i;
      const stored = await h.repos.messages.storeIncoming(h.a.id, h.a.inboxId, {
        messageId: `<browser-${i}@example.com>`,
        fromAddress: `customer${i}@example.com`,
        fromName: `Customer ${i}`,
        subject: `Question ${i}`,
        receivedAt: new Date(base + i * 60_000),
        raw: `Message-ID: <browser-${i}@example.com>\r\n\r\nx`,
        bodyText: `Hello, where is order #${order}? Thanks`,
      });
      ids.push(stored.message.id);
    }
    page = await h.newPage();
    await page.goto(`${h.baseUrl}/login`);
    await page.getByLabel('Email').fill(h.a.owner);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${h.baseUrl}/`);
  }, 90_000);
  afterAll(async () => h?.shutdown());

  const rowIds = () =>
    page.$$eval('#message-list > li', (rows) => rows.map((li) => Number(li.getAttribute('data-id'))));

  it('finds a message by order number from the search box ("/" focuses it)', async () => {
    await page.keyboard.press('/');
    expect(await page.evaluate<string>('document.activeElement.id')).toBe('search-q');
    await page.keyboard.type('#60123');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?q=%2360123/);
    expect(await rowIds()).toEqual([ids[123]]);
    await expect(page.locator('#message-list li .subject').first().textContent()).resolves.toBe('Question 123');
    await expectNoAxeViolations(page, 'search results');
    await expectNoAxeViolationsOnPhone(page, 'search results (phone)');
    await page.locator('#message-list li a').first().click();
    await page.waitForURL(new RegExp(`/messages/${ids[123]}$`));
  });

  it('pages through 250 messages with Older, each once, and back with Newer', async () => {
    await page.goto(`${h.baseUrl}/?queue=all`);
    const visited: number[] = [];
    for (let n = 0; n < 3; n += 1) {
      visited.push(...(await rowIds()));
      if (n < 2) {
        await page.getByRole('link', { name: 'Older' }).click();
        await page.waitForURL(/before=/);
      }
    }
    expect(await page.locator('#older-link').isHidden()).toBe(true);
    expect(visited).toEqual([...ids].reverse());
    await page.getByRole('link', { name: 'Newer' }).click();
    await page.waitForURL(/after=/);
    expect(await rowIds()).toEqual([...ids].reverse().slice(100, 200));
    await expectNoAxeViolations(page, 'older page');
    expect(h.consoleErrors).toEqual([]);
  });
});
