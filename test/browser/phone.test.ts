/**
 * The app on a phone (390x844): a compact header whose navigation folds into a Menu button that
 * the keyboard opens, and on the message page the reply's Save / Approve & send in a bar at the
 * bottom of the first screen that never covers the page.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, rawEmail } from '../../src/web/testing/harness.js';
import { SCREENSHOTS, expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './browser-harness.js';

const PHONE = { width: 390, height: 844 };
const NAV = ['Inbox', 'Inboxes', 'Integrations', 'Shadow mode', 'Members', 'Audit', 'Settings'];

describe('on a phone', { timeout: 60_000 }, () => {
  let h: BrowserHarness;
  let page: Page;
  let messageId: number;
  const go = (url: string) => page.goto(h.baseUrl + url);
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `phone-${name}.png`) });
  const box = async (selector: string) => {
    const found = await page.locator(selector).first().boundingBox();
    if (!found) throw new Error(`${selector} is not rendered`);
    return found;
  };
  /** The text of the focused element (a string: this file has no DOM types). */
  const focused = () =>
    page.evaluate<string>('document.activeElement ? document.activeElement.textContent.trim() : ""');

  beforeAll(async () => {
    h = await startBrowserHarness();
    ({ messageId } = await h.services.ingestRaw({
      workspaceId: h.a.id,
      inboxId: h.a.inboxId,
      raw: Buffer.from(rawEmail({ subject: 'Where is my parcel?', id: 'phone@customer.example' })),
      source: 'http',
    }));
    await h.services.settle();
    page = await h.newPage();
    await page.goto(`${h.baseUrl}/login`);
    await page.getByLabel('Email').fill(h.a.owner);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${h.baseUrl}/`);
    await page.setViewportSize(PHONE);
  }, 60_000);
  afterAll(async () => h?.shutdown());

  it('keeps the header to one short row on every page', async () => {
    for (const url of ['/', `/messages/${messageId}`, '/inboxes', '/integrations', '/shadow', '/settings']) {
      await go(url);
      const header = await box('header.top');
      expect(header.height, url).toBeLessThanOrEqual(64);
      await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(false);
    }
    await go('/shadow');
    await expectNoAxeViolations(page, 'shadow mode at 390x844');
  });

  it('opens the menu with the keyboard and reaches every link and Sign out', async () => {
    await go('/');
    await page.keyboard.press('Tab'); // Skip to content
    await page.keyboard.press('Tab'); // the brand
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Menu');
    await page.keyboard.press('Enter');
    const menu = page.getByRole('navigation', { name: 'Main' });
    await expect(menu.isVisible()).resolves.toBe(true);
    await shot('menu-open');
    await expectNoAxeViolations(page, 'inbox with the menu open at 390x844');
    for (const label of NAV) {
      await page.keyboard.press('Tab');
      expect(await focused()).toBe(label);
    }
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Sign out');
    // The open panel lies over the page; the header itself stays one row.
    expect((await box('header.top')).height).toBeLessThanOrEqual(64);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.baseUrl}/settings`);
    await expect(menu.isVisible()).resolves.toBe(false);
  });

  it('message page: Save and Approve & send are on the first screen, in a bar that covers nothing', async () => {
    await go(`/messages/${messageId}`);
    const save = page.getByRole('button', { name: 'Save draft' });
    const send = page.getByRole('button', { name: 'Approve & send' });
    for (const button of [save, send]) {
      const b = await button.boundingBox();
      expect(b && b.y >= 0 && b.y + b.height <= PHONE.height).toBe(true);
    }
    const bar = await box('#draft-form .actions');
    expect(Math.round(bar.y + bar.height)).toBe(PHONE.height);
    await shot('message');

    // Scrolled to the end, the last thing on the page sits above the bar.
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    const end = await page.evaluate<number>(
      `document.querySelector('main').lastElementChild.getBoundingClientRect().bottom`,
    );
    expect(end).toBeLessThanOrEqual(bar.y);
    await shot('message-end');

    // Tabbing from the top scrolls each control clear of the bar, and the buttons are still in the form.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.getByLabel('Reply text').focus();
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Save draft');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Approve & send');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Regenerate');
    const regenerate = await page.getByRole('button', { name: 'Regenerate' }).boundingBox();
    expect(regenerate && regenerate.y + regenerate.height).toBeLessThanOrEqual(bar.y);
  });

  it('on a wide screen the navigation is inline and there is no Menu button', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await go('/');
    await expect(page.getByRole('navigation', { name: 'Main' }).isVisible()).resolves.toBe(true);
    await expect(page.getByText('Menu', { exact: true }).isVisible()).resolves.toBe(false);
    expect((await box('header.top')).height).toBeLessThanOrEqual(64);
    // The reply's buttons are back in the page flow.
    await go(`/messages/${messageId}`);
    await expect(
      page.evaluate<string>(`getComputedStyle(document.querySelector('#draft-form .actions')).position`),
    ).resolves.toBe('static');
  });

  it('logged no console errors', () => {
    expect(h.consoleErrors).toEqual([]);
  });
});
