import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { recogniseForwardingConfirmation } from './forwarding-confirmation.js';
import { checkLoopGuard } from './loop-guard.js';
import { parseEmail } from './parse.js';

async function fixture(name: string) {
  return parseEmail(readFileSync(new URL(`../../test/fixtures/verification/${name}`, import.meta.url)));
}

describe('recogniseForwardingConfirmation: provider messages', () => {
  it.each([
    [
      'gmail-en.eml',
      'gmail',
      '482913706',
      'https://mail-settings.google.com/mail/vf-%5BANGjdJ9x7Qp2LmZ4cWv%5D-Kq3tYp8sNd2Rf5Hj',
      'help@acme-outfitters.com',
    ],
    [
      'gmail-de.eml',
      'gmail',
      '731004562',
      'https://mail-settings.google.com/mail/vf-%5BANGjdJ8aa01%5D-Zz9yXx8wWv7u',
      'kundendienst@gartenwerk.de',
    ],
    [
      'gmail-fr-html.eml',
      'gmail',
      '590227381',
      'https://mail-settings.google.com/mail/vf-%5BANGjdJ7fr%5D-Lm4Nq8Rt2',
      'service@boutique-lavande.fr',
    ],
    [
      'gmail-es.eml',
      'gmail',
      '104839275',
      'https://mail-settings.google.com/mail/vf-%5BANGjdJ6es%5D-Pq7Wx2Yz',
      'ayuda@tienda-olivo.es',
    ],
    ['microsoft-security-code.eml', 'microsoft', '8264', null, null],
    ['microsoft-de.eml', 'microsoft', '571903', null, null],
    [
      'zoho-forwarding.eml',
      'zoho',
      '7KQ2ZD',
      'https://mail.zoho.in/zm/VerifyForward.do?token=Ab12Cd34Ef56',
      'support@spice-route.in',
    ],
    ['fastmail-verify.eml', 'fastmail', '316274', 'https://app.fastmail.com/verify/f9X2kLmN7pQ', null],
  ])('%s → %s, code %s', async (name, provider, code, link, requestedBy) => {
    const found = recogniseForwardingConfirmation(await fixture(name));
    expect(found).toMatchObject({ provider, code, link, requestedBy });
  });

  it('the loop guard skips them with their own reason (regenerating one drafts nothing either)', async () => {
    const result = checkLoopGuard(await fixture('gmail-en.eml'), { inboxAddresses: ['help@acme-outfitters.com'] });
    expect(result).toEqual({
      skip: true,
      code: 'forwarding_confirmation',
      reason: 'a Gmail forwarding confirmation (its code is shown on the Inboxes page)',
    });
  });

  it('sender matched without ASCII case; a look-alike address is not the provider', async () => {
    const email = await fixture('gmail-en.eml');
    expect(
      recogniseForwardingConfirmation({ ...email, from: { address: 'Forwarding-NoReply@Google.COM', name: null } }),
    ).not.toBeNull();
    // Cyrillic "о" in place of the Latin "o".
    const lookalike = 'forwarding-noreply@g\u043e\u043egle.com';
    expect(recogniseForwardingConfirmation({ ...email, from: { address: lookalike, name: null } })).toBeNull();
  });

  it('a link to another host is never shown, the code still is', async () => {
    const email = await fixture('gmail-en.eml');
    const text = email.text.replace(
      /https:\/\/mail-settings\.google\.com\S+/,
      'https://mail-settings.google.com.evil.example/x',
    );
    expect(recogniseForwardingConfirmation({ ...email, text, html: null })).toMatchObject({
      code: '482913706',
      link: null,
    });
  });
});

describe('recogniseForwardingConfirmation: customer mail is never swallowed', () => {
  it.each([
    'customer-order-confirmation-code.eml',
    'customer-forwarded-gmail-confirmation.eml',
    'customer-verify-account-de.eml',
    'customer-zoho-user.eml',
    'google-security-alert.eml',
    'lookalike-sender.eml',
  ])('%s', async (name) => {
    expect(recogniseForwardingConfirmation(await fixture(name))).toBeNull();
  });

  it.each(['plain-text.eml', 'reply-en.eml', 'outlook-reply.eml', 'noreply-sender.eml', 'newsletter.eml'])(
    'mime/%s',
    async (name) => {
      const email = await parseEmail(readFileSync(new URL(`../../test/fixtures/mime/${name}`, import.meta.url)));
      expect(recogniseForwardingConfirmation(email)).toBeNull();
    },
  );

  it('the provider sender without the shape (no code, no provider link) is not one', async () => {
    const email = await fixture('gmail-en.eml');
    const plain = { ...email, subject: 'Your Gmail storage', text: 'You are using 80% of your storage.', html: null };
    expect(recogniseForwardingConfirmation(plain)).toBeNull();
  });

  it('a reply is not one, even from the provider address', async () => {
    const email = await fixture('gmail-en.eml');
    expect(recogniseForwardingConfirmation({ ...email, inReplyTo: 'abc@example.com' })).toBeNull();
  });

  it('every customer email of the corpus stays a customer email', async () => {
    const dir = new URL('../../test/fixtures/emails/', import.meta.url);
    const { readdirSync } = await import('node:fs');
    const names = readdirSync(dir).filter((n) => n.endsWith('.eml'));
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      const email = await parseEmail(readFileSync(new URL(name, dir)));
      expect(recogniseForwardingConfirmation(email), name).toBeNull();
    }
  });
});
