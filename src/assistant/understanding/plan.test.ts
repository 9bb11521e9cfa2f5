import { describe, expect, it } from 'vitest';
import { buildPlan } from './plan.js';

const NOW = new Date('2026-12-02T15:00:00Z');
const plan = (text: string, subject = '') =>
  buildPlan({ subject, text, fromEmail: 'a@example.com', fromName: null }, NOW);
const kinds = (text: string, subject = '') => plan(text, subject).items.map((i) => `${i.type}/${i.topic}`);

describe('answer plan', () => {
  it.each([
    ['Has my refund for order #5021 gone through yet?', 'status_question/refund'],
    ["I still haven't received my refund, it's been two weeks.", 'status_question/refund'],
    ['I never got the money back for the mug I returned.', 'status_question/refund'],
    ['¿Ya me han reembolsado el pedido? No he recibido el reembolso.', 'status_question/refund'],
    ['Ich habe die Erstattung nie erhalten.', 'status_question/refund'],
    ["Je n'ai jamais reçu le remboursement.", 'status_question/refund'],
    ['Why was my order cancelled? I never cancelled it!', 'status_question/cancel'],
    ['¿Por qué se canceló mi pedido? Yo no lo cancelé.', 'status_question/cancel'],
  ])('a question about what already happened is a status question: %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
    expect(kinds(text).filter((k) => k.startsWith('action_request'))).toEqual([]);
  });

  it.each([
    ['Please refund me for order 5021, it is not what I wanted.', 'action_request/refund'],
    ['Can you cancel order #5118 please?', 'action_request/cancel'],
    ['I would like to return the boots, they are too small.', 'action_request/return'],
  ])('a request is a request: %s', (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });

  it('a negated request is nothing: "I do not want to cancel, just asking when it ships"', () => {
    expect(kinds("I don't want to cancel anything, I'm only asking when order 5120 ships.")).toEqual([
      'status_question/status',
    ]);
  });

  it('keeps every question of one email, in order', () => {
    expect(kinds('Where is my order #5021? Also could you send me a copy of the invoice?')).toEqual([
      'status_question/status',
      'information_request/invoice',
    ]);
  });

  it('keeps numbered questions on one topic apart, and a statement on it is only context', () => {
    const p = plan(
      'I got a "payment declined" message on my card.\n1. Did the PayPal one go through?\n2. Is the declined attempt going to charge me?',
    );
    expect(p.items.map((i) => `${i.type}/${i.topic}`)).toEqual(['status_question/payment', 'status_question/payment']);
  });

  it('joins hard-wrapped lines into one sentence', () => {
    const p = plan('Could you tell me what phone number\nand address you have on file for me?');
    expect(p.items.map((i) => i.topic)).toEqual(['customer_info']);
    expect(p.items[0]?.asks).toEqual(expect.arrayContaining(['phone', 'address']));
  });

  it('reads complaints and feelings', () => {
    const p = plan('The lamp arrived completely smashed. This is unacceptable.');
    expect(p.items.map((i) => `${i.type}/${i.topic}`)).toContain('complaint/damaged');
    expect(p.feeling).toBe('upset');
  });

  it('reads dates, amounts and "both orders" for choosing orders', () => {
    const p = plan('Where are both orders? The $84.50 one I placed last week especially.');
    expect(p.allOrders).toBe(true);
    expect(p.amounts).toEqual(['84.50']);
    expect(p.dateRanges.length).toBeGreaterThan(0);
  });

  it('a language we do not speak is reported, and still understood roughly', () => {
    const p = plan('Buongiorno, non ho ancora ricevuto il rimborso per il mio ordine. Potete controllare?');
    expect(p.unsupportedLanguage).toBe(true);
    expect(p.detectedLanguage).toBe('it');
    expect(p.language).toBe('en');
    expect(p.items.map((i) => i.topic)).toContain('refund');
  });
});
