import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../shared/errors.js';
import { DEFAULT_MAX_EMAIL_BYTES, parseEmail } from './index.js';

async function rejection(raw: Buffer | string, options?: { maxBytes?: number }): Promise<InputError> {
  try {
    await parseEmail(raw, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected parseEmail to reject');
}

/** Bad input must fail with InputError and a one-line message, or parse; nothing else. */
async function parsesOrRejectsCleanly(raw: Buffer | string): Promise<void> {
  try {
    const email = await parseEmail(raw);
    expect(typeof email.messageId).toBe('string');
    expect(email.messageId).not.toBe('');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).not.toContain('\n');
  }
}

describe('parseEmail: input that is not an email', () => {
  it.each([
    ['empty string', ''],
    ['whitespace', '  \r\n\r\n  '],
    ['prose', 'Hello, where is my order 10452? Thanks, Jane'],
    ['JSON', '{"from": "a@example.com", "subject": "hi"}'],
    ['key-value lines that are not mail headers', 'Name: Jane\nColour: blue\n\nhello'],
    ['a body before any header', '\nFrom: a@example.com\n\nhi'],
    ['NUL bytes in the headers', 'From: a@example.com\nSubject: a\u0000b\n\nhi'],
    ['binary garbage', randomBytes(4096).fill(0, 0, 1)],
    ['an empty buffer', Buffer.alloc(0)],
  ])('rejects %s with invalid_email', async (_label, raw) => {
    const error = await rejection(raw);
    expect(error.code).toBe('invalid_email');
    expect(error.message).toMatch(/^Not an email: /);
    expect(error.message).not.toContain('\n');
  });

  it('rejects a header section without end in the first megabyte', async () => {
    const error = await rejection(`From: a@example.com\nX-Padding: ${'a'.repeat(1024 * 1024 + 10)}`);
    expect(error.code).toBe('invalid_email');
  });

  it('accepts headers without a From (the guard skips it later)', async () => {
    const email = await parseEmail('Subject: hello\nDate: Mon, 1 Jan 2024 10:00:00 +0000\n\nbody');
    expect(email.from).toBeNull();
  });
});

describe('parseEmail: size', () => {
  /** A realistic 10 MB message: a short question and a large scanned PDF. */
  function tenMegabyteEmail(): Buffer {
    const pdf = Buffer.alloc(7_600_000, 0x25);
    const base64 = pdf.toString('base64').replace(/.{76}/g, '$&\r\n');
    return Buffer.from(
      [
        'From: Big Sender <big@example.com>',
        'To: support@acme-outfitters.com',
        'Subject: Invoice scan for order 10700',
        'Message-ID: <big-0001@example.com>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="big"',
        '',
        '--big',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Please see the attached scan for order 10700.',
        '--big',
        'Content-Type: application/pdf; name="scan.pdf"',
        'Content-Disposition: attachment; filename="scan.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        base64,
        '--big--',
        '',
      ].join('\r\n'),
    );
  }

  it('parses a 10 MB message', async () => {
    const raw = tenMegabyteEmail();
    expect(raw.length).toBeGreaterThan(10_000_000);
    const email = await parseEmail(raw);
    expect(email.sizeBytes).toBe(raw.length);
    expect(email.newestText).toBe('Please see the attached scan for order 10700.');
    expect(email.attachments).toEqual([{ filename: 'scan.pdf', contentType: 'application/pdf', size: 7_600_000 }]);
  });

  it('parses a 10 MB plain-text message and strips its quotes in time', async () => {
    const quoted = '> Earlier message line with order 10001 in it.\n'.repeat(220_000);
    const raw = `From: a@example.com\nSubject: long\n\nMy question is short.\n\nOn Mon, 1 Jan 2024 at 10:00, Shop <shop@example.com> wrote:\n${quoted}`;
    expect(Buffer.byteLength(raw)).toBeGreaterThan(10_000_000);
    const started = Date.now();
    const email = await parseEmail(raw);
    expect(email.newestText).toBe('My question is short.');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('rejects a message over maxBytes with email_too_large, before parsing', async () => {
    const error = await rejection(tenMegabyteEmail(), { maxBytes: 5 * 1024 * 1024 });
    expect(error.code).toBe('email_too_large');
    expect(error.message).toBe('Email is 9.9 MB, over the 5.0 MB limit');
  });

  it('has a default limit of 50 MB', async () => {
    expect(DEFAULT_MAX_EMAIL_BYTES).toBe(50 * 1024 * 1024);
    const error = await rejection(Buffer.alloc(DEFAULT_MAX_EMAIL_BYTES + 1, 0x61));
    expect(error.code).toBe('email_too_large');
  });

  it('rejects a maxBytes that is not a positive number', async () => {
    expect((await rejection('From: a@example.com\n\nhi', { maxBytes: 0 })).code).toBe('invalid_option');
    expect((await rejection('From: a@example.com\n\nhi', { maxBytes: Number.NaN })).code).toBe('invalid_option');
  });
});

describe('parseEmail: never throws anything but InputError', () => {
  /** Pieces of real MIME, so the generated input gets past the header check and into mailparser. */
  const mimePiece = fc.oneof(
    fc.constantFrom(
      'From: a@example.com',
      'From: =?utf-8?B?w7w=?= <',
      'Subject: =?iso-8859-1?q?=E9?=',
      'Message-ID: <',
      'References: <a@b> <',
      'Date: Mon, 99 Foo 2024',
      'Content-Type: multipart/mixed; boundary=x',
      'Content-Type: multipart/alternative; boundary="x"',
      'Content-Type: text/html; charset=utf-7',
      'Content-Type: text/plain; charset=unknown-8bit',
      'Content-Transfer-Encoding: base64',
      'Content-Transfer-Encoding: quoted-printable',
      "Content-Disposition: attachment; filename*=utf-8''%E2%82",
      '--x',
      '--x--',
      '=E2=82=',
      '<html><blockquote><b>',
      '> quoted',
      'On Mon, 1 Jan 2024 Ann <a@b> wrote:',
      '-- ',
      '',
    ),
    fc.string(),
  );
  const mimeLike = fc
    .array(mimePiece, { maxLength: 30 })
    .map((pieces) => `From: a@example.com\r\n${pieces.join('\r\n')}`);

  it('on arbitrary strings', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), parsesOrRejectsCleanly), {
      numRuns: 300,
    });
  });

  it('on arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), (bytes) => parsesOrRejectsCleanly(Buffer.from(bytes))),
      {
        numRuns: 300,
      },
    );
  });

  it('on MIME-shaped input', async () => {
    await fc.assert(fc.asyncProperty(mimeLike, parsesOrRejectsCleanly), { numRuns: 300 });
  });
});
