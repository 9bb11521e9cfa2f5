import { describe, expect, it } from 'vitest';
import { fts5Query, searchTerms, tsQuery } from './search-query.js';

describe('search query', () => {
  it('split on anything but letters and digits; numbers whole, words of 3+ letters as prefixes', () => {
    expect(searchTerms('#12345')).toEqual([{ text: '12345', prefix: false }]);
    expect(searchTerms('Jane.Roe@Shop.example')).toEqual([
      { text: 'jane', prefix: true },
      { text: 'roe', prefix: true },
      { text: 'shop', prefix: true },
      { text: 'example', prefix: true },
    ]);
    expect(searchTerms('is it ÜBERGRÖSSE?')).toEqual([
      { text: 'is', prefix: false },
      { text: 'it', prefix: false },
      { text: 'übergrösse', prefix: true },
    ]);
    expect(searchTerms(' "*) OR NEAR( ')).toEqual([
      { text: 'or', prefix: false },
      { text: 'near', prefix: true },
    ]);
    expect(searchTerms('a a a')).toHaveLength(1);
    expect(searchTerms('1 2 3 4 5 6 7 8 9 10')).toHaveLength(8);
  });

  it('quote every word, so none is read as an operator by either engine', () => {
    const terms = searchTerms('order #5021 NOT kettle');
    expect(fts5Query(terms)).toBe('"order"* AND "5021" AND "not"* AND "kettle"*');
    expect(tsQuery(terms)).toBe("'order':* & '5021' & 'not':* & 'kettle':*");
  });
});
