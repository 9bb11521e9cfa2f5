import { describe, expect, it } from 'vitest';
import { money } from '../test-helpers.js';
import { createFormatter, formatMoney } from './format.js';
import { replySubject } from './subject.js';

/** Intl uses narrow/no-break spaces in some locales; compare with plain spaces. */
const plain = (s: string | null) => s?.replace(/[\u00a0\u202f]/g, ' ') ?? null;

describe('dates', () => {
  it.each([
    ['en', '18 November 2026'],
    ['de', '18. November 2026'],
    ['es', '18 de noviembre de 2026'],
    ['fr', '18 novembre 2026'],
  ] as const)('%s: %s', (language, expected) => {
    expect(createFormatter(language, 'UTC').date('2026-11-18T12:00:00Z')).toBe(expected);
  });

  it('uses the store timezone', () => {
    // 03:00 UTC on the 18th is still the 17th in Chicago.
    expect(createFormatter('en', 'America/Chicago').date('2026-11-18T03:00:00Z')).toBe('17 November 2026');
    expect(createFormatter('en', null).date('2026-11-18T03:00:00Z')).toBe('18 November 2026');
  });

  it('an unknown timezone falls back to UTC', () => {
    expect(createFormatter('en', 'Mars/Olympus').date('2026-11-18T03:00:00Z')).toBe('18 November 2026');
  });

  it('missing or unreadable dates are null', () => {
    const f = createFormatter('en', 'UTC');
    expect(f.date(null)).toBeNull();
    expect(f.date('')).toBeNull();
    expect(f.date('not a date')).toBeNull();
  });
});

describe('money', () => {
  it.each([
    ['en', money('133.6500'), '$133.65'],
    ['de', money('1234.50', 'EUR'), '1.234,50 €'],
    ['es', money('133.65'), '133,65 US$'],
    ['fr', money('1234.50', 'EUR'), '1 234,50 €'],
    ['en', money('109.00', 'GBP'), '£109.00'],
    ['en', money('5000', 'JPY'), '¥5,000'],
  ] as const)('%s %o → %s', (language, value, expected) => {
    expect(plain(createFormatter(language, 'UTC').money(value))).toBe(expected);
  });

  it('never loses precision', () => {
    expect(formatMoney(money('12345678901234567.89'), 'en-US')).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney(money('0.125'), 'en-US')).toBe('$0.125');
    expect(formatMoney(money('19.9900'), 'en-US')).toBe('$19.99');
  });

  it('unreadable amounts or currencies are null', () => {
    expect(formatMoney(money('abc'), 'en-US')).toBeNull();
    expect(formatMoney(money('NaN'), 'en-US')).toBeNull();
    expect(formatMoney(money('10.00', ''), 'en-US')).toBeNull();
    expect(createFormatter('en', 'UTC').money(null)).toBeNull();
  });
});

describe('replySubject', () => {
  it.each([
    ['Where is my order?', 'Re: Where is my order?'],
    ['Re: Where is my order?', 'Re: Where is my order?'],
    ['RE: RE: Order 5114', 'Re: Order 5114'],
    ['AW: Bestellung', 'Re: Bestellung'],
    ['Fwd: Re: Order', 'Re: Order'],
    ['TR : Commande', 'Re: Commande'],
    ['Re[2]: Order', 'Re: Order'],
    ['  Order\n 5114 ', 'Re: Order 5114'],
  ])('%s → %s', (original, expected) => {
    expect(replySubject(original, 'en')).toBe(expected);
  });

  it('an empty subject gets a localised one', () => {
    expect(replySubject('', 'de')).toBe('Re: Ihre Nachricht');
    expect(replySubject('Re:', 'en')).toBe('Re: Your message');
  });
});
