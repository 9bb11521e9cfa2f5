import { describe, expect, it } from 'vitest';
import { makeMessage } from '../test-helpers.js';
import { understand } from './understand.js';

describe('understand', () => {
  it('reads intent, order numbers and language from subject and newest text', () => {
    const u = understand(makeMessage({ subject: 'Order #5114', text: 'Hi, can I get the tracking number please?' }));
    expect(u).toMatchObject({ intent: 'shipping_tracking', orderNumbers: [5114], language: 'en' });
    // The intent is derived from the answer plan: one status question, read from the body.
    expect(u.plan?.items.map((i) => [i.type, i.topic])).toEqual([['status_question', 'status']]);
    expect(u.plan?.items[0]?.quote).toBe('Hi, can I get the tracking number please?');
  });

  it("the body's question wins over the subject", () => {
    const u = understand(
      makeMessage({
        subject: 'Re: Your order #5114 has shipped',
        text: 'The jacket is the wrong size, can I exchange it?',
      }),
    );
    expect(u.intent).toBe('return_request');
    expect(u.orderNumbers).toEqual([5114]);
  });

  it('falls back to the subject when the body asks nothing', () => {
    const u = understand(makeMessage({ subject: 'Refund for order 5114', text: 'See subject. Thanks' }));
    expect(u.intent).toBe('refund_request');
  });

  it('a mentioned order with no other signal is a status question about that order', () => {
    // Intent comes from the plan: "About #N" is a status question, and status → shipping_tracking.
    expect(understand(makeMessage({ subject: 'Hello', text: 'About #5114 and #5120' }))).toMatchObject({
      intent: 'shipping_tracking',
      orderNumbers: [5114, 5120],
    });
  });

  it('nothing at all is "other"', () => {
    expect(understand(makeMessage({ subject: '', text: 'Hello there' })).intent).toBe('other');
  });

  it('order numbers are de-duplicated, subject first', () => {
    const u = understand(makeMessage({ subject: 'Bestellung 5120', text: 'Wo bleibt Bestellung 5120 und #5114?' }));
    expect(u.orderNumbers).toEqual([5120, 5114]);
    expect(u.language).toBe('de');
  });

  it.each([
    ['¿Dónde está mi pedido?', 'es'],
    ['Wo bleibt meine Bestellung?', 'de'],
    ['Où est ma commande ?', 'fr'],
  ] as const)('%s → %s, shipping or status', (text, language) => {
    const u = understand(makeMessage({ subject: '', text }));
    expect(u.language).toBe(language);
    expect(['order_status', 'shipping_tracking']).toContain(u.intent);
  });
});

describe('understand: a thank-you with no question gets no status report', () => {
  it.each([
    ['en', 'Thank you!', 'Just wanted to say the shirts arrived and they are lovely. Thank you so much!'],
    ['de', 'Danke', 'Das Paket ist heute angekommen, alles bestens. Vielen Dank!'],
    ['fr', 'Merci', "J'ai bien reçu ma commande, tout est parfait. Merci beaucoup !"],
    ['es', 'Gracias', 'Ya me ha llegado el pedido, todo perfecto. ¡Muchas gracias!'],
  ])('%s', (language, subject, text) => {
    expect(understand(makeMessage({ subject, text }))).toMatchObject({ intent: 'other', language });
  });

  it.each([
    ['Thanks, but where is my order?', 'shipping_tracking'],
    ['Thank you. I still have not received my parcel.', 'shipping_tracking'],
    ['Thanks, the mug arrived broken and I want a refund.', 'refund_request'],
    ['Danke. Wo ist meine Bestellung?', 'shipping_tracking'],
  ])('a question or request inside thanks still counts: %s', (text, intent) => {
    expect(understand(makeMessage({ subject: 'Hello', text })).intent).toBe(intent);
  });

  it('thanks with no evidence at all leaves the subject to decide', () => {
    expect(understand(makeMessage({ subject: 'tracking number please', text: 'Thanks' })).intent).toBe(
      'shipping_tracking',
    );
  });
});

describe('understand: phrasings found on unseen mail', () => {
  it.each([
    // A status question now maps to shipping_tracking (intent derived from the answer plan).
    ['Still nothing, any update on the shirts?', 'shipping_tracking'],
    ['Hi, where is my latest order? Ship to 90210. I paid $59.00.', 'shipping_tracking'],
    ['Order 311 - what is happening with this one?', 'shipping_tracking'],
    ['Hi, ref 311. Is there a problem with it?', 'shipping_tracking'],
  ])('%s', (text, intent) => {
    expect(understand(makeMessage({ subject: 'Hello', text })).intent).toBe(intent);
  });

  it('"I paid … has it been sent?": the plan holds the shipping question, whatever comes first', () => {
    const u = understand(
      makeMessage({
        subject: 'Hello',
        text: "I paid €118 I think. Could you let me know whether it has actually been sent? If it's with An Post they leave a card.",
      }),
    );
    expect(u.plan?.items.some((i) => i.type === 'status_question' && i.topic === 'status')).toBe(true);
    expect(['shipping_tracking', 'payment_status']).toContain(u.intent);
  });

  it('"à mon retour" (when I am back) is not a return request in French', () => {
    expect(
      understand(
        makeMessage({ subject: 'Commande', text: 'Je pars en vacances. Je regarderai ma commande à mon retour.' }),
      ).intent,
    ).not.toBe('return_request');
    expect(
      understand(makeMessage({ subject: 'Commande 5114', text: 'Je voudrais faire un retour de la veste.' })).intent,
    ).toBe('return_request');
  });
});

describe('understand: a request to change the delivery address', () => {
  it.each([
    ['en', 'Can you change the delivery address on order 5114 to 5 Harbour Road?'],
    ['de', 'Können Sie bitte die Lieferadresse meiner Bestellung 5114 ändern?'],
    ['fr', "Pouvez-vous modifier l'adresse de livraison de la commande 5114 ?"],
    ['es', '¿Podéis cambiar la dirección de envío de mi pedido 5114?'],
  ])('%s', (language, text) => {
    expect(understand(makeMessage({ subject: 'Hello', text }))).toMatchObject({
      language,
      orderNumbers: [5114],
      changeRequests: ['address'],
    });
  });

  it.each([
    'Can you update my email address please?',
    'Pouvez-vous changer mon adresse e-mail ?',
    '¿Podéis cambiar la dirección de correo de mi cuenta?',
    'Where is my order 5114?',
  ])('not for the account or a plain question: %s', (text) => {
    expect(understand(makeMessage({ subject: 'Hello', text })).changeRequests).toBeUndefined();
  });
});
