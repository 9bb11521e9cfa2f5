import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/db/index.js';
import { PASSWORD, rawEmail, TOKENS } from '../../src/web/testing/harness.js';
import {
  SCREENSHOTS,
  expectNoAxeViolations,
  expectNoAxeViolationsOnPhone,
  hasHorizontalScroll,
  startBrowserHarness,
  type BrowserHarness,
} from './browser-harness.js';

describe('Snoooz in a browser', { timeout: 60_000 }, () => {
  let h: BrowserHarness;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const go = (url: string) => page.goto(h.baseUrl + url);

  beforeAll(async () => {
    h = await startBrowserHarness();
    page = await h.newPage();
  }, 60_000);
  afterAll(async () => h?.shutdown());

  /** Posts a raw email to workspace A's inbox through the API, as a draft-scoped token; its message id. */
  let apiToken: string | null = null;
  async function postEmail(raw: string): Promise<number> {
    if (!apiToken) {
      apiToken = 'snz_browsertesttokenabcdefghijklmnop';
      await h.repos.auth.createApiToken(h.a.id, {
        tokenHash: hashToken(apiToken),
        name: 'test',
        last4: apiToken.slice(-4),
        scopes: ['draft'],
      });
    }
    const res = await fetch(`${h.baseUrl}/api/inboxes/${h.a.inboxId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { messageId: number }).messageId;
  }

  /** Waits until the pipeline has written a draft for the message. */
  async function waitForDraft(messageId: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await h.repos.drafts.byMessage(h.a.id, messageId))) {
      if (Date.now() > deadline) throw new Error(`no draft for message ${messageId}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('signs in with the keyboard only', async () => {
    await go('/');
    expect(page.url()).toContain('/login');
    await shot('login');
    await expectNoAxeViolations(page, 'login');
    // The email field has focus on load; Tab reaches the password, Enter submits.
    await page.keyboard.type(h.a.owner);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.baseUrl}/`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Inbox');
  });

  it('integrations: absent card and how to request it until enabled', async () => {
    await go('/integrations');
    await expect(page.getByText('Global Integrations').count()).resolves.toBe(1);
    await expect(page.locator('#bigcommerce-card').count()).resolves.toBe(0);
    await expect(page.getByText('available by request').count()).resolves.toBeGreaterThan(0);
    await shot('integrations-not-enabled');
    await expectNoAxeViolations(page, 'integrations-not-enabled');
  });

  it('connects BigCommerce after three wrong attempts, then disconnects', async () => {
    await h.repos.workspaces.enableIntegration(h.a.id, 'bigcommerce', 'cli');
    await go('/integrations');
    await page.locator('#bigcommerce-card').getByRole('link', { name: 'Connect' }).click();
    const attempt = async (hash: string, token: string, expected: string) => {
      await page.getByLabel('Store hash').fill(hash);
      await page.getByLabel('Access token').fill(token);
      await page.getByRole('button', { name: 'Connect' }).click();
      await page.getByText(expected).first().waitFor();
    };
    await attempt('wronghash1', TOKENS.full, 'Wrong store hash');
    await attempt(h.storeHash, TOKENS.unknown, 'Access token not accepted');
    await attempt(h.storeHash, TOKENS.noOrders, 'Missing scope: Orders');
    await shot('integrations-connect-error');
    await expectNoAxeViolations(page, 'integrations-connect-error');
    expect(await h.repos.integrations.list(h.a.id)).toEqual([]);
    await attempt(`https://api.bigcommerce.com/stores/${h.storeHash}/v3/customers`, TOKENS.full, 'Connected to');
    await expect(page.locator('#bigcommerce-card').textContent()).resolves.toContain(`••••${TOKENS.full.slice(-4)}`);
    await shot('integrations-connected');
    await expectNoAxeViolations(page, 'integrations-connected');
    await page.getByRole('button', { name: 'Re-test' }).click();
    await page.getByText('Connected to').first().waitFor();
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await page.getByText('BigCommerce was disconnected').waitFor();
    expect(await h.repos.integrations.list(h.a.id)).toEqual([]);
  });

  it('an email arrives and its draft appears live; edit, approve and send', async () => {
    // The /events headers arrive once the server listens for this workspace's events.
    const events = page.waitForResponse((r) => r.url() === `${h.baseUrl}/events`);
    await go('/');
    await events;
    const messageId = await postEmail(rawEmail({ subject: 'Where is my parcel?' }));
    // No reload: the list is refreshed over Server-Sent Events, first received, then drafted.
    await page.locator('#message-list .badge.drafted').first().waitFor({ timeout: 10_000 });
    await expect(page.locator('#message-list').textContent()).resolves.toContain('Where is my parcel?');
    await shot('inbox');
    await expectNoAxeViolations(page, 'inbox');
    await expectNoAxeViolationsOnPhone(page, 'inbox');

    await page.getByRole('link', { name: /Where is my parcel/ }).click();
    // The evidence panel beside the draft: the store facts marked in a read-only preview.
    const evidence = page.getByRole('region', { name: 'Evidence' });
    await evidence.waitFor();
    await expect(evidence.getByText(/Store data read/).count()).resolves.toBe(1);
    await expect(evidence.locator('mark').count()).resolves.toBeGreaterThan(0);
    await expect(evidence.locator('mark', { hasText: '1Z999' }).first().getAttribute('title')).resolves.toContain(
      'trackingNumber',
    );
    await shot('message-evidence');
    await expectNoAxeViolations(page, 'message-evidence');
    await page.getByLabel('Reply text').fill('Hi Maya,\n\nYour order #101 shipped with UPS (1Z999).\n\nAcme');
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 1 });
    await page.getByRole('button', { name: 'Approve & send' }).click();
    await page.getByText('Reply approved').waitFor();
    // The undo window ends, the send_draft job sends it and the page follows by itself.
    await page.getByText(/^Sent /).waitFor({ timeout: 10_000 });
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    expect(draft?.status).toBe('sent');
    expect(draft?.text).toContain('shipped with UPS (1Z999)');
    expect(h.services.calls.sent).toEqual([draft?.id]);
    await shot('message');
    await expectNoAxeViolations(page, 'message (sent)');
  });

  it('Enter in the subject field saves the draft and never sends it', async () => {
    const sentBefore = [...h.services.calls.sent];
    const messageId = await postEmail(
      rawEmail({ subject: 'Has my order shipped yet?', id: 'enter-key@customer.example' }),
    );
    await waitForDraft(messageId);
    await go(`/messages/${messageId}`);
    await page.getByLabel('Subject').fill('Re: Has my order shipped yet? (edited)');
    await page.getByLabel('Subject').press('Enter');
    await page.getByText('Draft saved.').waitFor();
    await expectNoAxeViolationsOnPhone(page, 'message (editable draft)');
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    expect(draft?.status).toBe('pending');
    expect(draft?.subject).toBe('Re: Has my order shipped yet? (edited)');
    expect(h.services.calls.sent).toEqual(sentBefore);
  });

  it('saves settings', async () => {
    await go('/settings');
    await page.getByLabel('Tone').selectOption('formal');
    await page.getByLabel('Business name').fill('Acme Outfitters');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect((await h.repos.settings.get(h.a.id)).businessName).toBe('Acme Outfitters');
    await shot('settings');
    await expectNoAxeViolations(page, 'settings');
    await expectNoAxeViolationsOnPhone(page, 'settings');
  });

  it('shows inboxes with the forwarding address', async () => {
    await go('/inboxes');
    await expect(page.locator('main').textContent()).resolves.toContain('@in.snoooz.test');
    await shot('inboxes');
    await expectNoAxeViolations(page, 'inboxes');
  });

  it('refuses a user of another workspace', async () => {
    const [message] = await h.repos.messages.list(h.a.id);
    const other = await h.context.browser()?.newContext();
    const intruder = other ? await other.newPage() : await h.newPage();
    // A fresh context would be cleanest; the persistent context shares cookies, so sign out first.
    if (!other) {
      await go('/');
      await page.getByRole('button', { name: 'Sign out' }).click();
    }
    await intruder.goto(`${h.baseUrl}/login`);
    await intruder.getByLabel('Email').fill(h.b.owner);
    await intruder.getByLabel('Password').fill(PASSWORD);
    await intruder.getByRole('button', { name: 'Sign in' }).click();
    await intruder.waitForURL(`${h.baseUrl}/`);
    const res = await intruder.goto(`${h.baseUrl}/messages/${message?.id}`);
    expect(res?.status()).toBe(404);
    await expect(intruder.locator('h1').textContent()).resolves.toBe('Page not found');
    await intruder.screenshot({ path: path.join(SCREENSHOTS, 'not-found.png'), fullPage: true });
    await expectNoAxeViolations(intruder, 'not found');
    await intruder.close();
    if (!other) {
      await go('/login');
      await page.getByLabel('Email').fill(h.a.owner);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
    }
  });

  it('has no horizontal scroll at 375px on any page', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const [message] = await h.repos.messages.list(h.a.id);
    for (const url of [
      '/',
      `/messages/${message?.id}`,
      '/integrations',
      '/integrations/bigcommerce/connect',
      '/inboxes',
      '/inboxes/new',
      '/settings',
    ]) {
      await go(url);
      expect([url, await hasHorizontalScroll(page)]).toEqual([url, false]);
      await expectNoAxeViolations(page, `${url} at 375px`);
    }
    await shot('inbox-375px');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logged no console errors on any page', () => {
    expect(h.consoleErrors).toEqual([]);
  });
});
