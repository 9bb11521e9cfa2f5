import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkLoopGuard, parseEmail, type LoopGuardResult } from './index.js';

const INBOX = { inboxAddresses: ['support@acme-outfitters.com', 'orders@acme-outfitters.com'] };

/** A customer's message with the given From and extra header lines. */
async function guard(from: string | null, ...extraHeaders: string[]): Promise<LoopGuardResult> {
  const headers = [
    ...(from === null ? [] : [`From: ${from}`]),
    'To: support@acme-outfitters.com',
    'Subject: Order 10452',
  ];
  const email = await parseEmail([...headers, ...extraHeaders, '', 'Where is my order?'].join('\r\n'));
  return checkLoopGuard(email, INBOX);
}

async function guardFixture(name: string): Promise<LoopGuardResult> {
  const email = await parseEmail(readFileSync(new URL(`../../test/fixtures/mime/${name}`, import.meta.url)));
  return checkLoopGuard(email, INBOX);
}

describe('checkLoopGuard: realistic messages', () => {
  it.each([
    ['plain-text.eml', { skip: false }],
    ['reply-en.eml', { skip: false }],
    ['outlook-reply.eml', { skip: false }],
    ['auto-reply-vacation.eml', { skip: true, code: 'auto_reply', reason: 'Auto-Submitted: auto-replied (vacation)' }],
    ['newsletter.eml', { skip: true, code: 'bulk', reason: 'Precedence: bulk' }],
    ['bounce.eml', { skip: true, code: 'mailer_daemon', reason: 'sender is a mailer-daemon' }],
    ['noreply-sender.eml', { skip: true, code: 'no_reply_sender', reason: 'sender is a no-reply address' }],
    ['own-address.eml', { skip: true, code: 'own_address', reason: "sent from this inbox's own address" }],
    ['google-group-relay.eml', { skip: false }],
  ])('%s', async (name, expected) => {
    expect(await guardFixture(name)).toEqual(expected);
  });
});

describe('checkLoopGuard: auto-replies', () => {
  it.each(['auto-replied', 'auto-generated', 'auto-notified', 'Auto-Replied'])(
    'skips Auto-Submitted: %s',
    async (value) => {
      expect(await guard('jo@example.com', `Auto-Submitted: ${value}`)).toEqual({
        skip: true,
        code: 'auto_reply',
        reason: `Auto-Submitted: ${value}`,
      });
    },
  );

  it.each(['no', 'No', 'no (a person wrote this)'])('answers Auto-Submitted: %s', async (value) => {
    expect(await guard('jo@example.com', `Auto-Submitted: ${value}`)).toEqual({ skip: false });
  });

  it.each([
    ['X-Autoreply: yes', 'X-Autoreply: yes'],
    ['X-AutoReply: YES', 'X-Autoreply: YES'],
    ['X-Autorespond: vacation', 'X-Autorespond: vacation'],
    ['Precedence: auto_reply', 'Precedence: auto_reply'],
  ])('skips %s', async (header, reason) => {
    expect(await guard('jo@example.com', header)).toEqual({ skip: true, code: 'auto_reply', reason });
  });

  it.each(['X-Autoreply: no', 'X-Autorespond: false', 'X-Auto-Response-Suppress: All'])(
    'answers %s',
    async (header) => {
      expect(await guard('jo@example.com', header)).toEqual({ skip: false });
    },
  );

  it('skips a message with an empty Return-Path as a bounce', async () => {
    expect(await guard('jo@example.com', 'Return-Path: <>')).toEqual({
      skip: true,
      code: 'mailer_daemon',
      reason: 'Return-Path is empty (a bounce or automatic message)',
    });
    expect(await guard('jo@example.com', 'Return-Path: <jo@example.com>')).toEqual({ skip: false });
  });
});

describe('checkLoopGuard: bulk and list mail', () => {
  it.each(['bulk', 'list', 'junk', 'BULK'])('skips Precedence: %s', async (value) => {
    expect(await guard('news@brand.example', `Precedence: ${value}`)).toEqual({
      skip: true,
      code: 'bulk',
      reason: `Precedence: ${value}`,
    });
  });

  it('answers Precedence: first-class', async () => {
    expect(await guard('jo@example.com', 'Precedence: first-class')).toEqual({ skip: false });
  });

  it('skips List-Unsubscribe and List-Id', async () => {
    expect(await guard('news@brand.example', 'List-Unsubscribe: <https://brand.example/u>')).toEqual({
      skip: true,
      code: 'bulk',
      reason: 'List-Unsubscribe header (mailing list)',
    });
    expect(await guard('news@brand.example', 'List-Id: Brand news <news.brand.example>')).toEqual({
      skip: true,
      code: 'bulk',
      reason: 'List-Id header (mailing list)',
    });
  });

  it("answers mail relayed by the inbox's own Google Group but not by another list", async () => {
    const relayed = [
      'List-Id: <orders.acme-outfitters.com>',
      'List-Unsubscribe: <mailto:x@googlegroups.com>',
      'Precedence: list',
    ];
    expect(await guard('jo@example.com', ...relayed)).toEqual({ skip: false });
    expect(await guard('jo@example.com', 'List-Id: <other.example.com>', 'Precedence: list')).toMatchObject({
      skip: true,
      code: 'bulk',
    });
    // The group exemption never covers auto-replies.
    expect(await guard('jo@example.com', ...relayed, 'Auto-Submitted: auto-replied')).toMatchObject({
      code: 'auto_reply',
    });
  });
});

describe('checkLoopGuard: senders', () => {
  it.each([
    'MAILER-DAEMON@mx.example.net',
    'mailer-daemon@googlemail.com',
    'Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>',
    'MAILER-DAEMON',
  ])('skips %s as a mailer-daemon', async (from) => {
    expect(await guard(from)).toEqual({ skip: true, code: 'mailer_daemon', reason: 'sender is a mailer-daemon' });
  });

  it('skips postmaster as a delivery report', async () => {
    expect(await guard('postmaster@example.net')).toEqual({
      skip: true,
      code: 'mailer_daemon',
      reason: 'sender is postmaster (a delivery report)',
    });
  });

  it.each([
    'noreply@shop.example',
    'no-reply@shop.example',
    'no_reply@shop.example',
    'No.Reply@shop.example',
    'do-not-reply@shop.example',
    'donotreply@shop.example',
    'do_not_reply@shop.example',
    'NoReply+orders@shop.example',
    'orders-noreply@shop.example',
    'Carrier <noreply.tracking@carrier.example>',
  ])('skips the no-reply sender %s', async (from) => {
    expect(await guard(from)).toEqual({ skip: true, code: 'no_reply_sender', reason: 'sender is a no-reply address' });
  });

  it.each(['reply@shop.example', 'norah@example.com', 'noel.replier@example.com', 'replies@example.com'])(
    'answers %s',
    async (from) => {
      expect(await guard(from)).toEqual({ skip: false });
    },
  );

  it.each([
    'support@acme-outfitters.com',
    'SUPPORT@ACME-OUTFITTERS.COM',
    'Acme <Orders@Acme-Outfitters.com>',
    'support+bounces@acme-outfitters.com',
    ' support@acme-outfitters.com ',
  ])('skips mail from its own address %s', async (from) => {
    expect(await guard(from)).toEqual({
      skip: true,
      code: 'own_address',
      reason: "sent from this inbox's own address",
    });
  });

  it('matches own addresses that are configured in any case or with spaces', async () => {
    const email = await parseEmail('From: support@acme-outfitters.com\n\nhi');
    expect(checkLoopGuard(email, { inboxAddresses: ['  Support@ACME-outfitters.com '] })).toMatchObject({
      code: 'own_address',
    });
    expect(checkLoopGuard(email, { inboxAddresses: [] })).toEqual({ skip: false });
    expect(checkLoopGuard(email, { inboxAddresses: [''] })).toEqual({ skip: false });
  });

  it('skips a message without a usable sender', async () => {
    expect(await guard(null)).toEqual({
      skip: true,
      code: 'no_sender',
      reason: 'no sender address (From header missing or empty)',
    });
    expect(await guard('undisclosed-recipients:;')).toMatchObject({ skip: true, code: 'no_sender' });
    expect(await guard('someone')).toEqual({
      skip: true,
      code: 'no_sender',
      reason: 'sender address has no domain, so it cannot be answered',
    });
  });

  it('names the strongest reason first: own address over auto-reply over no-reply', async () => {
    expect(await guard('support@acme-outfitters.com', 'Auto-Submitted: auto-replied')).toMatchObject({
      code: 'own_address',
    });
    expect(await guard('noreply@shop.example', 'Auto-Submitted: auto-generated')).toMatchObject({ code: 'auto_reply' });
  });

  it('gives every reason as one line', async () => {
    const results = await Promise.all([
      guard(null),
      guard('MAILER-DAEMON'),
      guard('jo@example.com', 'Auto-Submitted: auto-replied'),
      guard('jo@example.com', 'List-Id: <l.example.com>'),
      guard('noreply@shop.example'),
    ]);
    for (const result of results) {
      expect(result.skip).toBe(true);
      if (result.skip) expect(result.reason).toMatch(/^[^\n]+$/);
    }
  });
});

describe('checkLoopGuard: auto-replies recognised by their subject alone', () => {
  async function guardSubject(subject: string, body: string): Promise<LoopGuardResult> {
    const email = await parseEmail(
      ['From: Kim Lee <kim@example.com>', 'To: support@acme-outfitters.com', `Subject: ${subject}`, '', body].join(
        '\r\n',
      ),
    );
    return checkLoopGuard(email, INBOX);
  }

  it.each([
    ['Out of Office: Re: Your order #5114', 'I am away until Monday.'],
    ['Automatic reply: Order 5114', 'I am out of the office.'],
    ['Abwesenheitsnotiz: Ihre Bestellung', 'Ich bin bis zum 15.06. nicht im Büro.'],
    ['Automatische Antwort: Ihre Bestellung 5114', 'Ich bin nicht im Büro.'],
    ['Réponse automatique : Commande 5114', 'Je suis absent.'],
    ['Absence du bureau', "Je suis absent du bureau jusqu'au 10 juin."],
    ['Respuesta automática: Re: Tu pedido', 'Estoy de vacaciones.'],
    ['Fuera de la oficina', 'Estoy fuera de la oficina hasta el 20 de junio.'],
    ['RE: Automatic reply: Order 5114', 'I am out of the office.'],
  ])('%s', async (subject, body) => {
    expect(await guardSubject(subject, body)).toMatchObject({ skip: true, code: 'auto_reply' });
  });

  it.each([
    ['Question about out of office supplies', 'Do you sell desks?'],
    ['Re: absence of tracking link', 'Where is my order?'],
    ['Abwesenheit im Juni - bitte später liefern', 'Können Sie später liefern?'],
    ['Mi pedido llegó fuera de plazo', '¿Qué pasó?'],
    ['Retour automatique ?', 'Le retour est-il automatique ?'],
  ])('a customer writing about it is answered: %s', async (subject, body) => {
    expect(await guardSubject(subject, body)).toEqual({ skip: false });
  });
});
