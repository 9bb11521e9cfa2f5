import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEmail, stripQuotedText } from './index.js';

const lines = (...parts: string[]) => parts.join('\n');
const newestOf = async (name: string) =>
  (await parseEmail(readFileSync(new URL(`../../test/fixtures/mime/${name}`, import.meta.url)))).newestText;

describe('stripQuotedText: replies in four languages', () => {
  it.each([
    ['en, one line', 'On Mon, 20 May 2024 at 10:00, Acme Support <support@acme.example> wrote:'],
    ['en, Gmail wrapped', 'On Mon, May 20, 2024 at 10:00 AM Acme Support <\nsupport@acme.example> wrote:'],
    ['en, Apple Mail', 'On 20 May 2024, at 10:00, Acme Support <support@acme.example> wrote:'],
    ['de, Gmail', 'Am Mo., 20. Mai 2024 um 10:00 Uhr schrieb Acme Support <support@acme.example>:'],
    ['de, Apple Mail', 'Am 20.05.2024 um 10:00 schrieb Acme Support <support@acme.example>:'],
    ['es, Gmail', 'El lun, 20 may 2024 a las 10:00, Acme Support (<support@acme.example>) escribió:'],
    ['fr, Gmail', 'Le lun. 20 mai 2024 à 10:00, Acme Support <support@acme.example> a écrit\u00a0:'],
    ['fr, wrapped', 'Le lun. 20 mai 2024 à 10:00, Acme Support <support@acme.example> a\nécrit :'],
  ])('cuts at the attribution (%s)', (_label, attribution) => {
    const text = lines('Where is order 10452?', '', attribution, '', '> Order 10399 shipped.', '> Maya');
    expect(stripQuotedText(text)).toBe('Where is order 10452?');
  });

  it.each([
    [
      'reply-en.eml',
      'Thanks! One more question: can I still add a second jacket to order 10452\nbefore it ships?\n\nJane',
    ],
    [
      'reply-de.eml',
      'Hallo,\n\nkönnten Sie die Lieferadresse für Bestellung 10530 noch ändern? Neue Adresse: Hauptstraße 5, 10115 Berlin.\n\nDanke!\nMax',
    ],
    [
      'reply-es.eml',
      'Hola,\n\n¿Puedo cambiar la talla de mi pedido 10540 a una M? Todavía no lo han enviado.\n\nGracias,\nLucía',
    ],
    ['reply-fr.eml', "Bonjour,\n\nJe voudrais annuler la commande 10550, s'il vous plaît.\n\nMerci,\nCamille"],
    ['html-reply-gmail.eml', 'Great, and which items are in order 10600 exactly?'],
  ])('isolates the newest part of %s', async (name, expected) => {
    expect(await newestOf(name)).toBe(expected);
  });

  it('does not take prose for an attribution', () => {
    const text = lines('On the order form I wrote:', 'deliver to the back door.', '', 'Thanks');
    expect(stripQuotedText(text)).toBe(text);
  });

  it('does not join a finished sentence with the next line into an attribution', () => {
    const text = lines('On Monday I ordered 2 shirts.', 'Ann <ann@example.com> wrote:', 'that they ship today?');
    expect(stripQuotedText(text)).toBe(text);
  });

  it('accepts an undated "… wrote:" only when quoted lines follow', () => {
    expect(stripQuotedText(lines('Thanks!', '', 'Ann Smith <ann@example.com> wrote:', '> old text'))).toBe('Thanks!');
    const notQuoted = lines('My neighbour wrote:', 'the parcel is at her door.');
    expect(stripQuotedText(notQuoted)).toBe(notQuoted);
  });
});

describe('stripQuotedText: Outlook, forwards, plain quotes', () => {
  it('cuts at an Outlook header block under a rule line', async () => {
    expect(await newestOf('outlook-reply.eml')).toBe(
      "Hello,\n\nThe refund still hasn't shown up on my card. Can you check the payment status for order 10560?\n\nRegards,\nRobert Williams\nProcurement | Example Corp",
    );
  });

  it('cuts at a header block that starts with the date (GMX, web.de)', () => {
    const text = [
      'Hallo,',
      'die Lichterkette ist noch nicht da. Wo steckt sie?',
      'Liebe Grüße',
      'Nina',
      '',
      'Gesendet: Freitag, 20. November 2026 um 16:02',
      'Von: "Shop" <support@example.com>',
      'An: nina@example.de',
      'Betreff: Ihre Bestellung 23121 wurde versandt',
      'Hallo Nina, Ihre Bestellung 23121 ist unterwegs.',
    ].join('\n');
    expect(stripQuotedText(text)).not.toContain('23121');
    expect(stripQuotedText(text)).toContain('Wo steckt sie?');
  });

  it('cuts at -----Ursprüngliche Nachricht----- and everything older', async () => {
    expect(await newestOf('outlook-original-message.eml')).toBe(
      'Guten Tag,\n\nbitte senden Sie mir die Rechnung zu Bestellung 10570 noch einmal.\n\nFreundliche Grüsse\nSabine Keller',
    );
  });

  it.each([
    [
      'en',
      'From: Acme <a@acme.example>',
      'Sent: Monday, May 20, 2024 10:00 AM',
      'To: Jo <jo@example.com>',
      'Subject: Order',
    ],
    ['en, Date', 'From: Acme <a@acme.example>', 'Date: Monday, May 20, 2024 at 10:00', 'To: Jo', 'Subject: Order'],
    ['de', 'Von: Acme <a@acme.example>', 'Gesendet: Montag, 20. Mai 2024 10:00', 'An: Jo', 'Betreff: Bestellung'],
    ['es', 'De: Acme <a@acme.example>', 'Enviado el: lunes, 20 de mayo de 2024 10:00', 'Para: Jo', 'Asunto: Pedido'],
    ['fr', 'De : Acme <a@acme.example>', 'Envoyé : lundi 20 mai 2024 10:00', 'À : Jo', 'Objet : Commande'],
    [
      'bold, from HTML',
      '*From:* Acme <a@acme.example>',
      '*Sent:* Monday, May 20, 2024',
      '*To:* Jo',
      '*Subject:* Order',
    ],
  ])('cuts at an Outlook header block (%s)', (_label, ...header) => {
    const text = lines('Please cancel order 10800.', '', ...header, '', 'Order 10300 was delivered.');
    expect(stripQuotedText(text)).toBe('Please cancel order 10800.');
  });

  it.each([
    '-----Original Message-----',
    '----- Original Message -----',
    '-----Mensaje original-----',
    "-----Message d'origine-----",
    '-------- Original-Nachricht --------',
  ])('cuts at %s', (separator) => {
    expect(stripQuotedText(lines('Refund please.', '', separator, 'Order 10300 was delivered.'))).toBe(
      'Refund please.',
    );
  });

  it('keeps a From: line in prose when no Sent/To/Subject follows', () => {
    const text = lines('From: my billing address', 'the street name is wrong.', 'Can you fix order 10801?');
    expect(stripQuotedText(text)).toBe(text);
  });

  it.each([
    '---------- Forwarded message ---------',
    '-------- Forwarded Message --------',
    'Begin forwarded message:',
    '---------- Weitergeleitete Nachricht ----------',
    'Anfang der weitergeleiteten Nachricht:',
    '---------- Mensaje reenviado ---------',
    'Inicio del mensaje reenviado:',
    '---------- Message transféré ---------',
    'Début du message réexpédié :',
  ])('cuts a forwarded block at "%s"', (marker) => {
    const text = lines(
      'See below - where is it?',
      '',
      marker,
      'From: Shop <shop@example.com>',
      '',
      'Order 10300 shipped.',
    );
    expect(stripQuotedText(text)).toBe('See below - where is it?');
  });

  it('cuts a forwarded message below the note (fixture)', async () => {
    expect(await newestOf('forwarded.eml')).toBe(
      "The tracking link below doesn't work. Can you check where order 10580 is?",
    );
  });

  it('drops ">" lines that have no attribution', () => {
    expect(stripQuotedText(lines('> Your order 10300 shipped.', '>> older', 'Thanks, but where is 10802?'))).toBe(
      'Thanks, but where is 10802?',
    );
  });

  it('keeps answers written below or between quoted lines', () => {
    const text = lines(
      'On Mon, 20 May 2024 at 10:00, Acme <a@acme.example> wrote:',
      '> Which size do you need?',
      'Medium, please.',
      '> And which colour?',
      '',
      'Blue.',
      '',
      '-- ',
      'Jo',
    );
    expect(stripQuotedText(text)).toBe('Medium, please.\n\nBlue.');
  });

  it('cuts at the attribution when the history below it is not quoted', () => {
    const text = lines(
      'Thanks!',
      '',
      'On Mon, 20 May 2024 at 10:00, Acme <a@acme.example> wrote:',
      'Order 10300 shipped.',
    );
    expect(stripQuotedText(text)).toBe('Thanks!');
  });
});

describe('stripQuotedText: signatures', () => {
  it('cuts at the "-- " delimiter (fixture)', async () => {
    expect(await newestOf('signature.eml')).toBe(
      'Hi there,\n\nHas the payment for order 10590 gone through? My bank shows it as pending.\n\nCheers,\nOliver',
    );
  });

  it('cuts at a "--" delimiter whose trailing space was lost', () => {
    expect(stripQuotedText(lines('Where is 10803?', '--', 'Jo Bloggs', 'Account 10004'))).toBe('Where is 10803?');
  });

  it.each([
    'Sent from my iPhone',
    'Sent from my Galaxy',
    'Get Outlook for iOS',
    'Enviado desde mi iPhone',
    'Von meinem iPhone gesendet',
    'Envoyé de mon iPhone',
  ])('cuts at "%s"', (footer) => {
    expect(stripQuotedText(lines('Where is 10804?', '', footer))).toBe('Where is 10804?');
  });
});

describe('stripQuotedText: edge cases', () => {
  it('keeps the text when stripping would leave nothing', () => {
    const onlyQuote = lines('> Order 10300 shipped.', '> Maya');
    expect(stripQuotedText(onlyQuote)).toBe(onlyQuote);
    const bareForward = lines(
      '---------- Forwarded message ---------',
      'From: Shop <shop@example.com>',
      '',
      'Order 10805',
    );
    expect(stripQuotedText(bareForward)).toBe(bareForward);
  });

  it('keeps the quote-free text when only a signature would be left', () => {
    expect(stripQuotedText(lines('Sent from my iPhone', '', '> old'))).toBe('Sent from my iPhone');
  });

  it('handles CRLF, trailing spaces and blank-line runs', () => {
    expect(stripQuotedText('Hello  \r\n\r\n\r\n\r\nWhere is 10806?\r\n\r\n> old\r\n')).toBe('Hello\n\nWhere is 10806?');
    expect(stripQuotedText('')).toBe('');
  });

  it('stays fast on long single lines and many attributions', () => {
    const started = Date.now();
    stripQuotedText(`On ${'x'.repeat(2_000_000)} wrote:`);
    stripQuotedText('On Mon, 1 Jan 2024 Ann <a@b.example> wrote:\n> q\nanswer\n'.repeat(50_000));
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
