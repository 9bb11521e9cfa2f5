/**
 * The reply screen in Chromium, on a desktop and a phone viewport and with JavaScript off:
 * Enter never sends, Undo inside the window leaves nothing sent, a regenerate over an edit can
 * be undone, edits autosave, live list updates keep focus and selection, and the queue reaches
 * zero. Replies leave through the real `send_draft` job (the harness runs the embedded queue).
 */
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken } from '../../src/db/index.js';
import { createHarness, PASSWORD, rawEmail, type Harness } from '../../src/web/testing/harness.js';
import { CHROMIUM_ARGS, SCREENSHOTS, expectNoAxeViolations } from './browser-harness.js';

describe('reply screen in a browser', { timeout: 90_000 }, () => {
  let h: Harness;
  let baseUrl = '';
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];
  let apiToken: string | null = null;

  beforeAll(async () => {
    h = await createHarness({ draftDelayMs: 200 });
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    // Long enough that a screenshot and an axe run under a loaded CI machine stay inside the window.
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 8 });
  }, 60_000);
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await h?.close();
  });

  async function signedIn(options: {
    javaScriptEnabled?: boolean;
    viewport?: { width: number; height: number };
  }): Promise<Page> {
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 900 },
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email').fill(h.a.owner);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);
    return page;
  }

  async function postEmail(subject: string): Promise<number> {
    if (!apiToken) {
      apiToken = 'snz_replyscreentokenabcdefghijklmn';
      await h.repos.auth.createApiToken(h.a.id, {
        tokenHash: hashToken(apiToken),
        name: 'reply-screen',
        last4: apiToken.slice(-4),
        scopes: ['draft'],
      });
    }
    const res = await fetch(`${baseUrl}/api/inboxes/${h.a.inboxId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'message/rfc822' },
      body: rawEmail({ subject, id: `${subject.replace(/\W+/g, '-')}-${Date.now()}@customer.example` }),
    });
    expect(res.status).toBe(202);
    const { messageId } = (await res.json()) as { messageId: number };
    const deadline = Date.now() + 10_000;
    while (!(await h.repos.drafts.byMessage(h.a.id, messageId))) {
      if (Date.now() > deadline) throw new Error(`no draft for ${messageId}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return messageId;
  }
  const draftOf = async (messageId: number) => {
    const draft = await h.repos.drafts.byMessage(h.a.id, messageId);
    if (!draft) throw new Error('no draft');
    return draft;
  };
  const sentCount = (draftId: number) => h.services.calls.sent.filter((id) => id === draftId).length;
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `reply-${name}.png`), fullPage: true });

  for (const variant of [
    { name: 'desktop', javaScriptEnabled: true, viewport: { width: 1280, height: 900 } },
    { name: 'phone', javaScriptEnabled: true, viewport: { width: 390, height: 844 } },
    { name: 'no-js', javaScriptEnabled: false, viewport: { width: 1280, height: 900 } },
  ]) {
    describe(variant.name, () => {
      let page: Page;
      beforeAll(async () => {
        page = await signedIn(variant);
      });
      const go = (url: string) => page.goto(baseUrl + url);

      it('Enter in the subject saves; in the reply text it starts a new line; neither sends', async () => {
        const id = await postEmail(`Enter never sends ${variant.name}`);
        const draft = await draftOf(id);
        await go(`/messages/${id}`);
        await page.getByLabel('Subject').fill(`Re: edited on ${variant.name}`);
        await page.getByLabel('Subject').press('Enter');
        await page.getByText('Draft saved.').waitFor();
        await page.getByLabel('Reply text').press('Control+End');
        await page.getByLabel('Reply text').press('Enter');
        await page.getByLabel('Reply text').press('Enter');
        expect(await page.getByLabel('Reply text').inputValue()).toMatch(/\n\n$/);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const after = await draftOf(id);
        expect(after.status).toBe('pending');
        expect(after.subject).toBe(`Re: edited on ${variant.name}`);
        expect(sentCount(draft.id)).toBe(0);
      });

      it('Undo inside the window leaves nothing sent', async () => {
        const id = await postEmail(`Undo window ${variant.name}`);
        const draft = await draftOf(id);
        await go(`/messages/${id}`);
        const send = page.getByRole('button', { name: 'Approve & send' });
        if (variant.name === 'phone') {
          // The action bar stays on the first screen of a phone.
          const box = await send.boundingBox();
          expect(box).not.toBeNull();
          expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(844);
        }
        await send.click();
        await page.getByText('Reply approved').waitFor();
        // The result message has focus after the redirect.
        expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe('result');
        await shot(page, `undo-${variant.name}`);
        if (variant.javaScriptEnabled) await expectNoAxeViolations(page, `undo window (${variant.name})`);
        await page.getByRole('button', { name: 'Undo' }).click();
        await page.getByText('Send undone').waitFor();
        await new Promise((resolve) => setTimeout(resolve, 8_800));
        expect(sentCount(draft.id)).toBe(0);
        expect((await draftOf(id)).status).toBe('pending');
        // Back to editing, with the text as approved.
        await page.getByLabel('Reply text').waitFor();
      });

      it('left alone, the approved reply is sent once when the window ends', async () => {
        const id = await postEmail(`Let it go ${variant.name}`);
        const draft = await draftOf(id);
        await go(`/messages/${id}`);
        await page.getByRole('button', { name: 'Approve & send' }).click();
        await page.getByText('Reply approved').waitFor();
        const deadline = Date.now() + 10_000;
        while ((await draftOf(id)).status !== 'sent') {
          if (Date.now() > deadline) throw new Error('not sent');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(sentCount(draft.id)).toBe(1);
        if (variant.javaScriptEnabled) {
          // The page follows by itself (countdown, then the send's event).
          await page.getByText(/^Sent /).waitFor({ timeout: 8_000 });
        }
      });

      it('a regenerate over an edit can be undone in one click', async () => {
        const id = await postEmail(`Regenerate over edit ${variant.name}`);
        await go(`/messages/${id}`);
        const mine = `My own words (${variant.name}).`;
        await page.getByLabel('Reply text').fill(mine);
        await page.getByRole('button', { name: 'Save draft' }).click();
        await page.getByText('Draft saved.').waitFor();
        await page.getByRole('button', { name: 'Regenerate' }).click();
        if (!variant.javaScriptEnabled) {
          // Without the script the server asks on a page of its own.
          await page.getByRole('heading', { name: 'Replace your edited draft?' }).waitFor();
          await page.getByRole('button', { name: 'Regenerate anyway' }).click();
        }
        await page.getByText('Draft regenerated').waitFor();
        expect(await page.getByLabel('Reply text').inputValue()).not.toBe(mine);
        await page.getByText(/^Versions \(3\)$/).click();
        await page.getByRole('button', { name: /Restore the edited version/ }).click();
        await page.getByText('Earlier version restored.').waitFor();
        if (variant.javaScriptEnabled) await expectNoAxeViolations(page, `versions (${variant.name})`);
        expect(await page.getByLabel('Reply text').inputValue()).toBe(mine);
      });

      if (variant.javaScriptEnabled) {
        it('edits autosave while typing', async () => {
          const id = await postEmail(`Autosave ${variant.name}`);
          await go(`/messages/${id}`);
          await page.getByLabel('Reply text').fill('Typed and never saved by hand.');
          await page.getByText(/^Saved /).waitFor({ timeout: 5_000 });
          expect((await draftOf(id)).text).toBe('Typed and never saved by hand.');
          await page.reload();
          expect(await page.getByLabel('Reply text').inputValue()).toBe('Typed and never saved by hand.');
        });
      }

      it('the queue reaches zero after working every message', async () => {
        await go('/');
        // Select every row still to do (this variant's and the earlier ones) and mark them done.
        const boxes = page.locator('#message-list input[type=checkbox]');
        const n = await boxes.count();
        expect(n).toBeGreaterThan(0);
        for (let i = 0; i < n; i += 1) await boxes.nth(i).check();
        await page.getByRole('button', { name: 'Mark done' }).click();
        await page.getByText(/marked done/).waitFor();
        await page.getByText('Nothing to do').waitFor();
        expect(await page.title()).toBe('Inbox · Snoooz');
        expect((await h.repos.queue.counts(h.a.id)).todo).toBe(0);
        await shot(page, `empty-${variant.name}`);
        if (variant.javaScriptEnabled) await expectNoAxeViolations(page, `empty queue (${variant.name})`);
      });
    });
  }

  it('a live update keeps the focused row and the selection', async () => {
    const page = await signedIn({});
    const first = await postEmail('Focus stays here');
    const events = page.waitForResponse((r) => r.url() === `${baseUrl}/events`);
    await page.goto(`${baseUrl}/`);
    await events;
    const box = page.locator(`#message-list li[data-id="${first}"] input[type=checkbox]`);
    await box.check();
    await box.focus();
    await page.evaluate('window.__kept = document.activeElement');
    const second = await postEmail('A newer message arrives');
    await page.locator(`#message-list li[data-id="${second}"]`).waitFor({ timeout: 10_000 });
    expect(await page.evaluate('document.activeElement === window.__kept')).toBe(true);
    expect(await box.isChecked()).toBe(true);
    expect(await page.title()).toMatch(/^\(\d+\) Inbox · Snoooz$/);
  });

  it('logged no console errors', () => {
    expect(consoleErrors.slice(0, 5)).toEqual([]);
  });
});
