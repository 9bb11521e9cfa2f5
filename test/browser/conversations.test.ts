/**
 * A conversation worked by a new agent, in Chromium, with one real SMTP peer taking both the
 * product mail (the invitation) and the reply (the product's draft sender over SMTP): the owner
 * invites an agent, the agent accepts and sets a password, opens Unassigned, opens a
 * conversation of two customer messages, assigns it to themself, adds an internal note, edits
 * and approves the draft. The conversation then shows under Mine with the sent reply and the note
 * in its history, and the mail that reached the peer holds the reply but not the note.
 */
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../../src/email/index.js';
import { createSmtpProductMailer } from '../../src/product-mail/index.js';
import { createHarness, PASSWORD, rawEmail, type Harness } from '../../src/web/testing/harness.js';
import { startSmtpPeer, type SmtpPeer } from '../servers/smtp-peer.js';
import { waitFor } from '../servers/wait.js';
import { CHROMIUM_ARGS, SCREENSHOTS, expectNoAxeViolations } from './browser-harness.js';

const AGENT = 'ola.agent@shop-a.test';
const AGENT_PASSWORD = 'ola first password';
const PEER_LOGIN = { user: 'mailer', password: 'peer-secret-pw' };
const NOTE = 'Checked with the warehouse: parcel 1Z999 left on Monday. INTERNAL-ONLY-7731';
const REPLY = 'Hi Maya, both questions answered: order 101 shipped with UPS (1Z999). — Ola';

describe('an agent works a conversation in a browser', { timeout: 120_000 }, () => {
  let h: Harness;
  let peer: SmtpPeer;
  let browser: Browser;
  let baseUrl = '';
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];
  let agentPage: Page;
  /** The conversation's two customer messages, oldest first. */
  let first = 0;
  let second = 0;

  beforeAll(async () => {
    peer = await startSmtpPeer({ auth: PEER_LOGIN });
    h = await createHarness({
      realSends: { allowPrivateHosts: [peer.host] },
      productMail: {
        mailer: createSmtpProductMailer({
          account: { host: peer.host, port: peer.port, secure: false, ...PEER_LOGIN },
          from: 'Snoooz <no-reply@snoooz.test>',
        }),
        appUrl: () => baseUrl,
      },
    });
    // Replies leave through the inbox's SMTP server (the peer), at once (no undo window).
    await h.repos.inboxes.update(h.a.id, h.a.inboxId, {
      smtp: { host: peer.host, port: peer.port, secure: false, user: PEER_LOGIN.user },
      password: PEER_LOGIN.password,
    });
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 0 });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });

    // Two customer messages of one thread: the second answers the first by its Message-ID.
    const rootId = `conv-root-${Date.now()}@customer.example`;
    const arrive = async (raw: string) =>
      (await h.services.ingestRaw({ workspaceId: h.a.id, inboxId: h.a.inboxId, raw: Buffer.from(raw), source: 'http' }))
        .messageId;
    first = await arrive(rawEmail({ subject: 'Where is order 101?', id: rootId, body: 'Where is order 101?' }));
    second = await arrive(
      rawEmail({
        subject: 'Re: Where is order 101?',
        inReplyTo: rootId,
        id: `conv-second-${Date.now()}@customer.example`,
        body: 'Also: can I still change the colour of the mug?',
      }),
    );
    await h.services.settle();
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await h?.close();
    await peer?.close();
  });

  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);
  }

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `conversations-${name}.png`), fullPage: true });

  it('the owner invites an agent, who accepts and sets a password', async () => {
    const owner = await freshPage();
    await signIn(owner, h.a.owner, PASSWORD);
    await owner.goto(`${baseUrl}/members`);
    const seen = peer.received.length;
    await owner.getByLabel('Email').fill(AGENT);
    await owner.getByLabel('Role', { exact: true }).selectOption('agent');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText('Invitation sent.').waitFor();
    await waitFor(() => peer.received.length > seen, { timeoutMs: 10_000, what: 'the invitation' });
    const mail = await parseEmail(peer.received.at(-1)?.raw ?? Buffer.alloc(0));
    const link = new RegExp(`${baseUrl.replace(/[.]/g, '\\.')}(/invite/[A-Za-z0-9_-]{43})`).exec(mail.text)?.[1];
    expect(link).toBeDefined();

    agentPage = await freshPage();
    await agentPage.goto(baseUrl + (link ?? ''));
    await agentPage.getByLabel('Your name').fill('Ola Agent');
    await agentPage.getByLabel('Choose a password').fill(AGENT_PASSWORD);
    await agentPage.getByLabel('Repeat the password').fill(AGENT_PASSWORD);
    await agentPage.getByRole('button', { name: 'Create account and join' }).click();
    await agentPage.getByText('You joined the workspace.').waitFor();
    await signIn(agentPage, AGENT, AGENT_PASSWORD);
  });

  it('Unassigned lists the conversation once, with its two messages', async () => {
    const page = agentPage;
    await page.locator('nav[aria-label="Assignee"] a[data-assignee="unassigned"]').click();
    await page.waitForURL(/assignee=unassigned/);
    const rows = page.locator('#message-list [data-row]');
    await expect(rows.count()).resolves.toBe(1);
    // The newest message stands for the conversation.
    await expect(rows.first().getAttribute('data-id')).resolves.toBe(String(second));
    await expect(rows.first().textContent()).resolves.toMatch(/\(2\)[\s\S]*Unassigned/);
    await expectNoAxeViolations(page, 'inbox, unassigned');
    await shot(page, 'unassigned');
  });

  it('the agent assigns it to themself, adds a note, edits and approves the draft', async () => {
    const page = agentPage;
    await page.locator('#message-list [data-row] a').first().click();
    await page.waitForURL(`${baseUrl}/messages/${second}`);
    const history = page.locator('ol.history > li');
    await expect(history.evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')))).resolves.toEqual([
      'customer',
      'customer',
    ]);
    await expect(page.locator(`ol.history > li[data-message-id="${first}"]`).textContent()).resolves.toContain(
      'Where is order 101?',
    );

    await page.getByRole('button', { name: 'Assign to me' }).click();
    await page.getByText('Assignee changed.').first().waitFor();
    await expect(page.locator('#assignee-name').textContent()).resolves.toBe('Ola Agent (you)');

    await page.getByLabel(/Internal note/).fill(NOTE);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Internal note added.').first().waitFor();
    const note = page.locator('ol.history > li[data-kind="note"]');
    await expect(note.textContent()).resolves.toContain(NOTE);
    await expect(note.textContent()).resolves.toContain('Ola Agent');
    await expectNoAxeViolations(page, 'conversation with a note');

    const seen = peer.received.length;
    await page.getByLabel('Reply text').fill(REPLY);
    await page.getByRole('button', { name: 'Approve & send' }).click();
    await page.waitForURL(`${baseUrl}/messages/${second}?done=sent`);
    await waitFor(() => peer.received.length > seen, { timeoutMs: 10_000, what: 'the reply at the peer' });
    const sent = peer.received.at(-1);
    expect(sent?.to).toEqual(['maya@example.com']);
    const raw = sent?.raw.toString('utf8') ?? '';
    const parsed = await parseEmail(sent?.raw ?? Buffer.alloc(0));
    expect(parsed.text).toContain('order 101 shipped with UPS (1Z999)');
    // Neither the note nor any part of it left the building.
    expect(raw).not.toContain('INTERNAL-ONLY-7731');
    expect(parsed.text).not.toContain('warehouse');
    await shot(page, 'sent');
  });

  it('under Mine the conversation shows the sent reply and the note in its history', async () => {
    const page = agentPage;
    await page.goto(`${baseUrl}/`);
    await page.locator('nav[aria-label="Assignee"] a[data-assignee="mine"]').click();
    await page.waitForURL(/assignee=mine/);
    // Sent: the conversation waits on the customer; the queue tab keeps the assignee filter.
    await page.locator('nav[aria-label="Queue"] a[data-queue="waiting"]').click();
    await page.waitForURL(/assignee=mine/);
    const rows = page.locator('#message-list [data-row]');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('Assigned to Ola Agent');
    await expect(page.locator('nav[aria-label="Assignee"] a[data-assignee="mine"] .count').textContent()).resolves.toBe(
      '1',
    );
    await rows.first().locator('a').click();
    await page.waitForURL(`${baseUrl}/messages/${second}`);
    const kinds = await page
      .locator('ol.history > li')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-kind')));
    expect(kinds).toEqual(['customer', 'customer', 'note', 'reply']);
    const reply = page.locator('ol.history > li[data-kind="reply"]');
    await expect(reply.textContent()).resolves.toContain(REPLY);
    await expect(reply.textContent()).resolves.toContain('approved by Ola Agent');
    await expect(page.locator('ol.history > li[data-kind="note"]').textContent()).resolves.toContain(NOTE);
    await shot(page, 'mine');
    expect(consoleErrors).toEqual([]);
  });
});
