/** The SMTP receiver, driven by a real SMTP client (nodemailer) over loopback. */
import { afterEach, describe, expect, it } from 'vitest';
import { crlf, sampleMessage } from '../../../test/servers/imap-helpers.js';
import { isMailError } from './mail-error.js';
import type { SmtpEnvelope, SmtpReceiver, SmtpReceiverOptions } from './receiver.js';
import { startSmtpReceiver } from './receiver.js';
import { createSmtpSender, sendWithRetry } from './sender.js';

const INBOX = 'support@shop.example';
const receivers: SmtpReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

async function receiver(overrides: Partial<SmtpReceiverOptions> = {}) {
  const stored: Array<{ raw: Buffer; envelope: SmtpEnvelope }> = [];
  const r = await startSmtpReceiver({
    port: 0,
    acceptRecipient: async (address) => address.toLowerCase() === INBOX,
    onMessage: async (raw, envelope) => void stored.push({ raw, envelope }),
    ...overrides,
  });
  receivers.push(r);
  const sender = createSmtpSender({ host: '127.0.0.1', port: r.port, secure: false, timeoutMs: 10_000 });
  return { r, stored, sender };
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
    const { stored, sender } = await receiver();
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
    sender.close();
  });
});
