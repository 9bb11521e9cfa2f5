import { describe, expect, it } from 'vitest';
import { makeMessage } from '../test-helpers.js';
import { understand } from './understand.js';

describe('understand', () => {
  it('reads intent, order numbers and language from subject and newest text', () => {
    const u = understand(makeMessage({ subject: 'Order #5114', text: 'Hi, can I get the tracking number please?' }));
    expect(u).toEqual({ intent: 'shipping_tracking', orderNumbers: [5114], language: 'en' });
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

  it('a mentioned order with no other signal is help with that order', () => {
    expect(understand(makeMessage({ subject: 'Hello', text: 'About #5114 and #5120' }))).toMatchObject({
      intent: 'order_help',
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
