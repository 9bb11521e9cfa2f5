import { describe, expect, it } from 'vitest';
import { latestOrder, mergeOrders } from './order-list.js';
import { order } from './testing/fixtures.js';

describe('mergeOrders', () => {
  it('merges lists, keeps each id once and sorts newest first', () => {
    const a = [
      order({ id: 3, dateCreated: '2026-01-03T00:00:00Z' }),
      order({ id: 1, dateCreated: '2026-01-01T00:00:00Z' }),
    ];
    const b = [
      order({ id: 2, dateCreated: '2026-01-02T00:00:00Z' }),
      order({ id: 3, dateCreated: '2026-01-03T00:00:00Z' }),
    ];
    expect(mergeOrders(a, b).map((o) => o.id)).toEqual([3, 2, 1]);
  });

  it('breaks date ties by id and puts undated or unparsable dates last', () => {
    const merged = mergeOrders([
      order({ id: 10, dateCreated: null }),
      order({ id: 11, dateCreated: 'not a date' }),
      order({ id: 5, dateCreated: '2026-01-01T00:00:00Z' }),
      order({ id: 6, dateCreated: '2026-01-01T00:00:00Z' }),
    ]);
    expect(merged.map((o) => o.id)).toEqual([6, 5, 11, 10]);
  });

  it('compares real instants, not strings', () => {
    const merged = mergeOrders([
      order({ id: 1, dateCreated: '2026-01-01T23:00:00-05:00' }), // 04:00 UTC on the 2nd
      order({ id: 2, dateCreated: '2026-01-02T01:00:00Z' }),
    ]);
    expect(merged.map((o) => o.id)).toEqual([1, 2]);
  });
});

describe('latestOrder', () => {
  it('skips abandoned checkouts unless they are all there is', () => {
    const incomplete = order({ id: 9, statusId: 0 });
    expect(latestOrder([incomplete, order({ id: 8 })])?.id).toBe(8);
    expect(latestOrder([incomplete])?.id).toBe(9);
    expect(latestOrder([])).toBeNull();
  });
});
