import { describe, expect, it } from 'vitest';
import type { CustomerContext } from '../../context/types.js';
import { composeBuiltinReply } from '../builtin/compose.js';
import { DEFAULT_SETTINGS, INTENTS, LANGUAGES } from '../types.js';
import { customerContext, item, money, order, shipment, status } from '../../../test/fakes/customer-context.js';
import { checkFacts, parseAmount, type FactViolation } from './index.js';

const ctx = customerContext();

function violations(text: string, context = ctx, extra = {}): FactViolation[] {
  return checkFacts(text, context, extra).violations;
}

function expectOk(text: string, context = ctx, extra = {}): void {
  expect(violations(text, context, extra)).toEqual([]);
}

describe('checkFacts: faithful prose passes', () => {
  it('accepts a typical English reply built from the context', () => {
    expectOk(
      [
        'Hi Maya,',
        '',
        'Your order #5114 shipped on 18 November 2024 with UPS (UPS Ground).',
        'Tracking number: 1Z999AA10123456784',
        'You can follow it here: https://www.ups.com/track?tracknum=1Z999AA10123456784',
        '',
        'In this shipment: 2 × Orbit Terrarium (Size: Large), $98.00.',
        'The order total was $1,234.50, including $12.50 shipping and $102.00 tax.',
        'If it hasn’t arrived within 5 business days, reply to this email and we’ll look into it within 24 hours.',
        '',
        'Best regards,',
        'The Acme Outfitters team',
      ].join('\n'),
    );
  });

  it('accepts typical faithful replies in Spanish, German and French', () => {
    expectOk(
      'Hola Maya:\n\nTu pedido n.º 5114 se envió el 18 de noviembre de 2024 con UPS. Número de seguimiento: 1Z999AA10123456784 (https://www.ups.com/track?tracknum=1Z999AA10123456784).\n\nEl total fue de 1234,50 US$, con 12,50 US$ de envío. Si no lo has recibido en 5 días hábiles, responde a este correo.\n\nUn saludo,\nEl equipo de Acme Outfitters',
    );
    expectOk(
      'Hallo Maya,\n\nIhre Bestellung Nr. 5114 vom 15. November 2024 wurde am 18.11.2024 mit UPS Ground versandt. Enthalten: 2 × Orbit Terrarium (Größe: Large). Gesamtbetrag: 1.234,50 $.\n\nViele Grüße\nIhr Team von Acme Outfitters',
    );
    expectOk(
      "Bonjour Maya,\n\nVotre commande n° 5114 a été expédiée le lundi 18 novembre 2024 par UPS. Montant total : 1\u202f234,50 $US. Nous vous répondrons sous 24 heures, du lundi au vendredi de 9 h à 17 h.\n\nCordialement,\nL'équipe Acme Outfitters",
    );
  });

  it('ignores everyday numbers: step counts, time ranges, weights, day counts', () => {
    expectOk(
      'Step 1: open the box. We are open 9:00–17:00, Monday to Friday. It weighs 1.25 kg. Returns within 30 days.',
    );
  });

  it('ignores years, quantities, durations, percentages and counts', () => {
    expectOk(
      'Since 2023 you have placed 3 orders. We reply within 24 hours, 7 days a week, 100% of the time. 2 items.',
    );
  });

  it('accepts dates in every language, long and numeric, in UTC or store time', () => {
    for (const text of [
      'placed on November 15, 2024',
      'placed on 15 November 2024',
      'shipped Monday, November 18th',
      'enviado el 18 de noviembre de 2024',
      'am 18. November 2024 versandt',
      'expédiée le 18 novembre 2024',
      'le 1er février 2023', // customer since (store time: 1 Feb)
      '18/11/2024',
      '11/18/2024',
      '18.11.2024',
      '2024-11-18',
      'in November 2024',
    ]) {
      expectOk(text);
    }
  });

  it('accepts amounts in en/es/de/fr formats with or without currency', () => {
    for (const text of [
      '$1,234.50',
      'US$1,234.50',
      '1234,50 US$',
      '1.234,50 $',
      '1\u202f234,50\u00a0$US',
      'USD 1,234.50',
      '1,234.50 USD',
      'a total of 1234.50',
      '12,50 dólares',
      '$12.50',
      '$49',
      '$0.00 refunded',
    ]) {
      expectOk(text);
    }
  });

  it('accepts euro formats against a EUR order', () => {
    const eur = customerContext({ orders: [order({ total: money('1234.50', 'EUR') })] });
    for (const text of ['1.234,50 €', '1 234,50 €', '€1,234.50', 'EUR 1.234,50', '1234,50 euros']) expectOk(text, eur);
  });

  it('accepts the store label and the system name of the focus order status, quoted or not', () => {
    const renamed = customerContext({ orders: [order({ status: status(11, 'Packing') })] });
    expectOk('Your order #5114 has the status “Packing”: payment was received and it is being prepared.', renamed);
    expectOk('The status of your order is Awaiting Fulfillment.', renamed);
    expectOk('Status: „Packing“', renamed);
  });

  it('does not treat ordinary verbs as status names', () => {
    const pending = customerContext({ orders: [order({ status: status(11) })] });
    expectOk('Once it has shipped, you will get a tracking link. Shipped items arrive quickly.', pending);
    expectOk('Pending your reply, we will keep the order on hold.', pending);
  });

  it('accepts unmatched order numbers the customer wrote (to say they were not found)', () => {
    const unmatched = customerContext({ unmatchedOrderNumbers: [9999] });
    expectOk('We couldn’t find order #9999 under this email address.', unmatched);
  });

  it('accepts order references in every language', () => {
    for (const text of [
      'pedido n.º 5114',
      'Bestellung Nr. 5114',
      'commande n° 5114',
      'order number 5114',
      'Order ID: 5114',
    ]) {
      expectOk(text);
    }
  });

  it('accepts the sender email, the customer phone and allowed store contacts', () => {
    expectOk('We have maya@example.com and +1 (512) 555-0142 on file.');
    expectOk('Write to help@acme.example or visit https://acme.example/returns.', ctx, {
      allowedEmails: ['help@acme.example'],
      allowedDomains: ['acme.example'],
    });
  });

  it('accepts facts that come from the workspace text (signature)', () => {
    expectOk('Maya\nAcme support · +1 800 555 0199 · https://acme.example', ctx, {
      allowedText: ['Maya\nAcme support · +1 800 555 0199 · https://acme.example'],
    });
  });

  it('accepts facts inside product names, SKUs and options', () => {
    const gift = customerContext({
      orders: [order({ items: [item({ name: 'Gift Card $50', sku: 'GC50XYZ12345' })], shipments: [] })],
    });
    expectOk('You ordered 1 × Gift Card $50 (SKU GC50XYZ12345).', gift);
  });

  it('reads free-text fields only for what the structured fields do not vouch for, both ways', () => {
    // "$30" is only in a product name, "$45" nowhere: the first passes, the second is reported,
    // in the same draft whose other facts (order number, total) come from structured fields.
    const voucher = customerContext({
      orders: [order({ items: [item({ name: 'Voucher worth $30', sku: 'VCH-30' })], shipments: [] })],
    });
    const id = voucher.orders[0]?.id ?? 0;
    expect(violations(`Order #${id} holds a Voucher worth $30; a second one would be $45.`, voucher)).toEqual([
      { kind: 'amount', value: '$45' },
    ]);
  });

  it('accepts a shortened product name after a quantity and quoted carriers', () => {
    const long = customerContext({
      orders: [order({ items: [item({ name: 'Orbit Terrarium (Large, Oak Base)' })] })],
    });
    expectOk('2 x Orbit Terrarium, oak base. Sent via "UPS Ground".', long);
  });
});

describe('checkFacts: hallucinations are caught', () => {
  it.each([
    ['Your order #5115 has shipped.', 'order_number', '#5115'],
    ['Your order 7788 has shipped.', 'order_number', 'order 7788'],
    ['Tracking number: 1Z999AA10999999999', 'tracking_number', '1Z999AA10999999999'],
    ['Tracking: 9400111899223197428490', 'tracking_number', '9400111899223197428490'],
    ['The total was $1,243.50.', 'amount', '$1,243.50'],
    ['El total fue 1.243,50 $.', 'amount', '1.243,50 $'],
    ['We refunded 20.00 to your card.', 'amount', '20.00'],
    ['It should arrive on November 22, 2024.', 'date', 'November 22, 2024'],
    ['Geliefert am 22. November 2024.', 'date', '22. November 2024'],
    ['Livraison le 22/11/2024.', 'date', '22/11/2024'],
    ['The status is “Awaiting Pickup”.', 'status', 'Awaiting Pickup'],
    ['Your order is Cancelled.', 'status', 'Cancelled'],
    ['Your order has been refunded.', 'status', 'has been refunded'],
    ['Su pedido ha sido cancelado.', 'status', 'ha sido cancelado'],
    ['Ihre Bestellung wurde storniert.', 'status', 'wurde storniert'],
    ['Votre commande a été remboursée.', 'status', 'a été remboursée'],
    ['You ordered 1 × Lunar Lamp.', 'product', 'Lunar Lamp'],
    ['Your “Galaxy Globe Deluxe” is on its way.', 'product', 'Galaxy Globe Deluxe'],
    ['Contact us at billing@other-store.com.', 'email', 'billing@other-store.com'],
    ['Call us on +44 20 7946 0958.', 'phone', '+44 20 7946 0958'],
    ['Track it at https://tracking.example/abc', 'url', 'https://tracking.example/abc'],
  ])('%s → %s', (text, kind, value) => {
    expect(violations(text)).toContainEqual({ kind, value });
  });

  it('checks the currency when the text names one', () => {
    expect(violations('The total was €1,234.50.')).toEqual([{ kind: 'amount', value: '€1,234.50' }]);
  });

  it('rejects a status that belongs to another order than the one cited', () => {
    const two = customerContext({
      orders: [order({ id: 5114, status: status(2) }), order({ id: 5100, status: status(10, 'Delivered') })],
    });
    expect(violations('Your order #5114 is Delivered.', two)).toEqual([{ kind: 'status', value: 'Delivered' }]);
    expectOk('Your order #5100 is Delivered.', two);
  });

  it('allows a refund claim only when the store data shows one', () => {
    const refunded = customerContext({
      orders: [order({ status: status(14), refundedAmount: money('49.00') })],
    });
    expectOk('Part of your order #5114 has been refunded: $49.00.', refunded);
  });

  it('reports each distinct violation once', () => {
    expect(violations('#5115 and #5115 again')).toEqual([{ kind: 'order_number', value: '#5115' }]);
  });
});

describe('parseAmount', () => {
  it('normalises locale formats to cents', () => {
    expect(parseAmount('1.234,50')).toEqual([123450]);
    expect(parseAmount('1,234.50')).toEqual([123450]);
    expect(parseAmount('1 234,50')).toEqual([123450]);
    expect(parseAmount('1234,5')).toEqual([123450]);
    expect(parseAmount('12')).toEqual([1200]);
    // A lone separator before three digits is ambiguous between locales: both readings.
    expect(parseAmount('1,234')).toEqual([123400, 123]);
  });
});

describe('checkFacts: context shapes', () => {
  it('handles an empty context (unknown sender)', () => {
    const empty = customerContext({ orders: [], customer: null, senderName: null, focusOrder: null });
    expectOk('Hello,\n\nWe couldn’t find an order under this email address.', empty);
    expect(violations('Your order #5114 has shipped.', empty)).toEqual([{ kind: 'order_number', value: '#5114' }]);
  });

  it('compares dates in the store timezone as well as UTC', () => {
    // 02:30 UTC on the 19th is still the 18th in Chicago.
    const late = customerContext({
      orders: [order({ shipments: [shipment({ dateCreated: '2024-11-19T02:30:00Z' })] })],
    });
    expectOk('It shipped on 18 November.', late);
    expectOk('It shipped on 19 November.', late);
  });
});

describe('checkFacts: the built-in composer’s replies pass', () => {
  const usd = customerContext();
  const contexts: [string, CustomerContext][] = [
    ['shipped, USD, Chicago', usd],
    [
      'custom label, EUR, Berlin, nothing shipped',
      customerContext({
        store: { hash: 'h', name: 'Acme', currency: 'EUR', timezone: 'Europe/Berlin' },
        orders: [
          order({
            status: status(11, 'Packing'),
            total: money('1234.50', 'EUR'),
            subtotal: money('1100.00', 'EUR'),
            dateShipped: null,
            items: [item({ price: money('49.00', 'EUR'), total: money('98.00', 'EUR') })],
            shipments: [],
          }),
        ],
      }),
    ],
    ['unmatched order number', customerContext({ unmatchedOrderNumbers: [9999, 12345] })],
    ['unknown sender', customerContext({ orders: [], customer: null, senderName: null, focusOrder: null })],
    [
      'partially shipped, two parcels, no link',
      customerContext({
        orders: [
          order({
            status: status(3),
            items: [
              item(),
              item({ lineId: 12, name: 'Moss Kit', quantity: 3, price: money('5.00'), total: money('15.00') }),
            ],
            shipments: [
              shipment(),
              shipment({
                id: 2,
                carrier: 'USPS',
                trackingNumber: '9400111899223197428490',
                trackingLink: null,
                dateCreated: '2024-11-19T02:30:00Z',
                items: [{ lineId: 12, name: 'Moss Kit', sku: null, quantity: 1 }],
              }),
            ],
          }),
        ],
      }),
    ],
    [
      'JPY, Tokyo',
      customerContext({
        store: { hash: 'h', name: 'Acme', currency: 'JPY', timezone: 'Asia/Tokyo' },
        orders: [
          order({
            total: money('123456.00', 'JPY'),
            subtotal: money('120000.00', 'JPY'),
            shippingCost: money('1500.00', 'JPY'),
            tax: money('1956.00', 'JPY'),
            refundedAmount: money('0.00', 'JPY'),
            items: [item({ price: money('60000.00', 'JPY'), total: money('120000.00', 'JPY') })],
          }),
        ],
      }),
    ],
    [
      'partially refunded, GBP, London, odd names',
      customerContext({
        store: { hash: 'h', name: 'Acme', currency: 'GBP', timezone: 'Europe/London' },
        orders: [
          order({
            status: status(14),
            total: money('0.125', 'GBP'),
            refundedAmount: money('49.00', 'GBP'),
            items: [
              item({ name: 'Poster 50x70 cm', price: money('0.125', 'GBP'), total: money('0.125', 'GBP') }),
              item({ lineId: 12, name: 'Gift Card $50', sku: 'GC50XYZ12345', options: [] }),
            ],
          }),
        ],
      }),
    ],
    [
      'three recent orders, focus mentioned, guest, address allowed',
      customerContext({
        customer: null,
        orders: [
          order({
            id: 5114,
            isGuest: true,
            shipTo: { city: 'London', country: 'UK', countryIso2: 'GB', street: '221B Baker Street', zip: 'NW1 6XE' },
          }),
          order({
            id: 5100,
            status: status(10, 'Delivered'),
            dateCreated: '2024-10-02T08:00:00Z',
            total: money('20.00'),
          }),
          order({
            id: 4990,
            status: status(5),
            dateCreated: '2024-09-12T08:00:00Z',
            total: money('35.99'),
            items: null,
            shipments: null,
          }),
        ],
        focusReason: 'mentioned',
      }),
    ],
    [
      'unreadable shipments, no store info',
      customerContext({
        store: null,
        orders: [order({ shipments: null })],
        notices: [
          {
            code: 'missing_scope',
            resource: 'shipments',
            message: 'Shipments could not be read.',
            scope: 'store_v2_orders_read_only',
          },
        ],
      }),
    ],
    ...[0, 1, 4, 5, 6, 7, 8, 9, 10, 12, 13].map((id): [string, CustomerContext] => [
      `status ${id}`,
      customerContext({ orders: [order({ status: status(id), shipments: [] })] }),
    ]),
  ];

  it.each(contexts)('%s', (_name, context) => {
    const failures: string[] = [];
    for (const intent of INTENTS) {
      for (const language of LANGUAGES) {
        for (const tone of ['friendly', 'formal', 'concise'] as const) {
          const draft = composeBuiltinReply({
            message: { subject: 'Order question', text: 'Hello', fromEmail: context.senderEmail, fromName: null },
            understanding: { intent, orderNumbers: [], language },
            context,
            settings: {
              ...DEFAULT_SETTINGS,
              businessName: 'Acme Outfitters',
              tone,
              allowPhone: true,
              allowAddress: true,
            },
          });
          const result = checkFacts(draft.text, context);
          if (!result.ok)
            failures.push(`${intent}/${language}/${tone}: ${JSON.stringify(result.violations)}\n${draft.text}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('checkFacts: every Intl currency format the composers produce', () => {
  it.each(['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'NZD', 'JPY', 'CHF', 'SEK', 'MXN', 'BRL', 'INR', 'PLN'])(
    '%s',
    (currency) => {
      const context = customerContext({ orders: [order({ total: money('1234.50', currency) })] });
      for (const locale of ['en-US', 'en-GB', 'es-ES', 'de-DE', 'fr-FR']) {
        const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2 });
        const right = format.format(1234.5);
        const wrong = format.format(1243.5);
        expect(violations(`Total: ${right}.`, context), `${locale} ${right}`).toEqual([]);
        expect(violations(`Total: ${wrong}.`, context), `${locale} ${wrong}`).toHaveLength(1);
      }
    },
  );
});

describe('checkFacts: every Intl date style in the four languages', () => {
  const styles: Intl.DateTimeFormatOptions[] = [
    { dateStyle: 'full' },
    { dateStyle: 'long' },
    { dateStyle: 'medium' },
    { dateStyle: 'short' },
    { day: 'numeric', month: 'long' },
  ];
  it.each(['en-US', 'en-GB', 'es-ES', 'de-DE', 'fr-FR'])('%s', (locale) => {
    for (const style of styles) {
      const format = new Intl.DateTimeFormat(locale, { ...style, timeZone: 'America/Chicago' });
      const right = format.format(new Date('2024-11-18T15:30:00Z'));
      const wrong = format.format(new Date('2024-11-22T15:30:00Z'));
      expect(violations(`Shipped: ${right}.`), right).toEqual([]);
      expect(violations(`Shipped: ${wrong}.`), wrong).toHaveLength(1);
    }
  });
});

describe('checkFacts: edge cases of the extractors', () => {
  it('does not read the verb "may" or a product code as facts', () => {
    expectOk('The 2 may arrive separately. Model ORBIT-LG-2 is in stock.');
  });

  it('does not read "#" glued to a tracking code as an order number', () => {
    expectOk('Parcel #1Z999AA10123456784 is on its way.');
  });

  it('accepts “we’ve refunded” only when a refund is on record', () => {
    expect(violations('We’ve refunded your order.')).toEqual([{ kind: 'status', value: 'We’ve refunded' }]);
  });
});

describe('checkFacts: unreadable names', () => {
  it('does not let a shipment line without a name vouch for any product', () => {
    const unnamed = customerContext({
      orders: [
        order({ items: null, shipments: [shipment({ items: [{ lineId: 11, name: '', sku: null, quantity: 2 }] })] }),
      ],
    });
    expect(violations('2 × Lunar Lamp', unnamed)).toEqual([{ kind: 'product', value: 'Lunar Lamp' }]);
  });
});
