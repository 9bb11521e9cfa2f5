/**
 * The audit page in Chromium: an agent edits a reply and is refused the audit page and its API;
 * the owner changes settings, invites a member and approves a reply through the pages, then
 * finds each of those entries with who did it, filters by person and by kind (combined, in the
 * URL), and pages past the first 50 entries with Older and back with Newer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hashToken } from '../../src/db/index.js';
import { PASSWORD, rawEmail } from '../../src/web/testing/harness.js';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './browser-harness.js';

describe('audit page in a browser', { timeout: 120_000 }, () => {
  let h: BrowserHarness;
  let page: Page;
  let messageId = 0;
  let ownerId = 0;
  let agentId = 0;

  beforeAll(async () => {
    h = await startBrowserHarness();
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 30 });
    ownerId = (await h.repos.users.byEmail(h.a.owner))?.id ?? 0;
    agentId = (await h.repos.users.byEmail(h.both))?.id ?? 0;
    // Older history than the test's own actions: more than one page of it.
    for (let i = 0; i < 60; i += 1) {
      await h.repos.audit.append(h.a.id, {
        actor: 'cli',
        action: 'inbox.updated',
        target: `inbox:${h.a.inboxId}`,
        detail: { step: i },
      });
    }
    const token = 'snz_audittesttokenabcdefghijklmnop';
    await h.repos.auth.createApiToken(h.a.id, {
      tokenHash: hashToken(token),
      name: 'audit-test',
      last4: token.slice(-4),
      scopes: ['draft'],
    });
    const res = await fetch(`${h.baseUrl}/api/inboxes/${h.a.inboxId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'message/rfc822' },
      body: rawEmail({ subject: 'Audit me please', id: `audit-${Date.now()}@customer.example` }),
    });
    expect(res.status).toBe(202);
    messageId = ((await res.json()) as { messageId: number }).messageId;
    const deadline = Date.now() + 10_000;
    while (!(await h.repos.drafts.byMessage(h.a.id, messageId))) {
      if (Date.now() > deadline) throw new Error('no draft');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    page = await h.newPage();
  }, 90_000);
  afterAll(async () => h?.shutdown());

  async function signIn(email: string): Promise<void> {
    await page.goto(`${h.baseUrl}/login`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${h.baseUrl}/`);
  }

  const rows = () =>
    page.$$eval('#audit-log tbody tr', (trs) =>
      trs.map((tr) => ({
        id: Number(tr.getAttribute('data-id')),
        action: tr.getAttribute('data-action') ?? '',
        kind: tr.getAttribute('data-kind') ?? '',
        text: (tr.textContent ?? '').replace(/\s+/g, ' ').trim(),
      })),
    );

  it('an agent edits a reply, and is refused the audit page and its API', async () => {
    await signIn(h.both);
    const nav = await page.locator('nav[aria-label="Main"]').textContent();
    expect(nav).not.toContain('Audit');
    await page.goto(`${h.baseUrl}/messages/${messageId}`);
    await page.getByLabel('Reply text').fill('Edited by the agent.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();

    const refused = await page.goto(`${h.baseUrl}/audit`);
    expect(refused?.status()).toBe(403);
    await expect(page.locator('main').textContent()).resolves.toContain('does not allow this');
    const api = await page.request.get(`${h.baseUrl}/api/audit`);
    expect(api.status()).toBe(403);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    await page.goto(`${h.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
  });

  it('the owner acts through the pages and finds each action with who did it', async () => {
    await signIn(h.a.owner);
    await page.goto(`${h.baseUrl}/settings`);
    await page.getByLabel('Business name').fill('Audited Shop');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    await page.goto(`${h.baseUrl}/members`);
    await page.getByLabel('Email').fill('newcomer@audit.test');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page
      .getByText(/newcomer@audit\.test/)
      .first()
      .waitFor();
    const link = h.mail.find((m) => m.to === 'newcomer@audit.test')?.link ?? '';
    expect(link).toMatch(/\/invite\//);

    await page.goto(`${h.baseUrl}/messages/${messageId}`);
    await page.getByRole('button', { name: 'Approve & send' }).click();
    await page.getByText('Reply approved').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).click();
    await page.waitForURL(`${h.baseUrl}/audit`);
    const first = await rows();
    expect(first).toHaveLength(50);
    const byAction = (action: string) => first.filter((r) => r.action === action);
    expect(byAction('settings.changed')[0]?.text).toMatch(
      /Owner a.*changed the reply settings.*Changed ?Business name/,
    );
    expect(byAction('member.invited')[0]?.text).toMatch(/Owner a.*invited newcomer@audit\.test as agent/);
    expect(byAction('draft.approved')[0]?.text).toMatch(/Owner a.*approved the reply to “Audit me please” for sending/);
    expect(byAction('draft.edited')[0]?.text).toMatch(/Both.*edited the reply to “Audit me please”/);
    // The reply's target links to its message.
    await expect(
      page.locator('#audit-log tr[data-action="draft.approved"] a').first().getAttribute('href'),
    ).resolves.toBe(`/messages/${messageId}`);
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toContain(link);
    expect(body).not.toContain(link.split('/').pop());
    await expectNoAxeViolations(page, 'audit page');
  });

  it('filters by person and by kind, combined, in the URL', async () => {
    await page.goto(`${h.baseUrl}/audit`);
    await page.getByLabel('Person').selectOption(`user:${agentId}`);
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(new RegExp(`who=user%3A${agentId}`));
    const agentRows = await rows();
    expect(agentRows.length).toBeGreaterThan(0);
    for (const row of agentRows) expect(row.text).toContain('Both');
    expect(agentRows.map((r) => r.action)).toContain('draft.edited');

    await page.getByLabel('Person').selectOption(`user:${ownerId}`);
    await page.getByLabel('Kind').selectOption('members');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/kind=members/);
    expect(page.url()).toContain(`who=user%3A${ownerId}`);
    const memberRows = await rows();
    expect(memberRows.map((r) => r.action)).toEqual(['member.invited']);

    await page.getByLabel('Kind').selectOption('settings');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/kind=settings/);
    expect((await rows()).map((r) => r.action)).toEqual(['settings.changed']);
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await page.waitForURL(`${h.baseUrl}/audit`);
  });

  it('pages past the first 50 entries with Older, and back with Newer', async () => {
    await page.goto(`${h.baseUrl}/audit`);
    const seen: number[] = [];
    seen.push(...(await rows()).map((r) => r.id));
    await page.getByRole('link', { name: 'Older' }).click();
    await page.waitForURL(/before=/);
    const older = await rows();
    expect(older.length).toBeGreaterThan(0);
    seen.push(...older.map((r) => r.id));
    // Newest first, each entry once, and together every entry of the workspace.
    expect(seen).toEqual([...seen].sort((x, y) => y - x));
    expect(new Set(seen).size).toBe(seen.length);
    const all = await h.repos.audit.page(h.a.id, { limit: 200 });
    expect(seen).toEqual(all.entries.map((e) => e.id));
    expect(older.at(-1)?.text).toContain('Command line');
    await expect(page.getByRole('link', { name: 'Older' }).count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Newer' }).click();
    await page.waitForURL(/after=/);
    expect((await rows()).map((r) => r.id)).toEqual(seen.slice(0, 50));
    expect(h.consoleErrors.filter((e) => !e.includes('403'))).toEqual([]);
  });
});
