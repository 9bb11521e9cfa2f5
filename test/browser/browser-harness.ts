/**
 * Browser-test support: the web app on a real port (SQLite, real repositories, simulator, fake
 * services) and Debian's chromium driven by playwright-core, with console errors collected.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createHarness, type Harness } from '../../src/web/testing/harness.js';

type HarnessOptions = NonNullable<Parameters<typeof createHarness>[0]>;

export const SCREENSHOTS = path.resolve('test-results/screenshots');

export interface BrowserHarness extends Harness {
  baseUrl: string;
  context: BrowserContext;
  consoleErrors: string[];
  newPage(): Promise<Page>;
  shutdown(): Promise<void>;
}

export interface LaunchedBrowser {
  context: BrowserContext;
  /** Console errors and uncaught page errors, as `url: text`. */
  consoleErrors: string[];
  /** A page that records console errors and accepts confirm() dialogs. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Debian's chromium, headless, on a fresh user-data-dir (deleted on close). */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    viewport: { width: 1280, height: 900 },
  });
  const consoleErrors: string[] = [];
  async function newPage(): Promise<Page> {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
    page.on('dialog', (d) => void d.accept());
    return page;
  }
  return {
    context,
    consoleErrors,
    newPage,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function startBrowserHarness(options: HarnessOptions = {}): Promise<BrowserHarness> {
  const h = await createHarness({ draftDelayMs: 400, ...options });
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  const address = h.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await launchBrowser();
  return {
    ...h,
    baseUrl: `http://127.0.0.1:${port}`,
    context: browser.context,
    consoleErrors: browser.consoleErrors,
    newPage: browser.newPage,
    async shutdown() {
      await browser.close();
      await h.close();
    },
  };
}

/** True when the page is wider than the viewport (a horizontal scrollbar). */
export async function hasHorizontalScroll(page: Page): Promise<boolean> {
  // A string, so this Node-typed file needs no DOM types.
  return page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
}
