/**
 * Mail from strangers through the real composition (`startServer`: SQLite, worker, web app, SMTP
 * receiver), over TCP: forwarding addresses are unguessable tokens shown in the API, unknown and
 * wrong addresses are answered alike, one message reaches one workspace, the old `inbox-<id>@`
 * address works only while the owner keeps it on, and the receiver has its own listen address.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveProcessConfig } from '../../src/app/config.js';
import { startServer, type RunningServer } from '../../src/server/start-server.js';
import { hashToken } from '../../src/db/index.js';
import { SMTP_REPLIES } from '../../src/email/index.js';
import { silentLogger } from '../../src/shared/logger.js';
import { openSmtp, sendOver } from '../servers/smtp-dialog.js';

const DOMAIN = 'in.snoooz.test';
let server: RunningServer;
let dataDir: string;
const ws = { a: { id: 0, inboxId: 0, token: '' }, b: { id: 0, inboxId: 0, token: '' } };

function message(id: string, extra = ''): string {
  return [
    'From: Jane Doe <jane@customer.example>',
    'To: support@shop.example',
    'Subject: Where is my order?',
    `Message-ID: <${id}@customer.example>`,
    'Date: Mon, 02 Mar 2026 10:00:00 +0000',
    ...(extra ? [extra] : []),
    '',
    'Hello, where is my order?',
    '',
  ].join('\r\n');
}

async function api(workspace: 'a' | 'b', method: string, url: string, body?: unknown) {
  const response = await fetch(`${server.url}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${ws[workspace].token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

type Summary = {
  id: number;
  forwardingAddress: string | null;
  legacyForwardingAddress: string | null;
  legacyForwarding: boolean;
  passwordSet: boolean;
};

async function inboxOf(workspace: 'a' | 'b'): Promise<Summary> {
  const { json } = await api(workspace, 'GET', '/api/inboxes');
  const inbox = (json.inboxes as Summary[]).find((i) => i.id === ws[workspace].inboxId);
  if (!inbox) throw new Error('inbox not listed');
  return inbox;
}

async function messageIds(workspaceId: number): Promise<string[]> {
  return (await server.repos.messages.list(workspaceId)).map((m) => m.messageId);
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'snoooz-smtp-forwarding-'));
  server = await startServer({
    port: 0,
    // The web app on every interface: the receiver must not follow it there.
    host: '0.0.0.0',
    smtpPort: 0,
    smtpDomain: DOMAIN,
    dataDir,
    apiUrl: 'http://127.0.0.1:9',
    logger: silentLogger,
    env: {},
    pollMs: 50,
    watchImap: false,
    healthCheckMs: 0,
  });
  for (const key of ['a', 'b'] as const) {
    const workspace = await server.repos.workspaces.create({ slug: `shop-${key}`, name: `Shop ${key}` });
    const inbox = await server.repos.inboxes.create(workspace.id, {
      name: 'Support',
      address: `support@shop-${key}.example`,
      ...(key === 'a'
        ? { smtp: { host: 'smtp.shop-a.example', port: 465, secure: true, user: 'a' }, password: 'mail-pass-9876' }
        : {}),
    });
    const token = `snz_${randomBytes(24).toString('hex')}`;
    await server.repos.auth.createApiToken(workspace.id, {
      tokenHash: hashToken(token),
      name: 'test',
      last4: token.slice(-4),
      scopes: ['read', 'admin'],
    });
    ws[key] = { id: workspace.id, inboxId: inbox.id, token };
  }
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('forwarding addresses', { timeout: 30_000 }, () => {
  it('are unguessable tokens, shown in the API; the mail password only as set or not', async () => {
    const a = await inboxOf('a');
    const b = await inboxOf('b');
    expect(a.forwardingAddress).toMatch(new RegExp(`^inbox-[a-z2-7]{26}@${DOMAIN.replace(/\./g, '\\.')}$`));
    expect(b.forwardingAddress).not.toBe(a.forwardingAddress);
    expect(a.forwardingAddress).not.toContain(`inbox-${ws.a.inboxId}@`);
    // A new inbox does not accept the old sequential address.
    expect(a).toMatchObject({ legacyForwarding: false, legacyForwardingAddress: null, passwordSet: true });
    expect(b.passwordSet).toBe(false);
    const listed = JSON.stringify((await api('a', 'GET', '/api/inboxes')).json);
    expect(listed).not.toContain('9876');
    expect(listed).not.toContain('forwardingToken');
  });

  it('deliver into their own workspace', async () => {
    const a = await inboxOf('a');
    const result = await sendOver(server.smtpPort ?? 0, { to: [a.forwardingAddress ?? ''], message: message('to-a') });
    expect(result.rcpt).toEqual(['250 Accepted']);
    expect(result.data).toMatch(/^250 /);
    expect(await messageIds(ws.a.id)).toContain('to-a@customer.example');
    expect(await messageIds(ws.b.id)).not.toContain('to-a@customer.example');
    // Relays may change the case of the local part: the token survives it.
    const upper = (a.forwardingAddress ?? '').toUpperCase();
    expect((await sendOver(server.smtpPort ?? 0, { to: [upper], message: message('to-a-upper') })).data).toMatch(
      /^250 /,
    );
  });

  it('one message for two workspaces lands in one; the other recipient is answered 452 and sent again apart', async () => {
    const [a, b] = [await inboxOf('a'), await inboxOf('b')];
    const both = await sendOver(server.smtpPort ?? 0, {
      to: [a.forwardingAddress ?? '', b.forwardingAddress ?? ''],
      message: message('both'),
    });
    expect(both.rcpt).toEqual(['250 Accepted', `452 ${SMTP_REPLIES.otherTenant}`]);
    expect(both.data).toMatch(/^250 /);
    expect(await messageIds(ws.a.id)).toContain('both@customer.example');
    expect(await messageIds(ws.b.id)).not.toContain('both@customer.example');
    // What a relay does with the 452: the same message in a transaction of its own.
    const retry = await sendOver(server.smtpPort ?? 0, { to: [b.forwardingAddress ?? ''], message: message('both') });
    expect(retry.data).toMatch(/^250 /);
    expect(await messageIds(ws.b.id)).toContain('both@customer.example');
  });

  it('answer unknown, wrong and switched-off addresses identically', async () => {
    const b = await inboxOf('b');
    const token = /^inbox-([a-z2-7]+)@/.exec(b.forwardingAddress ?? '')?.[1] ?? '';
    const wrongToken = `${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}`;
    const probes = [
      `inbox-${wrongToken}@${DOMAIN}`,
      `inbox-${'a'.repeat(26)}@${DOMAIN}`,
      // The old addresses: an existing inbox with it off, and ids that do not exist.
      `inbox-${ws.a.inboxId}@${DOMAIN}`,
      `inbox-${ws.b.inboxId}@${DOMAIN}`,
      `inbox-999999@${DOMAIN}`,
      `inbox-0@${DOMAIN}`,
      `support@shop-a.example`,
      `inbox-${token}@other.example`,
      // A look-alike of the real token (Cyrillic "а" first).
      `inbox-\u0430${token.slice(1)}@${DOMAIN}`,
    ];
    const smtp = await openSmtp(server.smtpPort ?? 0);
    await smtp.command('EHLO relay.test');
    await smtp.command('MAIL FROM:<probe@attacker.example>');
    const replies = [];
    for (const to of probes.slice(0, 9)) replies.push(await smtp.command(`RCPT TO:<${to}>`));
    smtp.close();
    expect(replies.filter((r) => r !== '')).toHaveLength(probes.length);
    expect(new Set(replies)).toEqual(new Set([`550 ${SMTP_REPLIES.unknownRecipient}`]));
  });

  it('take as long to refuse a wrong token as an unknown one or a switched-off old address', async () => {
    const b = await inboxOf('b');
    const token = /^inbox-([a-z2-7]+)@/.exec(b.forwardingAddress ?? '')?.[1] ?? '';
    const kinds = {
      wrongToken: () => `inbox-${token.slice(0, 20)}${randomBase32(6)}@${DOMAIN}`,
      unknownToken: () => `inbox-${randomBase32(26)}@${DOMAIN}`,
      oldAddressOff: () => `inbox-${ws.b.inboxId}@${DOMAIN}`,
      unknownId: () => `inbox-${900_000 + Math.floor(Math.random() * 99_999)}@${DOMAIN}`,
    };
    const times: Record<string, number[]> = {};
    for (let round = 0; round < 5; round += 1) {
      // One connection per kind (each is closed after 10 unknown recipients), probed in turn so
      // that whatever else the machine does slows every kind alike.
      const connections = await Promise.all(
        Object.keys(kinds).map(async () => {
          const smtp = await openSmtp(server.smtpPort ?? 0);
          await smtp.command('EHLO relay.test');
          await smtp.command('MAIL FROM:<probe@attacker.example>');
          return smtp;
        }),
      );
      for (let n = 0; n < 8; n += 1) {
        for (const [index, [kind, address]] of Object.entries(kinds).entries()) {
          const smtp = connections[index];
          if (!smtp) throw new Error('no connection');
          const started = process.hrtime.bigint();
          const reply = await smtp.command(`RCPT TO:<${address()}>`);
          (times[kind] ??= []).push(Number(process.hrtime.bigint() - started) / 1e6);
          expect(reply).toBe(`550 ${SMTP_REPLIES.unknownRecipient}`);
        }
      }
      for (const smtp of connections) smtp.close();
    }
    const medians = Object.values(times).map(median);
    // Sub-millisecond on loopback; any real difference would be a query more or less.
    expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(2);
  });

  it('the old inbox-<id>@ address works only while the owner keeps it on', async () => {
    const legacy = `inbox-${ws.b.inboxId}@${DOMAIN}`;
    const refused = await sendOver(server.smtpPort ?? 0, { to: [legacy], message: message('legacy-1') });
    expect(refused.rcpt).toEqual([`550 ${SMTP_REPLIES.unknownRecipient}`]);

    const on = await api('b', 'PUT', `/api/inboxes/${ws.b.inboxId}/forwarding`, { legacyForwarding: true });
    expect(on.status).toBe(200);
    expect(on.json.inbox).toMatchObject({ legacyForwarding: true, legacyForwardingAddress: legacy });
    const accepted = await sendOver(server.smtpPort ?? 0, { to: [legacy], message: message('legacy-2') });
    expect(accepted.data).toMatch(/^250 /);
    expect(await messageIds(ws.b.id)).toContain('legacy-2@customer.example');

    // Another workspace cannot switch it.
    expect((await api('a', 'PUT', `/api/inboxes/${ws.b.inboxId}/forwarding`, { legacyForwarding: false })).status).toBe(
      404,
    );
    await api('b', 'PUT', `/api/inboxes/${ws.b.inboxId}/forwarding`, { legacyForwarding: false });
    const off = await sendOver(server.smtpPort ?? 0, { to: [legacy], message: message('legacy-3') });
    expect(off.rcpt).toEqual([`550 ${SMTP_REPLIES.unknownRecipient}`]);
    expect(await messageIds(ws.b.id)).not.toContain('legacy-3@customer.example');
    const audit = await server.repos.audit.list(ws.b.id);
    expect(JSON.stringify(audit)).toContain('legacyForwardingAddress');
  });

  it('a replaced address stops working at once', async () => {
    const before = (await inboxOf('a')).forwardingAddress ?? '';
    const rotated = await api('a', 'POST', `/api/inboxes/${ws.a.inboxId}/forwarding/rotate`);
    expect(rotated.status).toBe(200);
    const after = (rotated.json.inbox as Summary).forwardingAddress ?? '';
    expect(after).not.toBe(before);
    expect((await sendOver(server.smtpPort ?? 0, { to: [before], message: message('rot-1') })).rcpt).toEqual([
      `550 ${SMTP_REPLIES.unknownRecipient}`,
    ]);
    expect((await sendOver(server.smtpPort ?? 0, { to: [after], message: message('rot-2') })).data).toMatch(/^250 /);
  });

  it('refuses DATA that is not an email, storing nothing', async () => {
    const a = await inboxOf('a');
    const count = (await server.repos.messages.list(ws.a.id)).length;
    const junk = await sendOver(server.smtpPort ?? 0, {
      to: [a.forwardingAddress ?? ''],
      message: randomBytes(2048).toString('latin1'),
    });
    expect(junk.data).toBe(`554 ${SMTP_REPLIES.notAnEmail}`);
    const line = await sendOver(server.smtpPort ?? 0, { to: [a.forwardingAddress ?? ''], message: 'hello there' });
    expect(line.data).toBe(`554 ${SMTP_REPLIES.notAnEmail}`);
    expect((await server.repos.messages.list(ws.a.id)).length).toBe(count);
  });
});

describe('where the receiver listens', () => {
  it('on 127.0.0.1 by default, not on the web app\u2019s HOST', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    // The web app answers on the machine's own address (HOST 0.0.0.0); the receiver does not.
    if (external) {
      const web = await fetch(`http://${external}:${server.port}/healthz`);
      expect(web.status).toBeLessThan(500);
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: external, port: server.smtpPort ?? 0 });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect(reached).toBe(false);
    }
    const smtp = await openSmtp(server.smtpPort ?? 0, '127.0.0.1');
    expect(smtp.greeting).toMatch(/^220 /);
    smtp.close();
  });

  it('takes its address, allowed relay networks and limits from its own settings', () => {
    const base = { HOST: '0.0.0.0' };
    expect(resolveProcessConfig({}, base).smtpHost).toBe('127.0.0.1');
    expect(resolveProcessConfig({}, { ...base, SNOOOZ_SMTP_HOST: '192.0.2.10' }).smtpHost).toBe('192.0.2.10');
    expect(resolveProcessConfig({ smtpHost: '::1' }, { ...base, SNOOOZ_SMTP_HOST: '192.0.2.10' }).smtpHost).toBe('::1');
    const config = resolveProcessConfig(
      {},
      {
        SNOOOZ_SMTP_ALLOW_FROM: '10.0.0.0/8, 192.0.2.7 2001:db8::/32',
        SNOOOZ_SMTP_MAX_CLIENTS: '20',
        SNOOOZ_SMTP_MESSAGES_PER_MINUTE: '0',
        SNOOOZ_SMTP_MAX_RECIPIENTS: '10',
        SNOOOZ_SMTP_IDLE_TIMEOUT_MS: '30000',
      },
    );
    expect(config.smtpAllowFrom).toEqual(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
    expect(config.smtpLimits).toEqual({
      maxClients: 20,
      messagesPerMinute: 0,
      maxRecipients: 10,
      socketTimeoutMs: 30_000,
    });
    expect(() => resolveProcessConfig({}, { SNOOOZ_SMTP_ALLOW_FROM: '10.0.0.0/40' })).toThrow(/SNOOOZ_SMTP_ALLOW_FROM/);
    expect(() => resolveProcessConfig({}, { SNOOOZ_SMTP_MAX_CLIENTS: 'many' })).toThrow(/SNOOOZ_SMTP_MAX_CLIENTS/);
  });

  it('refuses clients outside the allowed relay networks at connect (554)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'snoooz-smtp-allow-'));
    const guarded = await startServer({
      port: 0,
      host: '127.0.0.1',
      smtpPort: 0,
      smtpDomain: DOMAIN,
      smtpAllowFrom: ['10.0.0.0/8'],
      dataDir: dir,
      apiUrl: 'http://127.0.0.1:9',
      logger: silentLogger,
      env: {},
      watchImap: false,
      healthCheckMs: 0,
    });
    try {
      const smtp = await openSmtp(guarded.smtpPort ?? 0);
      expect(smtp.greeting).toBe(`554 ${SMTP_REPLIES.refusedNetwork}`);
      await smtp.closed;
    } finally {
      await guarded.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function randomBase32(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return Array.from(randomBytes(length), (byte) => alphabet[byte % 32]).join('');
}
