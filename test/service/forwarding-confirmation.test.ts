/**
 * Forwarding that checks itself through the real composition (`startServer`: SQLite, worker, web
 * app, SMTP receiver) over TCP: Gmail's forwarding confirmation (DKIM-signed for google.com, DNS
 * served by a stub) is stored, never drafted, and its code shows on the Inboxes page as from a
 * verified sender; a customer message beside it is drafted as usual; "Send a test message"
 * passes when the test message arrives over SMTP, and that message is not drafted either.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { dkimKey, publishDomain, signed, stubDns } from '../../src/email/auth/testing.js';
import { silentLogger } from '../../src/shared/logger.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { sendOver } from '../servers/smtp-dialog.js';
import { httpLogin, postForm, type HttpSession } from './http-session.js';

const DOMAIN = 'in.snoooz.test';
const PASSWORD = 'forwarding checks itself 42';
let server: RunningServer;
let dataDir: string;
let workspaceId = 0;
let inboxId = 0;
let forwardingAddress = '';
let session: HttpSession;

const gmail = readFileSync(new URL('../fixtures/verification/gmail-en.eml', import.meta.url));
const dns = stubDns();
const google = dkimKey('google.com');
publishDomain(dns, google);

function customer(id: string, subject: string): string {
  return [
    'From: Jane Doe <jane@customer.example>',
    'To: support@shop.example',
    `Subject: ${subject}`,
    `Message-ID: <${id}@customer.example>`,
    'Date: Sat, 05 Dec 2026 10:00:00 +0000',
    '',
    'Hello, where is my order?',
    '',
  ].join('\r\n');
}

async function settled(messageId: number): Promise<string> {
  for (let i = 0; i < 200; i += 1) {
    const m = await server.repos.messages.get(workspaceId, messageId);
    if (m.state !== 'received' && m.state !== 'processing') return m.state;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the message was never processed');
}

async function messageBy(id: string) {
  const found = (await server.repos.messages.list(workspaceId)).find((m) => m.messageId === id);
  if (!found) throw new Error(`${id} not stored`);
  return found;
}

const page = async (url: string) =>
  (await fetch(`${server.url}${url}`, { headers: { cookie: session.cookie } })).text();

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-forwarding-confirmation-'));
  server = await startServer({
    port: 0,
    host: '127.0.0.1',
    smtpPort: 0,
    smtpDomain: DOMAIN,
    dataDir,
    apiUrl: 'http://127.0.0.1:9',
    logger: silentLogger,
    env: {},
    pollMs: 50,
    watchImap: false,
    healthCheckMs: 0,
    dnsResolver: dns.resolver,
  });
  const ws = await server.repos.workspaces.create({ slug: 'fwd', name: 'Forwarding shop' });
  workspaceId = ws.id;
  // Forwarding only: no IMAP, no SMTP.
  const inbox = await server.repos.inboxes.create(ws.id, { name: 'Support', address: 'help@acme-outfitters.com' });
  inboxId = inbox.id;
  forwardingAddress = `inbox-${inbox.forwardingToken}@${DOMAIN}`;
  const user = await server.repos.users.create({
    email: 'owner@fwd.test',
    name: 'Owner',
    passwordHash: await hashPassword(PASSWORD),
  });
  await server.repos.users.setMembership(ws.id, user.id, 'owner');
  session = await httpLogin(server.url, 'owner@fwd.test', PASSWORD);
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('forwarding confirmation over the real SMTP receiver', { timeout: 30_000 }, () => {
  it('is stored, never drafted, and its code shows on the Inboxes page; customer mail is drafted', async () => {
    const confirmation = await sendOver(server.smtpPort ?? 0, {
      from: 'forwarding-noreply@google.com',
      to: [forwardingAddress],
      message: await signed(gmail, google),
    });
    expect(confirmation.data).toMatch(/^250/);
    const normal = await sendOver(server.smtpPort ?? 0, {
      to: [forwardingAddress],
      message: customer('order-1', 'Where is my order?'),
    });
    expect(normal.data).toMatch(/^250/);

    const customerMessage = await messageBy('order-1@customer.example');
    expect(await settled(customerMessage.id)).toBe('drafted');

    const stored = await messageBy('000000000000a1b2c3d4e5f60718@google.com');
    expect(stored).toMatchObject({ state: 'skipped', source: 'smtp' });
    expect(stored.stateReason).toMatch(/^Gmail forwarding confirmation: never answered/);
    expect(stored.auth?.verified).toBe(true);
    expect(await server.repos.drafts.byMessage(workspaceId, stored.id)).toBeNull();
    // No job was ever queued for it, so no store lookup or LLM call can happen.
    expect(await server.repos.jobs.listForMessage(workspaceId, stored.id)).toEqual([]);
    expect(await server.repos.jobs.listForMessage(workspaceId, customerMessage.id)).toHaveLength(1);

    const inboxes = await page('/inboxes');
    expect(inboxes).toContain('<code class="mono confirmation-code">482913706</code>');
    expect(inboxes).toContain('href="https://mail-settings.google.com/mail/vf-');
    expect(inboxes).toContain('<span class="badge connected">verified</span>');
    // A forwarding-only inbox is told how replies can go out.
    expect(inboxes).toMatch(/replies need an outgoing server:\s*<a href="\/inboxes\/\d+\/smtp">add SMTP settings<\/a>/);
    expect(inboxes).toMatch(/Last mail<\/dt>\s*<dd id="last-arrival-\d+">[\s\S]*?by forwarding/);
  });

  it('passes "Send a test message" when the test message arrives, and does not draft it', async () => {
    expect((await postForm(server.url, session, `/inboxes/${inboxId}/check`)).status).toBe(200);
    const check = await server.repos.forwarding.latestCheck(workspaceId, inboxId);
    expect(check?.status).toBe('pending');
    expect(await page(`/inboxes/${inboxId}/check`)).toContain('data-check-state="pending"');

    const sent = await sendOver(server.smtpPort ?? 0, {
      to: [forwardingAddress],
      message: customer('test-1', `Snoooz test ${check?.token}`),
    });
    expect(sent.data).toMatch(/^250/);
    const fragment = await page(`/inboxes/${inboxId}/check`);
    expect(fragment).toContain('data-check-state="passed"');
    expect(fragment).toMatch(/from <strong>jane@customer\.example<\/strong> by forwarding/);
    const test = await messageBy('test-1@customer.example');
    expect(test.state).toBe('skipped');
    expect(await server.repos.jobs.listForMessage(workspaceId, test.id)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(await server.repos.drafts.byMessage(workspaceId, test.id)).toBeNull();
  });
});
