import { describe, expect, it } from 'vitest';
import { explainStatus, systemStatusName } from './status.js';

describe('explainStatus', () => {
  it('explains every BigCommerce status in its own words', () => {
    const explanations = Array.from({ length: 15 }, (_, id) => explainStatus(id));
    expect(new Set(explanations).size).toBe(15);
    expect(explainStatus(0)).toMatch(/no order was placed/);
    expect(explainStatus(2)).toMatch(/shipped/);
    expect(explainStatus(6)).toMatch(/declined/);
    expect(explainStatus(11)).toMatch(/Payment was received/);
    expect(explainStatus(13)).toMatch(/dispute/);
  });

  it('says something true but generic for ids it does not know', () => {
    for (const id of [-1, 15, 99, 1.5, Number.NaN]) {
      expect(explainStatus(id)).toBe(explainStatus(15));
      expect(systemStatusName(id)).toBeNull();
    }
    expect(explainStatus(99)).not.toMatch(/shipped|refunded|cancelled/i);
  });

  it('knows the system names', () => {
    expect(systemStatusName(11)).toBe('Awaiting Fulfillment');
    expect(systemStatusName(14)).toBe('Partially Refunded');
  });
});
