/** Small helpers for tests against the Dovecot test server. */
import { ImapFlow } from 'imapflow';
import type { DovecotServer } from './dovecot.js';

/** An ImapAccount-shaped object for a test user. */
export function accountFor(server: DovecotServer, user: string, password: string) {
  return { host: server.host, port: server.port, secure: false, user, auth: { password } };
}

/** A second, independent client (the "other mail client" that delivers or inspects mail). */
export async function openImap(server: DovecotServer, user: string, password: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: server.host,
    port: server.port,
    secure: false,
    logger: false,
    auth: { user, pass: password },
  });
  await client.connect();
  return client;
}

export async function appendTo(
  server: DovecotServer,
  user: string,
  password: string,
  messages: Array<string | Buffer>,
  mailbox = 'INBOX',
): Promise<void> {
  const client = await openImap(server, user, password);
  try {
    for (const message of messages) await client.append(mailbox, message);
  } finally {
    await client.logout();
  }
}

/** A small RFC 5322 message with CRLF line ends (what IMAP hands back byte for byte). */
export function sampleMessage(n: number | string, extraHeaders = ''): string {
  return [
    `Message-ID: <m${n}@customer.example>`,
    'From: Jane Doe <jane@customer.example>',
    'To: support@shop.example',
    `Subject: Where is order ${n}?`,
    'Date: Tue, 21 May 2024 16:30:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(extraHeaders ? [extraHeaders] : []),
    '',
    `Hello, message ${n}.`,
    '',
  ].join('\r\n');
}

export function crlf(text: string | Buffer): Buffer {
  const s = Buffer.isBuffer(text) ? text.toString('latin1') : text;
  return Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'latin1');
}
