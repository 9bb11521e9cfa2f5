import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEmail } from './index.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../test/fixtures/mime/${name}`, import.meta.url));
const parseFixture = (name: string) => parseEmail(fixture(name));

describe('parseEmail: bodies', () => {
  it('reads a plain-text message with its headers', async () => {
    const email = await parseFixture('plain-text.eml');
    expect(email).toMatchObject({
      messageId: 'CAF7x9Q1plain001@mail.example.com',
      hasMessageId: true,
      inReplyTo: null,
      references: [],
      subject: 'Where is my order #10452?',
      from: { address: 'Jane.Customer@example.com', name: 'Jane Customer' },
      replyTo: null,
      to: ['support@acme-outfitters.com'],
      cc: [],
      date: '2024-05-14T09:12:30.000Z',
      html: null,
      attachments: [],
    });
    expect(email.text).toContain('order #10452');
    expect(email.newestText.endsWith('Thanks,\nJane')).toBe(true);
    expect(email.sizeBytes).toBe(fixture('plain-text.eml').length);
  });

  it('turns an HTML-only message into text', async () => {
    const email = await parseFixture('html-only.eml');
    expect(email.html).toContain('<strong>#10460</strong>');
    expect(email.text).toContain('Could you send me the tracking number for order #10460?');
    expect(email.text).toContain('Thanks & regards,');
    expect(email.text).not.toMatch(/<[a-z]|color: #333/);
  });

  it('turns HTML into text when it sits beside attachments, not as an alternative', async () => {
    const email = await parseFixture('html-with-attachment.eml');
    expect(email.text).toContain('The mug in order 10471 arrived broken.');
    expect(email.newestText).toContain('Can I get a replacement?');
    expect(email.attachments).toEqual([{ filename: 'broken-mug.jpg', contentType: 'image/jpeg', size: 159 }]);
  });

  it('takes the text part of multipart/alternative and keeps the HTML', async () => {
    const email = await parseFixture('multipart-alternative.eml');
    expect(email.text).toBe(
      'Hello,\n\nPlease ship order 10480 to my office instead: 500 Market St, San Francisco.\n\nTom\n',
    );
    expect(email.html).toContain('<i>my office</i>');
    expect(email.cc).toEqual(['lisa.baker@example.com']);
  });

  it('decodes quoted-printable UTF-8, soft line breaks included', async () => {
    const email = await parseFixture('quoted-printable-utf8.eml');
    expect(email.text).toContain("Je n'ai toujours pas reçu ma commande n° 10490. Où en est la livraison ?");
    expect(email.text).toContain("merci d'avance pour votre aide précieuse.");
    expect(email.subject).toBe('Où est ma commande ?');
    expect(email.from).toEqual({ address: 'amelie.dubois@example.fr', name: 'Amélie Dubois' });
    expect(email.headers['content-language']).toBe('fr');
  });

  it('decodes a base64 body with German umlauts and Spanish ñ', async () => {
    const email = await parseFixture('base64-utf8.eml');
    expect(email.text).toContain('zwei Größen bestellt (Bestellung 10495)');
    expect(email.text).toContain('Grüße aus München!');
    expect(email.text).toContain('¿el señor Muñoz recibirá su pedido mañana?');
    expect(email.subject).toBe('Wann kommt meine Bestellung? äöüß');
    expect(email.from?.name).toBe('Jürgen Bäcker');
  });

  it('decodes RFC 2047 subjects and names across words and charsets', async () => {
    const email = await parseFixture('encoded-headers.eml');
    expect(email.subject).toBe('¿Dónde está mi pedido? ñandú');
    expect(email.from).toEqual({ address: 'jose.munoz@example.es', name: 'José Muñoz' });
    expect(email.replyTo).toEqual({ address: 'jose.oficina@example.es', name: 'José Muñoz (oficina)' });
    expect(email.text.trim()).toBe('Hola, ¿dónde está mi pedido 10501? Gracias.');
  });

  it('decodes an ISO-8859-1 body and headers', async () => {
    const email = await parseFixture('iso-8859-1.eml');
    expect(email.text).toContain('Könnten Sie bitte prüfen, wo sie ist?');
    expect(email.text).toContain('El envío debía llegar el miércoles. ¿Qué pasó?');
    expect(email.text).toContain('Freundliche Grüße\nFrançois Müller');
    expect(email.subject).toBe('Bestellung 10510 - Lieferverzögerung');
    expect(email.from?.name).toBe('François Müller');
  });

  it('keeps attachments as metadata only, with RFC 2231 file names decoded', async () => {
    const email = await parseFixture('attachments.eml');
    expect(email.text.trim()).toBe(
      "I'd like to return the jacket from order 10520. Receipt and packing list attached.",
    );
    expect(email.attachments).toEqual([
      { filename: null, contentType: 'image/png', size: 70 },
      { filename: 'receipt-10520.pdf', contentType: 'application/pdf', size: 77 },
      { filename: 'Packliste Müller.csv', contentType: 'text/csv', size: 32 },
      { filename: null, contentType: 'application/octet-stream', size: 4 },
    ]);
    for (const attachment of email.attachments)
      expect(Object.keys(attachment).sort()).toEqual(['contentType', 'filename', 'size']);
    // cid: links stay links; inlining would copy the image into the stored HTML.
    expect(email.html).toContain('src="cid:logo@example.com"');
  });
});

describe('parseEmail: threading and headers', () => {
  it('reads Message-ID, In-Reply-To and folded References without brackets (CRLF input)', async () => {
    const email = await parseFixture('reply-en.eml');
    expect(email.messageId).toBe('CAF7x9Q1reply002@mail.example.com');
    expect(email.inReplyTo).toBe('20240514101500.support-0001@acme-outfitters.com');
    expect(email.references).toEqual([
      'CAF7x9Q1plain001@mail.example.com',
      '20240514101500.support-0001@acme-outfitters.com',
    ]);
  });

  it('keeps only the headers the guard and threading need, by lower-cased name', async () => {
    const email = await parseFixture('outlook-reply.eml');
    expect(email.headers).toEqual({
      'message-id': '<DM6PR11MB4123ABCD1234EF567890@DM6PR11MB4123.namprd11.prod.outlook.com>',
      'in-reply-to': '<20240521090000.support-0070@acme-outfitters.com>',
      references: '<20240521090000.support-0070@acme-outfitters.com>',
      date: 'Tue, 21 May 2024 15:22:10 +0000',
      'content-language': 'en-US',
      'x-auto-response-suppress': 'DR, RN, NRN, OOF, AutoReply',
    });
  });

  it('unfolds header values and keeps the first of repeated headers', async () => {
    const raw = [
      'From: a@example.com',
      'List-Id: Very long list description',
      '\tthat is folded <list.example.com>',
      'Precedence: bulk',
      'Precedence: list',
      '',
      'hi',
    ].join('\r\n');
    const email = await parseEmail(raw);
    expect(email.headers['list-id']).toBe('Very long list description\tthat is folded <list.example.com>');
    expect(email.headers.precedence).toBe('bulk');
  });

  it('takes the first id of an In-Reply-To with comments and accepts ids without brackets', async () => {
    const email = await parseEmail(
      [
        'From: a@example.com',
        'Message-ID: abc123@host.example',
        'In-Reply-To: <first@host.example> (Ann\'s message of "Mon, 1 Jan") <second@host.example>',
        'References: <r1@host.example>,<r2@host.example>   <r3@host.example>',
        '',
        'hi',
      ].join('\n'),
    );
    expect(email.messageId).toBe('abc123@host.example');
    expect(email.inReplyTo).toBe('first@host.example');
    expect(email.references).toEqual(['r1@host.example', 'r2@host.example', 'r3@host.example']);
  });

  it('gives a missing Message-ID a stable hash of the bytes', async () => {
    const first = await parseFixture('no-message-id.eml');
    const second = await parseFixture('no-message-id.eml');
    expect(first.hasMessageId).toBe(false);
    expect(first.messageId).toMatch(/^sha256-[0-9a-f]{64}@snoooz\.local$/);
    expect(second.messageId).toBe(first.messageId);

    const asString = await parseEmail(fixture('no-message-id.eml').toString('utf8'));
    expect(asString.messageId).toBe(first.messageId);
    const withCrlf = await parseEmail(fixture('no-message-id.eml').toString('utf8').replace(/\n/g, '\r\n'));
    expect(withCrlf.messageId).toBe(first.messageId);
    const edited = await parseEmail(fixture('no-message-id.eml').toString('utf8').replace('42', '43'));
    expect(edited.messageId).not.toBe(first.messageId);
  });

  it('treats an empty Message-ID as missing', async () => {
    const email = await parseEmail('From: a@example.com\nMessage-ID: <>\n\nhi');
    expect(email.hasMessageId).toBe(false);
    expect(email.messageId).toMatch(/^sha256-/);
  });

  it('gives null for a missing or unreadable Date instead of "now"', async () => {
    expect((await parseEmail('From: a@example.com\n\nhi')).date).toBeNull();
    expect((await parseEmail('From: a@example.com\nDate: sometime soon\n\nhi')).date).toBeNull();
    expect((await parseEmail('From: a@example.com\nDate: Wed, 29 May 2024 10:00:00 +0200 (CEST)\n\nhi')).date).toBe(
      '2024-05-29T08:00:00.000Z',
    );
  });

  it('reads addresses: group members, bare local parts, missing From', async () => {
    const email = await parseEmail(
      'From: MAILER-DAEMON\nTo: Team: a@example.com, "B" <b@example.com>;, c@example.com\nSubject:\n\nx',
    );
    expect(email.from).toEqual({ address: 'MAILER-DAEMON', name: null });
    expect(email.to).toEqual(['a@example.com', 'b@example.com', 'c@example.com']);
    expect(email.subject).toBe('');
    expect((await parseEmail('Subject: no sender\n\nx')).from).toBeNull();
  });

  it('reads a header-only message and an mbox export line before the headers', async () => {
    expect((await parseEmail('From: a@example.com\r\nSubject: hi')).text).toBe('');
    const mbox = await parseEmail(
      'From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: hi\n\nbody',
    );
    expect(mbox.from?.address).toBe('a@example.com');
    expect(mbox.subject).toBe('hi');
  });
});
