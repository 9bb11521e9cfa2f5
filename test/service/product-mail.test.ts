/**
 * The real server's product mail: without SNOOOZ_MAIL_SMTP_HOST an invitation's link is shown in
 * the process log (and nothing else secret is); with it, the mail goes to the SMTP peer, links
 * start with SNOOOZ_APP_URL, and the link is never logged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { parseEmail } from '../../src/email/index.js';
import { createLogger } from '../../src/shared/logger.js';
import { hashPassword } from '../../src/web/auth/password.js';
import { startSmtpPeer, type SmtpPeer } from '../servers/smtp-peer.js';
import { waitFor } from '../servers/wait.js';
import { httpLogin, postForm } from './http-session.js';

const PASSWORD = 'owner password 123';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(env: Record<string, string>): Promise<{ server: RunningServer; log: string[] }> {
  const log: string[] = [];
  const dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-product-mail-'));
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    smtpPort: null,
    smtpDomain: 'snoooz.localhost',
    dataDir,
    apiUrl: 'http://127.0.0.1:9',
    logger: createLogger({ level: 'info', destination: { write: (line: string) => void log.push(line) } }),
    env,
    watchImap: false,
    healthCheckMs: 0,
  });
  cleanups.push(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const ws = await server.repos.workspaces.create({ slug: 'shop', name: 'Shop' });
  const owner = await server.repos.users.create({
    email: 'owner@shop.test',
    name: 'Olga',
    passwordHash: await hashPassword(PASSWORD),
  });
  await server.repos.users.setMembership(ws.id, owner.id, 'owner');
  return { server, log };
}

describe('product mail from the running server', { timeout: 60_000 }, () => {
  it('no SMTP configured: the invitation link is in the log, on the listening address, and nothing else secret', async () => {
    const { server, log } = await serve({});
    const session = await httpLogin(server.url, 'owner@shop.test', PASSWORD);
    const res = await postForm(server.url, session, '/members/invite', { email: 'nia@x.test', role: 'agent' });
    expect(res.status).toBe(200);
    expect(res.body).toContain('the mail and its link are in the server log');
    const caught = log.find((line) => line.includes('product_mail_caught'));
    const link = /Open: (\S+?)"/.exec(caught ?? '')?.[1] ?? '';
    expect(link).toMatch(new RegExp(`^${server.url}/invite/[A-Za-z0-9_-]{43}$`));
    const all = log.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(session.cookie.split('=')[1] ?? 'x');
    expect(all).not.toContain(session.csrf);
    // The link is printed once (by the catcher), never in a request log.
    expect(all.split(link.split('/').pop() ?? 'x').length - 1).toBe(1);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(log.join('\n').split(link.split('/').pop() ?? 'x').length - 1).toBe(1);
  });

  it('SMTP configured: the mail reaches the server with SNOOOZ_APP_URL links; the link is not logged', async () => {
    const peer: SmtpPeer = await startSmtpPeer();
    cleanups.push(() => peer.close());
    const { server, log } = await serve({
      SNOOOZ_MAIL_SMTP_HOST: peer.host,
      SNOOOZ_MAIL_SMTP_PORT: String(peer.port),
      SNOOOZ_MAIL_SMTP_REQUIRE_TLS: 'false',
      SNOOOZ_MAIL_FROM: 'Snoooz <no-reply@shop.test>',
      SNOOOZ_APP_URL: 'https://app.shop.test',
    });
    const res = await fetch(`${server.url}/forgot-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=owner%40shop.test',
    });
    expect(res.status).toBe(200);
    await waitFor(() => peer.received.length === 1, { timeoutMs: 10_000 });
    const parsed = await parseEmail(peer.received[0]?.raw ?? Buffer.alloc(0));
    const link = /https:\/\/app\.shop\.test\/reset-password\/([A-Za-z0-9_-]{43})/.exec(parsed.text)?.[1];
    expect(link).toBeDefined();
    expect(log.join('\n')).not.toContain(link ?? 'x');
    expect(log.join('\n')).not.toContain('product_mail_caught');
    const audit = await server.repos.audit.list((await server.repos.workspaces.bySlug('shop'))?.id ?? 0);
    expect(audit.find((e) => e.action === 'mail.sent')?.detail).toEqual({
      kind: 'password_reset',
      to: 'owner@shop.test',
      via: 'smtp',
    });
  });
});
