/**
 * Keyboard shortcuts in Chromium: j/k move the selection through the inbox and Enter opens it
 * (on a message j/k open its neighbours in that list),
 * "/" focuses the search, "?" opens a help dialog that Esc closes (focus returns); on a message
 * "e" focuses the draft and "a" approves only through the Approve & send button's own path (its
 * confirm, then the undo window), never while typing in the draft, and not when the confirm is
 * dismissed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hashToken } from '../../src/db/index.js';
import { PASSWORD, rawEmail } from '../../src/web/testing/harness.js';
import { expectNoAxeViolations, startBrowserHarness, type BrowserHarness } from './browser-harness.js';

describe('keyboard shortcuts in a browser', { timeout: 120_000 }, () => {
  let h: BrowserHarness;
  let page: Page;
  const ids: number[] = [];

  beforeAll(async () => {
    h = await startBrowserHarness();
    await h.repos.settings.update(h.a.id, { undoSendSeconds: 60 });
    const token = 'snz_keyboardtesttokenabcdefghijklm';
    await h.repos.auth.createApiToken(h.a.id, {
      tokenHash: hashToken(token),
      name: 'keyboard-test',
      last4: token.slice(-4),
      scopes: ['draft'],
    });
    for (const subject of ['First question', 'Second question', 'Third question']) {
      const res = await fetch(`${h.baseUrl}/api/inboxes/${h.a.inboxId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'message/rfc822' },
        body: rawEmail({ subject, id: `${subject.replace(/\W+/g, '-')}@customer.example` }),
      });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { messageId: number }).messageId);
    }
    const deadline = Date.now() + 15_000;
    for (const id of ids) {
      while (!(await h.repos.drafts.byMessage(h.a.id, id))) {
        if (Date.now() > deadline) throw new Error(`no draft for ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    page = await h.newPage();
    await page.goto(`${h.baseUrl}/login`);
    await page.getByLabel('Email').fill(h.a.owner);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${h.baseUrl}/`);
  }, 90_000);
  afterAll(async () => h?.shutdown());

  /** The data-id of the inbox row that holds focus, or null. */
  const selectedRow = () =>
    page.evaluate<number | null>(
      `(function () { var li = document.activeElement && document.activeElement.closest('#message-list > li');
        return li ? Number(li.getAttribute('data-id')) : null; })()`,
    );
  const activeId = () => page.evaluate<string>('document.activeElement ? document.activeElement.id : ""');
  const draftOf = async (id: number) => {
    const draft = await h.repos.drafts.byMessage(h.a.id, id);
    if (!draft) throw new Error('no draft');
    return draft;
  };

  it('j and k move the selection through the inbox, visibly; Enter opens it', async () => {
    await page.goto(`${h.baseUrl}/?queue=all`);
    await page.getByRole('button', { name: 'Press ? for shortcuts' }).waitFor();
    const order = await page.$$eval('#message-list > li', (rows) =>
      rows.map((li) => Number(li.getAttribute('data-id'))),
    );
    expect(order).toEqual([...ids].reverse());
    expect(await selectedRow()).toBeNull();
    await page.keyboard.press('j');
    expect(await selectedRow()).toBe(order[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await selectedRow()).toBe(order[2]);
    // The last row stays selected; k goes back up.
    await page.keyboard.press('j');
    expect(await selectedRow()).toBe(order[2]);
    await page.keyboard.press('k');
    expect(await selectedRow()).toBe(order[1]);
    // The selection is visible: the row's link shows the focus ring.
    expect(await page.evaluate<boolean>('document.activeElement.matches(":focus-visible")')).toBe(true);
    // With a modifier the key is the browser's, not a shortcut.
    await page.keyboard.press('Alt+j');
    expect(await selectedRow()).toBe(order[1]);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${h.baseUrl}/messages/${order[1]}`);
    // On a message, j and k open its neighbours in the list it was opened from.
    await page.keyboard.press('j');
    await page.waitForURL(`${h.baseUrl}/messages/${order[2]}`);
    await page.keyboard.press('k');
    await page.waitForURL(`${h.baseUrl}/messages/${order[1]}`);
    await page.keyboard.press('k');
    await page.waitForURL(`${h.baseUrl}/messages/${order[0]}`);
    // The first has no previous one: k stays.
    await page.keyboard.press('k');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(page.url()).toBe(`${h.baseUrl}/messages/${order[0]}`);
  });

  it('"/" focuses the search, where j and k are typed, not shortcuts', async () => {
    await page.goto(`${h.baseUrl}/?queue=all`);
    await page.keyboard.press('j');
    await page.keyboard.press('/');
    expect(await activeId()).toBe('search-q');
    await page.keyboard.type('jk');
    expect(await page.locator('#search-q').inputValue()).toBe('jk');
    expect(await activeId()).toBe('search-q');
  });

  it('"?" opens the shortcut help; Esc closes it and focus returns', async () => {
    await page.goto(`${h.baseUrl}/?queue=all`);
    await page.keyboard.press('j');
    const selected = await selectedRow();
    expect(selected).not.toBeNull();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Next conversation');
    expect(
      await page.evaluate<boolean>('document.getElementById("shortcuts-help").contains(document.activeElement)'),
    ).toBe(true);
    // Shortcuts stay off while the dialog is open.
    await page.keyboard.press('j');
    expect(await dialog.isVisible()).toBe(true);
    await expectNoAxeViolations(page, 'inbox with the shortcut help open');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await selectedRow()).toBe(selected);
    // The hint opens it too.
    await page.getByRole('button', { name: 'Press ? for shortcuts' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await activeId()).toBe('shortcuts-open');
  });

  it('"e" focuses the draft; typing "a" there is text, never an approval', async () => {
    const id = ids[0] ?? 0;
    await page.goto(`${h.baseUrl}/messages/${id}`);
    await page.keyboard.press('e');
    expect(await activeId()).toBe('draft-text');
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' a');
    expect(await page.locator('#draft-text').inputValue()).toMatch(/ a$/);
    await page.getByLabel('Subject').press('a');
    await page.getByText(/^Saved /).waitFor({ timeout: 5_000 });
    expect(page.url()).toBe(`${h.baseUrl}/messages/${id}`);
    const draft = await draftOf(id);
    expect(draft.status).toBe('pending');
    expect(draft.text).toMatch(/ a$/);
  });

  it('"a" asks like the button does: dismissed, nothing is approved', async () => {
    const id = ids[1] ?? 0;
    // A page of the same signed-in context that dismisses the confirm instead of accepting it.
    const dismissing = await h.context.newPage();
    const asked: string[] = [];
    dismissing.on('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await dismissing.goto(`${h.baseUrl}/messages/${id}`);
    await dismissing.locator('#draft-form').waitFor();
    await dismissing.keyboard.press('a');
    await expect.poll(() => asked).toEqual(['Send this reply to the customer?']);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(dismissing.url()).toBe(`${h.baseUrl}/messages/${id}`);
    expect((await draftOf(id)).status).toBe('pending');
    await dismissing.close();
  });

  it('"a" approves through the normal flow: confirm, then the undo window', async () => {
    const id = ids[1] ?? 0;
    await page.goto(`${h.baseUrl}/messages/${id}`);
    await page.locator('#draft-form').waitFor();
    await page.keyboard.press('a');
    await page.getByText('Reply approved').waitFor();
    await page.getByRole('button', { name: 'Undo' }).waitFor();
    const draft = await draftOf(id);
    expect(draft.status).toBe('approved');
    expect(h.services.calls.sent).not.toContain(draft.id);
    // Inside the undo window there is no draft form: "a" does nothing more.
    await page.keyboard.press('a');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await draftOf(id)).status).toBe('approved');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Send undone').waitFor();
    expect((await draftOf(id)).status).toBe('pending');
    expect(h.consoleErrors).toEqual([]);
  });
});
