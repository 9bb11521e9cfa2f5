/**
 * The reply screen a merchant trusts, in a browser: an inbox whose mail server cannot be reached
 * is refused before it is saved (a real closed port on loopback, a private address the egress
 * guard refuses), an inbox without SMTP is flagged where a reply would go out, and times follow
 * the workspace's time zone, the same instant on the list and on the message page.
 */
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/db/index.js';
import { PASSWORD, rawEmail } from '../../src/web/testing/harness.js';
import { SCREENSHOTS, hasHorizontalScroll, startBrowserHarness, type BrowserHarness } from './browser-harness.js';

/** A loopback port with nothing listening: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    }),
  );
}

describe('Inboxes, sending and time zones in a browser', { timeout: 60_000 }, () => {
  let h: BrowserHarness;
  let page: Page;
  let port: number;
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const go = (url: string) => page.goto(h.baseUrl + url);

  beforeAll(async () => {
    // Mailbox tests go through the real transport and egress guard; loopback is allowed, so the
    // closed port is really connected to, while 10.x is refused by the guard before connecting.
    h = await startBrowserHarness({ realMailboxTests: { allowPrivateHosts: ['127.0.0.1'] } });
    page = await h.newPage();
    port = await closedPort();
    await go('/login');
    await page.getByLabel('Email').fill(h.a.owner);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${h.baseUrl}/`);
  }, 60_000);
  afterAll(async () => h?.shutdown());

  let apiToken: string | null = null;
  async function postEmail(raw: string): Promise<number> {
    if (!apiToken) {
      apiToken = 'snz_inboxesbrowsertokenabcdefghijk';
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

  async function waitForDraft(messageId: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await h.repos.drafts.byMessage(h.a.id, messageId))) {
      if (Date.now() > deadline) throw new Error(`no draft for message ${messageId}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('refuses an inbox whose servers cannot be reached, keeps what was typed, saves nothing', async () => {
    const before = await h.repos.inboxes.list(h.a.id);
    await go('/inboxes/new');
    await page.getByLabel('Name', { exact: true }).fill('Sales');
    await page.getByLabel('Address', { exact: true }).fill('sales@a.test');
    await page.locator('#imapHost').fill('127.0.0.1');
    await page.locator('#imapPort').fill(String(port));
    await page.locator('#smtpHost').fill('10.20.30.40');
    await page.getByLabel('Mailbox password').fill('typed-secret-4242');
    await page.getByRole('button', { name: 'Add inbox' }).click();

    const problems = page.locator('#form-problems');
    await problems.waitFor();
    await expect(problems.textContent()).resolves.toContain(
      `IMAP: Could not connect to the mail server 127.0.0.1:${port}. Check the host, the port and the TLS setting.`,
    );
    await expect(problems.textContent()).resolves.toContain(
      'SMTP: Could not connect to the mail server 10.20.30.40:465. Check the host, the port and the TLS setting.',
    );
    // The answer is brought into view, with the form as it was typed, except the password.
    expect(page.url()).toBe(`${h.baseUrl}/inboxes#add`);
    await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('Sales');
    await expect(page.locator('#imapPort').inputValue()).resolves.toBe(String(port));
    await expect(page.locator('#imapHost').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Mailbox password').inputValue()).resolves.toBe('');
    expect(await page.content()).not.toContain('typed-secret-4242');
    expect(await h.repos.inboxes.list(h.a.id)).toEqual(before);
    await shot('inboxes-add-refused');

    // Without mail servers (forwarding only) there is nothing to test: it is added.
    await page.locator('#imapHost').fill('');
    await page.locator('#smtpHost').fill('');
    await page.getByRole('button', { name: 'Add inbox' }).click();
    await page.getByText('Inbox added.').waitFor();
    expect((await h.repos.inboxes.list(h.a.id)).map((i) => i.address)).toContain('sales@a.test');
  });

  it('flags a message whose inbox cannot send, and setting an unreachable SMTP is refused too', async () => {
    const messageId = await postEmail(rawEmail({ subject: 'Can you send me the invoice?' }));
    await waitForDraft(messageId);
    await go(`/messages/${messageId}`);
    const flag = page.locator('.cannot-send');
    await expect(flag.textContent()).resolves.toMatch(
      /This inbox cannot send replies: SMTP is not set\.\s+Set it on Inboxes/,
    );
    // It sits before the reply and its "Approve & send" button.
    const [flagBox, sendBox] = await Promise.all([
      flag.boundingBox(),
      page.getByRole('button', { name: 'Approve & send' }).boundingBox(),
    ]);
    expect(flagBox && sendBox && flagBox.y < sendBox.y).toBe(true);
    await shot('message-cannot-send');

    await flag.getByRole('link', { name: 'Set it on Inboxes' }).click();
    await page.waitForURL(`${h.baseUrl}/inboxes/${h.a.inboxId}/smtp`);
    await page.locator('#smtpHost').fill('127.0.0.1');
    await page.locator('#smtpPort').fill(String(port));
    await page.getByRole('button', { name: 'Test and save' }).click();
    await expect(page.locator('#form-problems').textContent()).resolves.toContain(
      `SMTP: Could not connect to the mail server 127.0.0.1:${port}.`,
    );
    expect((await h.repos.inboxes.get(h.a.id, h.a.inboxId)).smtp).toBeNull();
    await shot('inbox-smtp-refused');

    await go('/inboxes');
    await expect(page.locator(`[data-cannot-send="${h.a.inboxId}"]`).count()).resolves.toBe(1);
  });

  it('after choosing a time zone, the list and the message page show the same local time', async () => {
    const messageId = await postEmail(rawEmail({ subject: 'What time is it there?' }));
    await waitForDraft(messageId);
    await go('/settings');
    await page.getByLabel('Time zone').fill('America/New_York');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();
    expect((await h.repos.settings.get(h.a.id)).timeZone).toBe('America/New_York');

    const received = (await h.repos.messages.get(h.a.id, messageId)).receivedAt;
    await go('/');
    const inList = page.locator(`a[href="/messages/${messageId}"] time`);
    const listed = { at: await inList.getAttribute('datetime'), text: await inList.textContent() };
    expect(listed.at).toBe(new Date(received).toISOString());
    expect(listed.text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} E[SD]T$/);
    await shot('inbox-new-york');

    await go(`/messages/${messageId}`);
    const onPage = page.locator('dt:text-is("Received") + dd time').first();
    expect({ at: await onPage.getAttribute('datetime'), text: await onPage.textContent() }).toEqual(listed);
    // The customer's mail client dated it 18 November 2025: shown beside it, in the same zone.
    await expect(page.locator('[data-header-date]').textContent()).resolves.toMatch(
      /sent by the customer's mail client at\s+2025-11-18 05:00 EST/,
    );
    await shot('message-new-york');
  });

  it('the new forms and notices fit a 375px screen', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const [message] = await h.repos.messages.list(h.a.id);
    for (const url of ['/inboxes/new', `/inboxes/${h.a.inboxId}/smtp`, `/messages/${message?.id}`, '/settings']) {
      await go(url);
      expect([url, await hasHorizontalScroll(page)]).toEqual([url, false]);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('logged no console errors on any page', () => {
    expect(h.consoleErrors).toEqual([]);
  });
});
