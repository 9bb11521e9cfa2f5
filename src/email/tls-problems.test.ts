/**
 * What the Inboxes page says when a mail server cannot be used, from real sockets on loopback:
 * a TLS hello to a plain-text port, a self-signed certificate, a closed port, a refused login.
 * Each text says what to change.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpPeer } from '../../test/servers/smtp-peer.js';
import { toImapError } from './imap/account.js';
import { testImapAccount } from './imap/test-connection.js';
import { isMailError, tlsProblem } from './smtp/mail-error.js';
import { testSmtpAccount } from './smtp/test-connection.js';

const servers: Server[] = [];
const sockets = new Set<Socket>();
let dir: string;
let plainImap: number;
let plainSmtp: number;
let selfSignedImap: number;
let selfSignedSmtp: number;
let closed: number;

async function listen(server: Server): Promise<number> {
  servers.push(server);
  // Clients that gave up may leave their side open; close() would wait for them.
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  // A throwaway self-signed certificate, made for this run only.
  dir = mkdtempSync(path.join(tmpdir(), 'snoooz-tls-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  await promisify(execFile)('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost'],
    ...['-keyout', key, '-out', cert],
  ]);
  const tls = { key: readFileSync(key), cert: readFileSync(cert) };
  plainImap = await listen(createServer((s) => s.write('* OK IMAP ready\r\n')));
  plainSmtp = await listen(createServer((s) => s.write('220 smtp ready ESMTP\r\n')));
  selfSignedImap = await listen(createTlsServer(tls, (s) => s.write('* OK IMAP ready\r\n')));
  selfSignedSmtp = await listen(createTlsServer(tls, (s) => s.write('220 smtp ready ESMTP\r\n')));
  const gone = createServer();
  closed = await new Promise<number>((resolve) =>
    gone.listen(0, '127.0.0.1', () => {
      const { port } = gone.address() as AddressInfo;
      gone.close(() => resolve(port));
    }),
  );
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const imap = (port: number, secure = true) =>
  testImapAccount(
    { host: '127.0.0.1', port, secure, user: 'support@shop.example', auth: { password: 'mailbox-pass' } },
    { timeoutMs: 5_000 },
  ).catch((e: unknown) => e);
const smtp = (port: number, secure = true) =>
  testSmtpAccount({
    host: '127.0.0.1',
    port,
    secure,
    user: 'support@shop.example',
    password: 'mailbox-pass',
    timeoutMs: 5_000,
  }).catch((e: unknown) => e);

describe('a mail server that cannot be used says what to change', () => {
  it('"Use TLS" on a plain-text port: use the TLS port or switch TLS off', async () => {
    const [i, s] = await Promise.all([imap(plainImap), smtp(plainSmtp)]);
    expect(isMailError(i, 'imap_tls_failed')).toBe(true);
    expect((i as Error).message).toBe(
      `TLS with the mail server 127.0.0.1:${plainImap} failed: the port and the TLS setting do not match. ` +
        'Use port 993 with "Use TLS" on, or port 143 with it off (STARTTLS).',
    );
    expect(isMailError(s, 'smtp_tls_failed')).toBe(true);
    expect((s as Error).message).toContain('Use port 465 with "Use TLS" on, or port 587 with it off (STARTTLS).');
  });

  it('a self-signed certificate: use the host name the provider gives', async () => {
    const [i, s] = await Promise.all([imap(selfSignedImap), smtp(selfSignedSmtp)]);
    expect(isMailError(i, 'imap_tls_failed')).toBe(true);
    expect((i as Error).message).toBe(
      `The certificate of the mail server 127.0.0.1:${selfSignedImap} is self-signed. ` +
        'Use the IMAP host name your provider gives (its certificate is issued for it).',
    );
    expect(isMailError(s, 'smtp_tls_failed')).toBe(true);
    expect((s as Error).message).toContain('is self-signed. Use the SMTP host name');
  });

  it('nothing listening: check host, port and TLS, the same words as a refused address', async () => {
    const [i, s] = await Promise.all([imap(closed), smtp(closed)]);
    const text = `Could not connect to the mail server 127.0.0.1:${closed}. Check the host, the port and the TLS setting.`;
    expect([isMailError(i, 'imap_unavailable'), (i as Error).message]).toEqual([true, text]);
    expect([isMailError(s, 'smtp_unavailable'), (s as Error).message]).toEqual([true, text]);
  });

  it('a refused login: check the user name and the password, never echoing it', async () => {
    const peer = await startSmtpPeer({ auth: { user: 'support@shop.example', password: 'right-pass-1' } });
    try {
      const s = await smtp(peer.port, false);
      expect(isMailError(s, 'smtp_auth_failed')).toBe(true);
      expect((s as Error).message).toMatch(
        /^SMTP login as support@shop\.example at 127\.0\.0\.1:\d+ failed: .+\. Check the user name and the password \(an app password if your provider requires one\)\.$/,
      );
      expect((s as Error).message).not.toContain('mailbox-pass');
    } finally {
      await peer.close();
    }
    const i = toImapError(
      { authenticationFailed: true, responseText: 'Invalid credentials (Failure).' },
      { host: 'imap.shop.example', port: 993, secure: true, user: 'support@shop.example', auth: { password: 'x' } },
    );
    expect(i.message).toBe(
      'IMAP login as support@shop.example at imap.shop.example:993 failed: Invalid credentials (Failure). ' +
        'Check the user name and the password (an app password if your provider requires one).',
    );
  });

  it('only TLS codes count, and the guard refusing an address is not one', () => {
    const where = 'mail.example:465';
    expect(tlsProblem('SMTP', where, { code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toContain(
      'was issued for another host name',
    );
    expect(tlsProblem('SMTP', where, { code: 'CERT_HAS_EXPIRED' })).toContain('has expired');
    expect(tlsProblem('IMAP', where, { code: 'egress_refused' })).toBeNull();
    expect(tlsProblem('IMAP', where, { code: 'ECONNREFUSED' })).toBeNull();
    expect(tlsProblem('IMAP', where, new Error('certificate mentioned in text only'))).toBeNull();
  });
});
