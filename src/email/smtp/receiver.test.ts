/**
 * The SMTP receiver, driven over TCP by a real SMTP client (nodemailer) and by a raw socket
 * client (test/servers/smtp-dialog.ts) where the exact reply lines matter.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { crlf, sampleMessage } from '../../../test/servers/imap-helpers.js';
import { openSmtp, sendOver } from '../../../test/servers/smtp-dialog.js';
import { isMailError } from './mail-error.js';
import type { SmtpEnvelope, SmtpReceiver, SmtpReceiverOptions } from './receiver.js';
import { looksLikeMessage, SMTP_REPLIES, startSmtpReceiver } from './receiver.js';
import { spoolFileName } from './spool.js';
import { createSmtpSender, sendWithRetry } from './sender.js';

const INBOX = 'support@shop.example';
/** Another inbox of the same tenant, and one of another tenant. */
const SAME_TENANT = 'billing@shop.example';
const OTHER_TENANT = 'support@other.example';
const TENANTS: Record<string, string> = { [INBOX]: 'shop', [SAME_TENANT]: 'shop', [OTHER_TENANT]: 'other' };

const receivers: SmtpReceiver[] = [];
const spoolDirs: string[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});
afterAll(() => {
  for (const dir of spoolDirs) rmSync(dir, { recursive: true, force: true });
});

function newSpoolDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'snoooz-spool-test-'));
  spoolDirs.push(dir);
  return dir;
}

async function receiver(overrides: Partial<SmtpReceiverOptions<string>> = {}) {
  const stored: Array<{ raw: Buffer; envelope: SmtpEnvelope; targets: string[] }> = [];
  const spoolDir = overrides.spoolDir ?? newSpoolDir();
  const r = await startSmtpReceiver<string>({
    port: 0,
    spoolDir,
    acceptRecipient: async (address) => {
      const tenant = TENANTS[address.toLowerCase()];
      return tenant ? { tenant, target: address.toLowerCase() } : null;
    },
    onMessage: async (raw, envelope, targets) => void stored.push({ raw, envelope, targets }),
    ...overrides,
  });
  receivers.push(r);
  const sender = createSmtpSender({ host: '127.0.0.1', port: r.port, secure: false, timeoutMs: 10_000 });
  return { r, stored, sender, spoolDir };
}

const mail = (raw: string | Buffer, to = [INBOX]) => ({ from: 'jane@customer.example', to, raw });

describe('SMTP receiver', () => {
  it('accepts mail for a configured inbox and hands on the exact bytes and envelope', async () => {
    const { stored, sender } = await receiver();
    const raw = sampleMessage('s1');
    const result = await sender.send(mail(raw, ['Support@Shop.example']));
    expect(result.response).toMatch(/^250/);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.raw.equals(Buffer.from(raw))).toBe(true);
    // Recipients are matched case-insensitively (the client may normalise the domain).
    expect(stored[0]?.envelope.from).toBe('jane@customer.example');
    expect(stored[0]?.envelope.to.map((a) => a.toLowerCase())).toEqual([INBOX]);
    expect(stored[0]?.targets).toEqual([INBOX]);
    sender.close();
  });

  it('rejects an unknown recipient at RCPT with 550 and stores nothing', async () => {
    const { stored, sender } = await receiver();
    const error = await sender.send(mail(sampleMessage('s2'), ['nobody@shop.example'])).catch((e: unknown) => e);
    expect(isMailError(error, 'smtp_rejected')).toBe(true);
    expect((error as Error).message).toContain('550');
    expect(stored).toHaveLength(0);
    sender.close();
  });

  it('rejects a message over the size limit with 552', async () => {
    const { stored, sender } = await receiver({ maxBytes: 100_000 });
    const big = crlf(`${sampleMessage('big')}${'x'.repeat(76)}\n`.repeat(1)) + 'y'.repeat(200_000);
    const error = await sender.send(mail(big)).catch((e: unknown) => e);
    expect(isMailError(error, 'smtp_rejected')).toBe(true);
    expect((error as Error).message).toContain('552');
    expect(stored).toHaveLength(0);
    sender.close();
  });

  it('answers 250 only after onMessage resolved', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let storedAt = 0;
    const { sender } = await receiver({
      onMessage: async () => {
        await gate;
        storedAt = Date.now();
      },
    });
    let answeredAt = 0;
    const sending = sender.send(mail(sampleMessage('s3'))).then((r) => {
      answeredAt = Date.now();
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answeredAt).toBe(0);
    release();
    const result = await sending;
    expect(result.response).toMatch(/^250/);
    expect(storedAt).toBeGreaterThan(0);
    expect(answeredAt).toBeGreaterThanOrEqual(storedAt);
    sender.close();
  });

  it('answers 451 when storing fails, so the client retries and the message is not lost', async () => {
    let failures = 1;
    const stored: Buffer[] = [];
    const { sender } = await receiver({
      onMessage: async (raw) => {
        if (failures-- > 0) throw new Error('database is down');
        stored.push(raw);
      },
    });
    const first = await sender.send(mail(sampleMessage('s4'))).catch((e: unknown) => e);
    expect(isMailError(first, 'smtp_unavailable')).toBe(true);
    expect((first as Error).message).toContain('451');
    failures = 1;
    const retried: number[] = [];
    const result = await sendWithRetry(sender, mail(sampleMessage('s4')), {
      attempts: 3,
      baseDelayMs: 10,
      onRetry: (_e, attempt) => retried.push(attempt),
    });
    expect(result.response).toMatch(/^250/);
    expect(retried).toEqual([1]);
    expect(stored).toHaveLength(1);
    sender.close();
  });

  it('takes a 10 MB message and malformed MIME, byte for byte', async () => {
    const { stored, sender, spoolDir } = await receiver();
    const body = Buffer.alloc(7_600_000, 3).toString('base64').replace(/.{76}/g, '$&\r\n');
    const big = `${sampleMessage('big10').split('\r\n\r\n')[0]}\r\nX-Filler: yes\r\n\r\n${body}\r\n`;
    expect(big.length).toBeGreaterThan(10_000_000);
    const malformed = crlf(
      'Message-ID: <broken@x>\nContent-Type: multipart/mixed; boundary="b"\nno colon here\n\n--b\nContent-Transfer-Encoding: base64\n\n%%%\n.\n..leading dots\n',
    );
    await sender.send(mail(big));
    await sender.send(mail(malformed));
    expect(stored).toHaveLength(2);
    expect(stored[0]?.raw.length).toBe(big.length);
    expect(stored[0]?.raw.equals(Buffer.from(big))).toBe(true);
    expect(stored[1]?.raw.equals(malformed)).toBe(true);
    // The big one went through a temp file, which is gone once it was stored.
    expect(readdirSync(spoolDir)).toEqual([]);
    sender.close();
  });
});

describe('SMTP receiver: what it refuses', () => {
  it('answers DATA that is not an email with 554 5.6.0 and stores nothing', async () => {
    const { r, stored } = await receiver();
    const junk = [
      randomBytes(4096),
      'just one line of text',
      'hello world\r\nthis is not a message\r\n',
      'Subject: no sender, no id, no date\r\n\r\nbody\r\n',
      '{"json": true}\r\n',
    ];
    for (const message of junk) {
      const result = await sendOver(r.port, { to: [INBOX], message });
      expect(result.rcpt).toEqual(['250 Accepted']);
      expect(result.data).toBe(`554 ${SMTP_REPLIES.notAnEmail}`);
    }
    expect(stored).toHaveLength(0);
    // A real message on the same receiver is still taken.
    const ok = await sendOver(r.port, { to: [INBOX], message: sampleMessage('after-junk') });
    expect(ok.data).toMatch(/^250 /);
    expect(stored).toHaveLength(1);
  });

  it('takes a message whose header names at least From, Message-ID or Date', () => {
    expect(looksLikeMessage(Buffer.from('From: a@b.example\r\n\r\nhi'))).toBe(true);
    expect(looksLikeMessage(Buffer.from('Received: x\r\nMessage-ID: <1@x>\r\n\r\n'))).toBe(true);
    expect(looksLikeMessage(Buffer.from('Date: Tue, 21 May 2024 16:30:00 +0000\r\nSubject: s\r\n\r\n'))).toBe(true);
    expect(looksLikeMessage(Buffer.from('Subject: s\r\nTo: a@b.example\r\n\r\nFrom: in the body\r\n'))).toBe(false);
    expect(looksLikeMessage(Buffer.from('From: x\0binary\r\n\r\n'))).toBe(false);
  });

  it('delivers one transaction to one tenant: a recipient of another tenant is answered 452', async () => {
    const { r, stored } = await receiver();
    const result = await sendOver(r.port, {
      to: [INBOX, OTHER_TENANT, SAME_TENANT],
      message: sampleMessage('two-tenants'),
    });
    expect(result.rcpt[0]).toBe('250 Accepted');
    expect(result.rcpt[1]).toBe(`452 ${SMTP_REPLIES.otherTenant}`);
    // Another inbox of the same tenant is fine.
    expect(result.rcpt[2]).toBe('250 Accepted');
    expect(result.data).toMatch(/^250 /);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.targets).toEqual([INBOX, SAME_TENANT]);

    // The relay sends the refused recipient its own copy in a transaction of its own.
    const again = await sendOver(r.port, { to: [OTHER_TENANT], message: sampleMessage('two-tenants') });
    expect(again.rcpt).toEqual(['250 Accepted']);
    expect(stored[1]?.targets).toEqual([OTHER_TENANT]);
  });

  it('starts over with each transaction: the next message may go to another tenant', async () => {
    const { r, stored } = await receiver();
    const smtp = await openSmtp(r.port);
    await smtp.command('EHLO client.test');
    for (const [n, to] of [INBOX, OTHER_TENANT].entries()) {
      expect(await smtp.command('MAIL FROM:<relay@forwarder.example>')).toMatch(/^250/);
      expect(await smtp.command(`RCPT TO:<${to}>`)).toBe('250 Accepted');
      expect(await smtp.data(sampleMessage(`seq-${n}`))).toMatch(/^250/);
    }
    // RSET also starts over.
    await smtp.command('MAIL FROM:<relay@forwarder.example>');
    await smtp.command(`RCPT TO:<${INBOX}>`);
    await smtp.command('RSET');
    await smtp.command('MAIL FROM:<relay@forwarder.example>');
    expect(await smtp.command(`RCPT TO:<${OTHER_TENANT}>`)).toBe('250 Accepted');
    smtp.close();
    expect(stored.map((s) => s.targets)).toEqual([[INBOX], [OTHER_TENANT]]);
  });

  it('caps recipients per transaction (452 past 50 by default)', async () => {
    const { r } = await receiver({ acceptRecipient: async (address) => ({ tenant: 'shop', target: address }) });
    const to = Array.from({ length: 52 }, (_, n) => `r${n}@shop.example`);
    const result = await sendOver(r.port, { to, message: sampleMessage('many') });
    expect(result.rcpt.slice(0, 50).every((reply) => reply === '250 Accepted')).toBe(true);
    expect(result.rcpt[50]).toMatch(/^452 /);
    expect(result.rcpt[51]).toMatch(/^452 /);
    expect(result.data).toMatch(/^250 /);
  });

  it('answers every unknown recipient alike, and closes a connection that keeps guessing', async () => {
    const { r } = await receiver({ limits: { maxUnknownRecipients: 3 } });
    const smtp = await openSmtp(r.port);
    await smtp.command('EHLO client.test');
    await smtp.command('MAIL FROM:<probe@attacker.example>');
    const replies = [];
    for (const to of ['inbox-1@shop.example', 'nobody@shop.example', 'x@elsewhere.example']) {
      replies.push(await smtp.command(`RCPT TO:<${to}>`));
    }
    expect(new Set(replies)).toEqual(new Set([`550 ${SMTP_REPLIES.unknownRecipient}`]));
    expect(await smtp.command('RCPT TO:<inbox-2@shop.example>')).toMatch(/^421 /);
    await smtp.closed;
  });
});

describe('SMTP receiver: who may connect, and how much', () => {
  it('refuses clients outside the allowed relay networks at connect with 554', async () => {
    const { r, stored } = await receiver({ allowFrom: ['10.0.0.0/8', '2001:db8::/32'] });
    const smtp = await openSmtp(r.port);
    expect(smtp.greeting).toBe(`554 ${SMTP_REPLIES.refusedNetwork}`);
    await smtp.closed;
    expect(stored).toHaveLength(0);

    const allowed = await receiver({ allowFrom: ['192.0.2.0/24', '127.0.0.0/8'] });
    const ok = await sendOver(allowed.r.port, { to: [INBOX], message: sampleMessage('relay') });
    expect(ok.greeting).toMatch(/^220 /);
    expect(ok.data).toMatch(/^250 /);
  });

  it('rejects a configuration that is not a list of networks', async () => {
    await expect(receiver({ allowFrom: ['10.0.0.0/33'] })).rejects.toThrow(/not a network/);
    await expect(receiver({ allowFrom: ['example.com'] })).rejects.toThrow(/not a network/);
  });

  it('limits new connections per client per minute (421), and counts again in the next minute', async () => {
    let clock = 1_000_000;
    const { r } = await receiver({ limits: { connectionsPerMinute: 3 }, now: () => clock });
    for (let n = 0; n < 3; n += 1) {
      const smtp = await openSmtp(r.port);
      expect(smtp.greeting).toMatch(/^220 /);
      await smtp.command('QUIT');
      smtp.close();
    }
    const refused = await openSmtp(r.port);
    expect(refused.greeting).toMatch(/^421 4\.7\.0 Too many connections/);
    await refused.closed;
    clock += 60_000;
    const later = await openSmtp(r.port);
    expect(later.greeting).toMatch(/^220 /);
    later.close();
  });

  it('limits connections open at once per client (421)', async () => {
    const { r } = await receiver({ limits: { maxConnectionsPerClient: 2 } });
    const first = await openSmtp(r.port);
    const second = await openSmtp(r.port);
    const third = await openSmtp(r.port);
    expect([first.greeting, second.greeting].every((g) => g.startsWith('220 '))).toBe(true);
    expect(third.greeting).toMatch(/^421 /);
    first.close();
    await first.closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fourth = await openSmtp(r.port);
    expect(fourth.greeting).toMatch(/^220 /);
    second.close();
    fourth.close();
  });

  it('caps the number of clients connected at once (421)', async () => {
    const { r } = await receiver({ limits: { maxClients: 2 } });
    const open = [await openSmtp(r.port), await openSmtp(r.port)];
    const over = await openSmtp(r.port);
    expect(over.greeting).toMatch(/^421 /);
    for (const smtp of open) smtp.close();
  });

  it('limits messages per client per minute (450 at MAIL FROM)', async () => {
    let clock = 5_000_000;
    const { r, stored } = await receiver({ limits: { messagesPerMinute: 2 }, now: () => clock });
    const smtp = await openSmtp(r.port);
    await smtp.command('EHLO client.test');
    for (let n = 0; n < 2; n += 1) {
      expect(await smtp.command('MAIL FROM:<relay@forwarder.example>')).toMatch(/^250/);
      await smtp.command(`RCPT TO:<${INBOX}>`);
      expect(await smtp.data(sampleMessage(`rate-${n}`))).toMatch(/^250/);
    }
    expect(await smtp.command('MAIL FROM:<relay@forwarder.example>')).toMatch(/^450 4\.7\.1 Too many messages/);
    clock += 60_000;
    expect(await smtp.command('MAIL FROM:<relay@forwarder.example>')).toMatch(/^250/);
    smtp.close();
    expect(stored).toHaveLength(2);
  });

  it('closes an idle connection (421)', async () => {
    const { r } = await receiver({ limits: { socketTimeoutMs: 300 } });
    const smtp = await openSmtp(r.port);
    await smtp.command('EHLO client.test');
    const started = Date.now();
    await smtp.closed;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('SMTP receiver: large messages do not pile up in memory', () => {
  /** A forced garbage collection, so memory readings show what is still referenced. */
  function collectGarbage(): void {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  }

  it('spools concurrent DATA phases to disk and stores two at a time', { timeout: 90_000 }, async () => {
    // As reported: many parallel large messages. Held in memory they cost parallel × size (twice).
    const parallel = 12;
    const size = 16 * 1024 * 1024;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inOnMessage = 0;
    let peakInOnMessage = 0;
    const stored: Array<{ length: number; id: string }> = [];
    const { r, spoolDir } = await receiver({
      maxBytes: 20 * 1024 * 1024,
      onMessage: async (raw) => {
        inOnMessage += 1;
        peakInOnMessage = Math.max(peakInOnMessage, inOnMessage);
        await gate;
        stored.push({
          length: raw.length,
          id: /Message-ID: <([^>]+)>/.exec(raw.toString('latin1', 0, 200))?.[1] ?? '',
        });
        inOnMessage -= 1;
      },
    });
    // One body shared by every client, so the client side holds one copy however many send it.
    const filler = Buffer.alloc(size, 'a');
    for (let at = 76; at < filler.length; at += 78) filler.write('\r\n', at, 'latin1');
    const heads = Array.from({ length: parallel }, (_, n) =>
      Buffer.from(
        `Message-ID: <big-${String(n).padStart(2, '0')}@customer.example>\r\nFrom: a@customer.example\r\nSubject: big\r\n\r\n`,
      ),
    );
    const expected = (head: Buffer) => head.length + filler.length + 2;
    collectGarbage();
    const before = process.memoryUsage().arrayBuffers;

    const sessions = await Promise.all(
      heads.map(async () => {
        const smtp = await openSmtp(r.port);
        await smtp.command('EHLO client.test');
        await smtp.command('MAIL FROM:<relay@forwarder.example>');
        await smtp.command(`RCPT TO:<${INBOX}>`);
        return smtp;
      }),
    );
    const replies = sessions.map((smtp, n) =>
      smtp.data([heads[n] as Buffer, filler], { stuffed: false }).finally(() => smtp.close()),
    );
    // Every DATA phase is over: all of them handed to onMessage (held in memory), or all of
    // them complete on disk with a few being stored.
    const spooledInFull = () =>
      readdirSync(spoolDir).filter((name) => statSync(path.join(spoolDir, name)).size === expected(heads[0] as Buffer))
        .length;
    const deadline = Date.now() + 60_000;
    while (!(inOnMessage === parallel || (inOnMessage >= 2 && spooledInFull() === parallel))) {
      if (Date.now() > deadline) throw new Error(`DATA phases did not finish (${inOnMessage} in onMessage)`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    collectGarbage();
    const held = process.memoryUsage().arrayBuffers - before;

    // At most two messages in memory at a time (the two being stored); the rest wait on disk.
    expect(peakInOnMessage).toBe(2);
    expect(r.stats().peakBufferedBytes).toBeLessThanOrEqual(2 * expected(heads[0] as Buffer) + parallel * 256 * 1024);
    expect(held).toBeLessThan(4 * size);

    release();
    const answers = await Promise.all(replies);
    expect(answers.every((a) => a.startsWith('250 '))).toBe(true);
    expect(stored).toHaveLength(parallel);
    expect(new Set(stored.map((s) => s.id)).size).toBe(parallel);
    expect(stored.every((s, n) => s.length === expected(heads[n] as Buffer))).toBe(true);
    expect(readdirSync(spoolDir)).toEqual([]);
    expect(r.stats().bufferedBytes).toBe(0);
  });

  it('removes its temp files when a client goes away mid-message, and those left by a dead process', async () => {
    const spoolDir = newSpoolDir();
    // A file a crashed process left behind (pid 2^22 + 1 does not exist on Linux), one of a live
    // process (this one's parent), and one of a process on another host sharing the folder.
    writeFileSync(path.join(spoolDir, spoolFileName(2 ** 22 + 1)), 'x');
    writeFileSync(path.join(spoolDir, spoolFileName(process.ppid)), 'x');
    writeFileSync(path.join(spoolDir, `smtp-00000000-${2 ** 22 + 1}-abcdef.eml`), 'x');
    const { r } = await receiver({ spoolDir, limits: { memoryBytes: 1024 } });
    expect(readdirSync(spoolDir).sort()).toEqual(
      [spoolFileName(process.ppid), `smtp-00000000-${2 ** 22 + 1}-abcdef.eml`].sort(),
    );
    for (const name of readdirSync(spoolDir)) rmSync(path.join(spoolDir, name));
    const smtp = await openSmtp(r.port);
    await smtp.command('EHLO client.test');
    await smtp.command('MAIL FROM:<relay@forwarder.example>');
    await smtp.command(`RCPT TO:<${INBOX}>`);
    await smtp.command('DATA');
    await new Promise<void>((resolve) => {
      // Written through the socket the dialog owns: part of a message, never the final dot.
      void smtp.command(`From: a@customer.example\r\n\r\n${'z'.repeat(200_000)}`);
      setTimeout(resolve, 300);
    });
    expect(readdirSync(spoolDir)).toHaveLength(1);
    smtp.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(readdirSync(spoolDir)).toEqual([]);
  });
});
