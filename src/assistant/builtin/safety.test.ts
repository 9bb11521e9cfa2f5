import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '../../context/types.js';
import {
  makeContext,
  makeNotice,
  makeOrder,
  makeSplitOrder,
  makeStatus,
  makeUnknownContext,
  money,
} from '../test-helpers.js';
import { INTENTS, LANGUAGES, type Intent, type Language, type Tone } from '../types.js';
import { composeBuiltinReply } from './compose.js';
import { makeIntentInput as makeInput } from '../test-helpers.js';

const reply = (...args: Parameters<typeof makeInput>) => composeBuiltinReply(makeInput(...args)).text;

/** "Could you reply with your order number and the email you used at checkout" in each language. */
const ASK: Record<Language, RegExp> = {
  en: /order number and the email address you used at checkout/,
  es: /número de pedido y (?:el|la dirección de) correo electrónico que (?:usó|utilizó)/,
  de: /Bestellnummer und die (?:E-Mail-Adresse|beim Bestellen verwendete E-Mail-Adresse)/,
  fr: /numéro de commande (?:et|ainsi que) l'adresse e-mail utilisée/,
};

describe('unknown sender or no orders', () => {
  it.each(LANGUAGES)(
    '%s: says nothing was found, asks for order number and checkout email, invents nothing',
    (language) => {
      for (const intent of [
        'order_status',
        'shipping_tracking',
        'order_items',
        'payment_status',
        'order_help',
      ] as Intent[]) {
        const text = reply(intent, { language, context: makeUnknownContext() });
        expect(text).toMatch(ASK[language]);
        expect(text).not.toMatch(/\d{3,}/); // no order number, no amount, no tracking number
        expect(text).not.toMatch(/Maya|Lopez/);
      }
    },
  );

  it('a known customer with no orders: details on file still answered, order questions ask', () => {
    const context = makeContext({ orders: [], focusOrder: null, focusReason: null });
    expect(reply('customer_info', { context })).toContain('- Name: Maya Lopez');
    expect(reply('order_status', { context })).toMatch(ASK.en);
  });
});

describe('an order number that is not the sender’s', () => {
  const context = makeContext({ unmatchedOrderNumbers: [9999] });

  it.each(LANGUAGES)(
    '%s: could not find it under this address, asks again, says nothing about the latest order',
    (language) => {
      // Which order a question is about comes from the customer's words: they name #9999.
      const text = reply('order_status', { language, context, message: { text: 'Where is my order #9999?' } });
      expect(text).toContain('9999');
      expect(text).toMatch(ASK[language]);
      expect(text).not.toContain('5114');
      expect(text).not.toContain('1Z999AA10123456784');
      expect(text).not.toMatch(/another customer|someone else|belongs|anderen Kunden|otro cliente|autre client/i);
    },
  );

  it('EN wording', () => {
    expect(reply('order_status', { context, message: { text: 'Where is my order #9999?' } })).toContain(
      "We couldn't find order #9999 under this email address.",
    );
    const two = makeContext({ unmatchedOrderNumbers: [9999, 9998] });
    expect(
      reply('order_status', { context: two, message: { text: 'Where are my orders #9999 and #9998?' } }),
    ).toContain("We couldn't find orders #9999 and #9998 under this email address.");
  });

  it('when another mentioned order is theirs, answers that one and mentions the other', () => {
    const both = makeContext({ focusReason: 'mentioned', unmatchedOrderNumbers: [9999] });
    const text = reply('shipping_tracking', {
      context: both,
      message: { text: 'Can I get the tracking numbers for orders #5114 and #9999?' },
    });
    expect(text).toContain('Your order #5114 has shipped.');
    expect(text).toContain("We couldn't find order #9999 under this email address.");
  });
});

describe('notices: data that could not be read', () => {
  it('does not state the missing facts, and a teammate will check', () => {
    const order = makeOrder({ shipments: null });
    const context = makeContext({ orders: [order], notices: [makeNotice()] });
    const text = reply('shipping_tracking', { context });
    expect(text).toContain('Your order #5114 has shipped.');
    expect(text).not.toMatch(/Tracking number|1Z999/);
    expect(text).toContain('A teammate will check the remaining details and get back to you.');
  });

  it('items unreadable: no item list, the order record only', () => {
    const order = makeOrder({ items: null });
    const context = makeContext({ orders: [order], notices: [makeNotice({ resource: 'order_products' })] });
    const text = reply('order_items', { language: 'de', context });
    expect(text).not.toContain('×');
    expect(text).toContain('die Bestellung Nr. 5114 wurde am 15. November 2026 aufgegeben');
    expect(text).toContain('Jemand aus unserem Team prüft die übrigen Angaben');
  });

  it('orders could not be looked up: never claims there are none', () => {
    const context = makeUnknownContext({ notices: [makeNotice({ resource: 'orders', code: 'unavailable' })] });
    const text = reply('order_status', { context });
    expect(text).not.toContain("couldn't find an order");
    expect(text).toContain("We couldn't look up your order details just now.");
  });
});

/** Phrases that would claim a refund, cancellation or return was done, or promise one. */
const DONE: RegExp[] = [
  /has been (refunded|cancell?ed|returned|processed|approved)/i,
  /(we|we've|we have) (refunded|cancell?ed|processed|approved|issued)/i,
  /was (refunded|cancell?ed)/i,
  /will be (refunded|cancell?ed)/i,
  /we will (refund|cancel)/i,
  /(se ha|ha sido|hemos) (reembolsado|cancelado|anulado|procesado|aprobado)/i,
  /(fue|será) (reembolsad|cancelad)/i,
  /(wurde|wird|haben wir|ist) (\w+ )?(erstattet|storniert|zurückerstattet|genehmigt)/i,
  /(a été|avons|sera) (\w+ )?(rembours|annul|approuv)/i,
];

describe('refund, cancel and return requests', () => {
  const contexts: Record<string, CustomerContext> = {
    shipped: makeContext(),
    refunded: makeContext({ orders: [makeOrder({ status: makeStatus(4) })] }),
    cancelled: makeContext({ orders: [makeOrder({ status: makeStatus(5) })] }),
    unknown: makeUnknownContext(),
  };
  const actions: Intent[] = ['refund_request', 'cancel_request', 'return_request'];

  for (const language of LANGUAGES) {
    for (const intent of actions) {
      it(`${language} ${intent}: acknowledges, team will review, never claims it was done`, () => {
        for (const [name, context] of Object.entries(contexts)) {
          for (const tone of ['friendly', 'formal', 'concise'] as Tone[]) {
            const text = reply(intent, { language, context, settings: { tone } });
            for (const done of DONE) expect(text, `${name}/${tone}: ${text}`).not.toMatch(done);
            if (name !== 'unknown') expect(text).toMatch(/5114/);
            else expect(text).toMatch(ASK[language]);
          }
        }
      });
    }
  }

  it('EN wording', () => {
    expect(reply('refund_request')).toContain("We've received your refund request for order #5114.");
    // Not shipped yet: acknowledged, a teammate reviews it.
    const preparing = makeContext({
      orders: [makeOrder({ status: makeStatus(11), shipments: [], dateShipped: null })],
    });
    expect(reply('cancel_request', { context: preparing })).toContain('Our team will review it and get back to you.');
    // Already shipped: the deciding store fact, and a teammate helps with a return.
    const shipped = reply('cancel_request');
    expect(shipped).toContain(
      'Order #5114 has already shipped on 18 November 2026 with UPS, so it can no longer be cancelled before delivery.',
    );
    expect(shipped).toContain('A teammate will help you with a return');
  });
});

describe('no blanks, no markdown, one sign-off: every intent × language × tone × context', () => {
  const contexts: Record<string, CustomerContext> = {
    full: makeContext(),
    split: makeContext({ orders: [makeSplitOrder(), makeOrder({ id: 5100, status: makeStatus(10) })] }),
    sparse: makeContext({
      senderName: { firstName: '', lastName: '' },
      store: null,
      orders: [
        makeOrder({
          dateCreated: null,
          dateShipped: null,
          total: money('', ''),
          paymentStatus: null,
          items: null,
          status: { id: 42, name: '', label: '', explanation: '' },
          shipments: [
            {
              id: 9,
              dateCreated: null,
              carrier: null,
              trackingNumber: null,
              trackingLink: null,
              shippingMethod: null,
              items: [{ lineId: 1, name: '', sku: null, quantity: 0 }],
            },
          ],
          shipTo: null,
        }),
      ],
    }),
    guest: makeContext({ customer: null }),
    unknown: makeUnknownContext(),
    unmatched: makeContext({ unmatchedOrderNumbers: [9999] }),
    notices: makeContext({ notices: [makeNotice()], orders: [makeOrder({ shipments: null })] }),
    lookupFailed: makeUnknownContext({ notices: [makeNotice({ resource: 'customer' })] }),
  };
  const signatures = ['', 'Sam\nAcme support', 'Cheers,\nSam'];

  it('holds for every combination', () => {
    let count = 0;
    for (const intent of INTENTS)
      for (const language of LANGUAGES)
        for (const tone of ['friendly', 'formal', 'concise'] as Tone[])
          for (const [name, context] of Object.entries(contexts))
            for (const signature of signatures) {
              const draft = composeBuiltinReply(
                makeInput(intent, { language, context, settings: { tone, signature } }),
              );
              const where = `${intent}/${language}/${tone}/${name}/${JSON.stringify(signature)}:\n${draft.text}`;
              const text = draft.text;
              expect(text, where).not.toMatch(/undefined|null|NaN|\[object|Infinity/);
              expect(text, where).not.toMatch(/#[\s,.:;)]|#$|Nr\.\s*[,.]|n\.º\s*[,.]|n°\s*[,.]/m);
              expect(text, where).not.toMatch(/\( *\)|\s[,.]|[ \t]{2}|[ \t]$/m);
              // A heading with nothing under it ("In this shipment:" and then nothing); the Spanish greeting ends in ":".
              expect(text.split('\n\n').slice(1).join('\n\n'), where).not.toMatch(/:(?:\n\n|$)/);
              expect(text, where).not.toMatch(/\n{3,}/);
              expect(text, where).not.toMatch(/\*\*|__|^#+ |\[[^\]]*\]\(|```/m);
              expect(draft.subject, where).toMatch(/^Re: (?!re:)/i);
              const body = text.split('\n\n');
              expect(body.length, where).toBeGreaterThanOrEqual(3);
              if (signature) expect(text.split(signature).length - 1, where).toBe(1);
              if (tone === 'formal') expect(text, where).not.toContain('!');
              count++;
            }
    expect(count).toBe(INTENTS.length * LANGUAGES.length * 3 * Object.keys(contexts).length * signatures.length);
  });
});
