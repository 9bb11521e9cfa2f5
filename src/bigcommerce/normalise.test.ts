import { describe, expect, it } from 'vitest';
import { emailKey, httpUrlOrNull, idOrNull, normaliseDecimal, textOrNull, toIsoDate, toMoney } from './normalise.js';

describe('normaliseDecimal', () => {
  it.each<[string | number, string]>([
    ['109.0000', '109.00'],
    ['0.1250', '0.125'],
    ['0.5000', '0.50'],
    ['133.6500', '133.65'],
    ['924.47', '924.47'],
    ['10', '10.00'],
    ['10.', '10.00'],
    ['0.0000', '0.00'],
    ['-0.0000', '0.00'],
    ['-5.5000', '-5.50'],
    ['+7.1', '7.10'],
    ['0007.50', '7.50'],
    ['1.0000000000', '1.00'],
    ['123456789012345678.1234', '123456789012345678.1234'],
    [' 12.30 ', '12.30'],
    [49, '49.00'],
    [7.95, '7.95'],
    [43.15, '43.15'],
    [0.1, '0.10'],
    [0, '0.00'],
    [-2.5, '-2.50'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseDecimal(input)).toBe(expected);
  });

  it.each<string | number>(['', 'abc', '1,5', '1.2.3', '1e5', NaN, Infinity, '.5'])('rejects %j', (input) => {
    expect(normaliseDecimal(input)).toBeNull();
  });

  it('never goes through a float for strings', () => {
    // 0.1 + 0.2 style artefacts would show here.
    expect(normaliseDecimal('0.30000000000000004000')).toBe('0.30000000000000004');
    expect(normaliseDecimal('9007199254740993.01')).toBe('9007199254740993.01');
  });

  it('builds Money with the currency', () => {
    expect(toMoney('109.0000', 'USD')).toEqual({ amount: '109.00', currency: 'USD' });
    expect(toMoney('x', 'USD')).toBeNull();
  });
});

describe('toIsoDate', () => {
  it.each<[string, string]>([
    ['Mon, 06 May 2024 07:27:05 +0000', '2024-05-06T07:27:05.000Z'],
    ['Thu, 18 Jun 2026 12:05:04 +0000', '2026-06-18T12:05:04.000Z'],
    ['Thu, 20 Apr 2017 11:32:00 -0400', '2017-04-20T15:32:00.000Z'],
    ['6 May 2024 07:27 +0530', '2024-05-06T01:57:00.000Z'],
    ['Mon, 06 May 2024 07:27:05 GMT', '2024-05-06T07:27:05.000Z'],
    ['2026-06-18T14:37:37Z', '2026-06-18T14:37:37.000Z'],
    ['2015-07-03T17:57:10+00:00', '2015-07-03T17:57:10.000Z'],
    ['2015-07-03T17:57:10+02:00', '2015-07-03T15:57:10.000Z'],
    ['2024-05-14T09:34:00', '2024-05-14T09:34:00.000Z'],
    ['2024-05-14', '2024-05-14T00:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });

  it.each(['', '   ', 'yesterday', 'Mon, 31 Feb 2024 07:27:05 +0000', 'Mon, 06 Foo 2024 07:27:05 +0000', '0'])(
    '%j → null',
    (input) => {
      expect(toIsoDate(input)).toBeNull();
    },
  );

  it('null and undefined → null', () => {
    expect(toIsoDate(null)).toBeNull();
    expect(toIsoDate(undefined)).toBeNull();
  });
});

describe('small helpers', () => {
  it('textOrNull trims and maps "" to null', () => {
    expect(textOrNull('  a ')).toBe('a');
    expect(textOrNull('')).toBeNull();
    expect(textOrNull(null)).toBeNull();
  });

  it('idOrNull maps 0 to null', () => {
    expect(idOrNull(0)).toBeNull();
    expect(idOrNull(3)).toBe(3);
    expect(idOrNull(undefined)).toBeNull();
  });

  it('emailKey trims and lower-cases', () => {
    expect(emailKey('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('httpUrlOrNull keeps only http(s) links', () => {
    expect(httpUrlOrNull('https://tools.usps.com/go/x?t=1')).toBe('https://tools.usps.com/go/x?t=1');
    expect(httpUrlOrNull('javascript:alert(1)')).toBeNull();
    expect(httpUrlOrNull('not a url')).toBeNull();
    expect(httpUrlOrNull('')).toBeNull();
  });
});
