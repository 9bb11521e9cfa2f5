import { describe, expect, it } from 'vitest';
import { BoundedCache, Scanner } from './text.js';

describe('Scanner', () => {
  it('blanks every consumed match in one pass, keeping indexes aligned', () => {
    const s = new Scanner('a 12 b 345 c 6');
    const seen: string[] = [];
    s.scan(/\d+/g, (m) => {
      seen.push(m[0]);
      return m[0].length > 1;
    });
    expect(seen).toEqual(['12', '345', '6']);
    expect(s.text).toBe('a    b     c 6');
  });
});

describe('BoundedCache', () => {
  it('forgets everything once full, so it never grows past its limit', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
    expect(cache.get('c')).toBe(3);
  });
});
