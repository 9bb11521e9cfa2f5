/**
 * People in Chromium, with product mail caught by a real SMTP peer: an owner invites an agent,
 * the invitation mail arrives at the peer, the invitee opens its link and sets a password, signs
 * in and works a message (opens it, edits the draft); the agent cannot open Settings,
 * Integrations or Members and the API refuses too. Then a password reset end to end: "Forgot
 * password?", the mail at the peer, a new password, and the agent's old session is gone. axe-core
 * checks every new page on a desktop and a 390x844 phone viewport.
 */
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/db/index.js';
import { parseEmail } from '../../src/email/index.js';
import { createSmtpProductMailer } from '../../src/product-mail/index.js';
import { createHarness, PASSWORD, rawEmail, type Harness } from '../../src/web/testing/harness.js';
import { startSmtpPeer, type SmtpPeer } from '../servers/smtp-peer.js';
import { waitFor } from '../servers/wait.js';
import {
  CHROMIUM_ARGS,
  SCREENSHOTS,
  expectNoAxeViolations,
  expectNoAxeViolationsOnPhone,
  hasHorizontalScroll,
} from './browser-harness.js';

const AGENT = 'nia.agent@shop-a.test';
const AGENT_PASSWORD = 'nia first password';
const NEW_PASSWORD = 'nia second password';

describe('members, invitations and password reset in a browser', { timeout: 120_000 }, () => {
  let h: Harness;
  let peer: SmtpPeer;
  let browser: Browser;
  let baseUrl = '';
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];
  let ownerPage: Page;
  let agentPage: Page;
  /** The invitation link from the mail, followed in the next step. */
  let inviteLink = '';

  beforeAll(async () => {
    peer = await startSmtpPeer({ auth: { user: 'mailer', password: 'peer-secret-pw' } });
    h = await createHarness({
      draftDelayMs: 100,
      productMail: {
        mailer: createSmtpProductMailer({
          account: { host: peer.host, port: peer.port, secure: false, user: 'mailer', password: 'peer-secret-pw' },
          from: 'Snoooz <no-reply@snoooz.test>',
        }),
        appUrl: () => baseUrl,
      },
    });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
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

  /** The link in the newest mail the peer received for `to` (after `seen` mails), as a path. */
  async function linkFromPeer(to: string, seen: number, pattern: RegExp): Promise<string> {
    await waitFor(() => peer.received.length > seen, { timeoutMs: 10_000, what: `a mail to ${to}` });
    const received = peer.received.at(-1);
    expect(received?.to).toEqual([to]);
    expect(received?.from).toBe('no-reply@snoooz.test');
    const parsed = await parseEmail(received?.raw ?? Buffer.alloc(0));
    const link = new RegExp(`${baseUrl.replace(/[.]/g, '\\.')}(${pattern.source})`).exec(parsed.text)?.[1];
    if (!link) throw new Error(`No link in: ${parsed.text}`);
    return link;
  }

  async function axeBoth(page: Page, label: string): Promise<void> {
    await expectNoAxeViolations(page, label);
    await expectNoAxeViolationsOnPhone(page, label);
  }
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `members-${name}.png`), fullPage: true });

  it('an owner invites an agent; the mail reaches the SMTP peer', async () => {
    ownerPage = await freshPage();
    await signIn(ownerPage, h.a.owner, PASSWORD);
    await ownerPage.getByRole('link', { name: 'Members' }).first().click();
    await ownerPage.getByRole('heading', { name: 'Members', level: 1 }).waitFor();
    await axeBoth(ownerPage, 'members');
    const seen = peer.received.length;
    await ownerPage.getByLabel('Email').fill(AGENT);
    await ownerPage.getByLabel('Role', { exact: true }).selectOption('agent');
    await ownerPage.getByRole('button', { name: 'Send invitation' }).click();
    await ownerPage.getByText('Invitation sent.').waitFor();
    await expect(ownerPage.locator('#invitations').textContent()).resolves.toContain(AGENT);
    await axeBoth(ownerPage, 'members with a pending invitation');
    await shot(ownerPage, 'owner');
    inviteLink = await linkFromPeer(AGENT, seen, /\/invite\/[A-Za-z0-9_-]{43}/);
    // Nothing on the phone needs sideways scrolling.
    await ownerPage.setViewportSize({ width: 390, height: 844 });
    expect(await hasHorizontalScroll(ownerPage)).toBe(false);
    await shot(ownerPage, 'owner-phone');
    await ownerPage.setViewportSize({ width: 1280, height: 900 });
  });

  it('the invitee opens the link, sets a password, signs in and works a message', async () => {
    const link = inviteLink;
    agentPage = await freshPage();
    await agentPage.goto(baseUrl + link);
    await agentPage.getByRole('heading', { name: 'Join Shop A' }).waitFor();
    await axeBoth(agentPage, 'accept invitation');
    await agentPage.getByLabel('Your name').fill('Nia Agent');
    await agentPage.getByLabel('Choose a password').fill(AGENT_PASSWORD);
    await agentPage.getByLabel('Repeat the password').fill(AGENT_PASSWORD);
    await agentPage.getByRole('button', { name: 'Create account and join' }).click();
    await agentPage.getByText('You joined the workspace.').waitFor();
    // The link is spent.
    const again = await agentPage.goto(baseUrl + link);
    expect(again?.status()).toBe(410);

    await signIn(agentPage, AGENT, AGENT_PASSWORD);
    const token = 'snz_members_browser_token_abcdefghijkl';
    await h.repos.auth.createApiToken(h.a.id, {
      tokenHash: hashToken(token),
      name: 'feed',
      last4: token.slice(-4),
      scopes: ['draft'],
    });
    const posted = await fetch(`${baseUrl}/api/inboxes/${h.a.inboxId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'message/rfc822' },
      body: rawEmail({ subject: 'Where is order 101?', id: `members-${Date.now()}@customer.example` }),
    });
    expect(posted.status).toBe(202);
    const { messageId } = (await posted.json()) as { messageId: number };
    await waitFor(async () => (await h.repos.drafts.byMessage(h.a.id, messageId)) !== null, {
      timeoutMs: 10_000,
      what: 'a draft',
    });
    await agentPage.goto(`${baseUrl}/`);
    await agentPage
      .getByRole('link', { name: /Where is order 101\?/ })
      .first()
      .click();
    await agentPage.waitForURL(`${baseUrl}/messages/${messageId}`);
    await agentPage.getByLabel('Reply text').fill('Hi Maya, order 101 is on its way. — Nia');
    await agentPage.getByRole('button', { name: 'Save draft' }).click();
    await agentPage.getByText('Draft saved.').first().waitFor();
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    expect(draft?.text).toContain('order 101 is on its way. — Nia');
  });

  it('the agent cannot open Settings, Integrations or Members, and the API refuses too', async () => {
    const nav = await agentPage.locator('nav[aria-label="Main"]').textContent();
    expect(nav).toContain('Inbox');
    for (const hidden of ['Settings', 'Integrations', 'Members']) expect(nav).not.toContain(hidden);
    for (const url of ['/settings', '/integrations', '/members']) {
      const res = await agentPage.goto(baseUrl + url);
      expect(res?.status(), url).toBe(403);
      await expect(agentPage.locator('main').textContent()).resolves.toContain('does not allow this');
    }
    for (const url of ['/api/settings', '/api/integrations', '/api/members']) {
      const res = await agentPage.request.get(baseUrl + url);
      expect(res.status(), url).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    }
    const invite = await agentPage.request.post(`${baseUrl}/members/invite`, {
      form: { email: 'sneaky@x.test', role: 'owner' },
    });
    expect(invite.status()).toBe(403);
  });

  it('password reset: forgot form, the mail at the peer, a new password; the old session ends', async () => {
    const page = await freshPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await axeBoth(page, 'forgot password');
    const seen = peer.received.length;
    await page.getByLabel('Email').fill(AGENT);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('If an account uses that address').waitFor();
    await axeBoth(page, 'forgot password sent');
    const link = await linkFromPeer(AGENT, seen, /\/reset-password\/[A-Za-z0-9_-]{43}/);

    await page.goto(baseUrl + link);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await axeBoth(page, 'reset password');
    await page.getByLabel('New password').fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.getByText('every session signed out').waitFor();
    await shot(page, 'reset-done');

    // The agent's session from before is gone: the inbox sends them to sign in.
    await agentPage.goto(`${baseUrl}/`);
    expect(agentPage.url()).toContain('/login');
    await page.getByLabel('Email').fill(AGENT);
    await page.getByLabel('Password').fill(AGENT_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email or password is not right.').waitFor();
    await signIn(page, AGENT, NEW_PASSWORD);
    expect((await page.goto(baseUrl + link))?.status()).toBe(410);
    // The refusals above (403, 410, a wrong password's 401) are the only errors the pages logged.
    const unexpected = consoleErrors.filter(
      (e) => !/Failed to load resource: the server responded with a status of (401|403|410)\b/.test(e),
    );
    expect(unexpected).toEqual([]);
    expect(consoleErrors.length).toBe(6);
  });
});
