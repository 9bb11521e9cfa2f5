import { describe, expect, it } from 'vitest';
import { normaliseSubjectForReply, parseEmail, toIncomingMessage } from './index.js';

describe('normaliseSubjectForReply', () => {
  it.each([
    ['Where is my order?', 'Re: Where is my order?'],
    ['Re: Where is my order?', 'Re: Where is my order?'],
    ['RE: Re: re: Where is my order?', 'Re: Where is my order?'],
    ['AW: Aw: WG: Ihre Bestellung', 'Re: Ihre Bestellung'],
    ['SV: Ordre 10452', 'Re: Ordre 10452'],
    ['Fwd: Fw: FWD: Your order shipped', 'Re: Your order shipped'],
    ['RV: RE: Tu pedido', 'Re: Tu pedido'],
    ['TR: Re\u00a0: Votre commande', 'Re: Votre commande'],
    ['RE[2]: Re(3): Order', 'Re: Order'],
    ['Antw: Bestelling', 'Re: Bestelling'],
    ['  Re:   Spaced   out  ', 'Re: Spaced out'],
    ['Regarding order 10452', 'Re: Regarding order 10452'],
    ['Return request', 'Re: Return request'],
    ['Travel mug', 'Re: Travel mug'],
    ['', 'Re:'],
    ['Re:', 'Re:'],
  ])('%j → %j', (subject, expected) => {
    expect(normaliseSubjectForReply(subject)).toBe(expected);
  });
});

describe('toIncomingMessage', () => {
  it('hands the assistant the subject, the newest text, the whole body as history and the sender', async () => {
    const email = await parseEmail(
      [
        'From: "Müller, Jörg" <Joerg.Mueller@example.de>',
        'Subject: AW: Bestellung 10900',
        '',
        'Wo ist meine Bestellung?',
        '',
        'Am 20.05.2024 um 10:00 schrieb Shop <shop@example.com>:',
        '> Bestellung 10899 wurde versandt.',
      ].join('\n'),
    );
    expect(toIncomingMessage(email)).toEqual({
      subject: 'AW: Bestellung 10900',
      text: 'Wo ist meine Bestellung?',
      // The quoted history is handed over separately (order numbers there are only a fallback).
      history: [
        'Wo ist meine Bestellung?',
        '',
        'Am 20.05.2024 um 10:00 schrieb Shop <shop@example.com>:',
        '> Bestellung 10899 wurde versandt.',
      ].join('\n'),
      fromEmail: 'Joerg.Mueller@example.de',
      fromName: 'Müller, Jörg',
    });
  });

  it('maps a message without sender to an empty address (the guard skips it)', async () => {
    const email = await parseEmail('Subject: hi\n\nhello');
    expect(toIncomingMessage(email)).toEqual({
      subject: 'hi',
      text: 'hello',
      history: 'hello',
      fromEmail: '',
      fromName: null,
    });
  });
});
