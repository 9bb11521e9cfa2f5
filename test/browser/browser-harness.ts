/**
 * Browser-test support: the web app on a real port (SQLite, real repositories, simulator, fake
 * services) and Debian's chromium driven by playwright-core, with console errors collected.
 */
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AxeResults } from 'axe-core';
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

/** How every test launches Debian's chromium (the flags this machine needs, no network chatter). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Debian's chromium, headless, on a fresh user-data-dir (deleted on close). */
export async function launchBrowser(
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-chromium-'));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
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

/** The rules the pages are held to: WCAG 2.0 and 2.1, levels A and AA. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let axeSource: string | null = null;

/**
 * Runs axe-core on the page as it is now and fails with one line per offending element. axe is
 * evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag
 * would be refused by `script-src 'self'`), so the page is tested under its real policy.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(axeSource);
  const options = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'] };
  const results = await page.evaluate<AxeResults>(`axe.run(document, ${JSON.stringify(options)})`);
  const lines = results.violations.flatMap((v) =>
    v.nodes.map((node) => {
      const why = node.failureSummary ? `\n      ${node.failureSummary.replace(/\n/g, '\n      ')}` : '';
      return `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n    at ${node.target.join(' ')}${why}`;
    }),
  );
  if (lines.length > 0) {
    throw new Error(
      `axe: ${lines.length} WCAG 2.1 A/AA violation(s) on ${label} (${page.url()}):\n  ${lines.join('\n  ')}`,
    );
  }
}

/** The same checks at a phone's viewport (390x844), then back to the viewport the page had. */
export async function expectNoAxeViolationsOnPhone(page: Page, label: string): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    await expectNoAxeViolations(page, `${label} at 390x844`);
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
