import { describe, expect, it } from 'vitest';
import { formatDate, isoInstant, timeTag } from './layout.js';

describe('formatDate in the workspace time zone', () => {
  it('shows UTC by default, as before', () => {
    expect(formatDate('2026-01-01T00:00:00.000Z')).toBe('2026-01-01 00:00 UTC');
    expect(formatDate('2026-01-01T00:00:00.000Z', 'UTC')).toBe('2026-01-01 00:00 UTC');
  });

  it('Europe/Berlin: CET in winter, CEST in summer, across both clock changes', () => {
    expect(formatDate('2026-12-05T08:14:00.000Z', 'Europe/Berlin')).toBe('2026-12-05 09:14 CET');
    expect(formatDate('2026-07-01T08:14:00.000Z', 'Europe/Berlin')).toBe('2026-07-01 10:14 CEST');
    // Spring forward: 02:00 local does not exist; one minute after 01:59 CET is 03:00 CEST.
    expect(formatDate('2026-03-29T00:59:00.000Z', 'Europe/Berlin')).toBe('2026-03-29 01:59 CET');
    expect(formatDate('2026-03-29T01:00:00.000Z', 'Europe/Berlin')).toBe('2026-03-29 03:00 CEST');
    // Fall back: 02:30 happens twice, and the zone name tells the two apart.
    expect(formatDate('2026-10-25T00:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25 02:30 CEST');
    expect(formatDate('2026-10-25T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-10-25 02:30 CET');
  });

  it('America/New_York: EST and EDT, and the local date can differ from the UTC date', () => {
    expect(formatDate('2026-03-08T06:59:00.000Z', 'America/New_York')).toBe('2026-03-08 01:59 EST');
    expect(formatDate('2026-03-08T07:00:00.000Z', 'America/New_York')).toBe('2026-03-08 03:00 EDT');
    expect(formatDate('2026-01-01T03:00:00.000Z', 'America/New_York')).toBe('2025-12-31 22:00 EST');
  });

  it('a zone without a common abbreviation shows its offset; midnight is 00, not 24', () => {
    expect(formatDate('2026-05-01T18:30:00.000Z', 'Asia/Kolkata')).toBe('2026-05-02 00:00 GMT+5:30');
    expect(formatDate('2026-07-01T12:00:00.000Z', 'Europe/London')).toBe('2026-07-01 13:00 BST');
  });

  it('an unknown zone shows UTC; a missing or invalid date shows a dash', () => {
    expect(formatDate('2026-01-01T00:00:00.000Z', 'Mars/Olympus_Mons')).toBe('2026-01-01 00:00 UTC');
    expect(formatDate(null, 'Europe/Berlin')).toBe('—');
    expect(formatDate('not a date', 'Europe/Berlin')).toBe('—');
  });
});

describe('<time> carries the same instant as its text', () => {
  it('datetime is UTC ISO with Z, whatever form the stored value had', () => {
    expect(isoInstant('2026-12-05T09:14:00+01:00')).toBe('2026-12-05T08:14:00.000Z');
    expect(isoInstant('nonsense')).toBe('');
    expect(timeTag('2026-12-05T08:14:00.000Z', 'Europe/Berlin').toString()).toBe(
      '<time datetime="2026-12-05T08:14:00.000Z">2026-12-05 09:14 CET</time>',
    );
  });
});
