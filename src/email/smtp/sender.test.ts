/** Building and sending replies, checked on a real SMTP peer on loopback. */
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { SmtpPeer, SmtpPeerOptions } from '../../../test/servers/smtp-peer.js';
import { startSmtpPeer } from '../../../test/servers/smtp-peer.js';
import { buildReplyMime, draftMessageId, textToHtml } from './compose-reply.js';
import type { BuildReplyInput } from './compose-reply.js';
import { isMailError } from './mail-error.js';
import { createSmtpSender, sendWithRetry } from './sender.js';
import { testSmtpAccount } from './test-connection.js';

const peers: SmtpPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});
async function peer(options: SmtpPeerOptions = {}) {
  const p = await startSmtpPeer(options);
  peers.push(p);
  return p;
}

const REPLY: BuildReplyInput = {
  from: { address: 'support@shop.example', name: 'Acme Support' },
  to: { address: 'jane@customer.example', name: 'Jane Doe' },
  subject: 'RE: Re: Where is my order #1042?',
  inReplyTo: 'orig-2@customer.example',
  references: ['<root-1@customer.example>'],
  text: 'Hi Jane,\n\nYour order #1042 shipped today: https://track.example/1042.\n\nBest regards,',
  signature: 'Acme Outfitters\n<support@shop.example>',
  draftId: 77,
};

describe('buildReplyMime', () => {
  it('makes a threaded reply with a stable Message-ID per draft', async () => {
    const a = await buildReplyMime(REPLY);
    const b = await buildReplyMime(REPLY);
    expect(a.messageId).toBe(b.messageId);
    expect(a.messageId).toMatch(/^<draft-77\.[0-9a-f]{16}@shop\.example>$/);
    expect(draftMessageId(78, 'support@shop.example', '<orig-2@customer.example>')).not.toBe(a.messageId);
    expect(a.subject).toBe('Re: Where is my order #1042?');
    expect(a.from).toBe('support@shop.example');
    expect(a.to).toEqual(['jane@customer.example']);
    expect(a.raw.toString()).not.toMatch(/^Auto-Submitted/im);
  });

  it('escapes text, makes paragraphs and clickable links, and keeps trailing punctuation outside', () => {
    expect(textToHtml('a < b & "c"\n\nsee https://x.example/a?b=1&c=2.')).toBe(
      '<div dir="auto">\n<p>a &lt; b &amp; &quot;c&quot;</p>\n' +
        '<p>see <a href="https://x.example/a?b=1&amp;c=2">https://x.example/a?b=1&amp;c=2</a>.</p>\n</div>',
    );
  });

  it('does not sign twice when the text already ends with the signature', async () => {
    const mime = await buildReplyMime({ ...REPLY, text: `Thanks!\n\n${REPLY.signature}` });
    const parsed = await simpleParser(mime.raw);
    expect(parsed.text?.split('Acme Outfitters').length).toBe(2);
  });
});

describe('sending a reply', () => {
  it('arrives with the reply headers, both parts and the signature', async () => {
    const p = await peer();
    const sender = createSmtpSender({ host: p.host, port: p.port, secure: false });
    const mime = await buildReplyMime({ ...REPLY, autoSubmitted: true });
    const result = await sendWithRetry(sender, mime, { attempts: 1 });
    sender.close();
    expect(result.messageId).toBe(mime.messageId);
    expect(result.response).toMatch(/^250/);

    expect(p.received).toHaveLength(1);
    const got = p.received[0]!;
    expect(got.from).toBe('support@shop.example');
    expect(got.to).toEqual(['jane@customer.example']);
    const parsed = await simpleParser(got.raw);
    expect(parsed.subject).toBe('Re: Where is my order #1042?');
    expect(parsed.messageId).toBe(mime.messageId);
    expect(parsed.inReplyTo).toBe('<orig-2@customer.example>');
    expect(parsed.references).toEqual(['<root-1@customer.example>', '<orig-2@customer.example>']);
    expect(parsed.from?.value).toEqual([{ address: 'support@shop.example', name: 'Acme Support' }]);
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value : null).toEqual([
      { address: 'jane@customer.example', name: 'Jane Doe' },
    ]);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(String(parsed.headers.get('content-type') && got.raw.toString())).toMatch(
      /^Content-Type: multipart\/alternative/im,
    );
    expect(parsed.text).toContain('Your order #1042 shipped today');
    expect(parsed.text).toContain('Acme Outfitters');
    expect(parsed.html).toContain('<a href="https://track.example/1042">');
    expect(parsed.html).toContain('Acme Outfitters');
    expect(parsed.html).toContain('&lt;support@shop.example&gt;');
  });

  it('retries a 451 and then succeeds, once', async () => {
    const p = await peer({ failFirst: 2, failWith: 451 });
    const sender = createSmtpSender({ host: p.host, port: p.port, secure: false });
    const retries: string[] = [];
    await sendWithRetry(sender, await buildReplyMime(REPLY), {
      attempts: 3,
      baseDelayMs: 10,
      onRetry: (e) => retries.push(e.code),
    });
    sender.close();
    expect(retries).toEqual(['smtp_unavailable', 'smtp_unavailable']);
    expect(p.attempts).toBe(3);
    expect(p.received).toHaveLength(1);
  });

  it('does not retry a 550, and says why', async () => {
    const p = await peer({ failFirst: 5, failWith: 550 });
    const sender = createSmtpSender({ host: p.host, port: p.port, secure: false });
    const error = await sendWithRetry(sender, await buildReplyMime(REPLY), { attempts: 5, baseDelayMs: 10 }).catch(
      (e: unknown) => e,
    );
    sender.close();
    expect(isMailError(error, 'smtp_rejected')).toBe(true);
    expect((error as Error).message).toMatch(/550 Mailbox unavailable/);
    expect((error as Error).message.split('\n')).toHaveLength(1);
    expect(p.attempts).toBe(1);
  });

  it('gives up after the last try on a server that is down, as smtp_unavailable', async () => {
    const p = await peer();
    const port = p.port;
    await p.close();
    peers.splice(0);
    const sender = createSmtpSender({ host: '127.0.0.1', port, secure: false, timeoutMs: 2_000 });
    const tries: number[] = [];
    const error = await sendWithRetry(sender, await buildReplyMime(REPLY), {
      attempts: 3,
      baseDelayMs: 10,
      onRetry: (_e, n) => tries.push(n),
    }).catch((e: unknown) => e);
    sender.close();
    expect(isMailError(error, 'smtp_unavailable')).toBe(true);
    expect(tries).toEqual([1, 2]);
  });
});

describe('testSmtpAccount', () => {
  it('passes with the right login and fails without leaking the password', async () => {
    const p = await peer({ auth: { user: 'support@shop.example', password: 's3cret-pass' } });
    const account = { host: p.host, port: p.port, secure: false, user: 'support@shop.example' };
    await expect(testSmtpAccount({ ...account, password: 's3cret-pass' })).resolves.toEqual({ ok: true });
    const error = await testSmtpAccount({ ...account, password: 'wrong-pass-123' }).catch((e: unknown) => e);
    expect(isMailError(error, 'smtp_auth_failed')).toBe(true);
    expect((error as Error).message).not.toContain('wrong-pass-123');
    expect((error as Error).message).toContain(`127.0.0.1:${p.port}`);
  });
});
