import { describe, expect, it } from 'vitest';
import { isTimeZone, normaliseTimeZone, timeZoneNames } from './time-zone.js';

describe('workspace time zones', () => {
  it('accepts IANA names, spelled as Intl lists them', () => {
    expect(normaliseTimeZone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(normaliseTimeZone(' europe/berlin ')).toBe('Europe/Berlin');
    expect(normaliseTimeZone('utc')).toBe('UTC');
    expect(normaliseTimeZone('America/Argentina/Buenos_Aires')).toBe('America/Argentina/Buenos_Aires');
  });

  it('keeps an alias Intl knows as it was written', () => {
    expect(normaliseTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
  });

  it('refuses offsets, unknown names and anything that is not a zone name', () => {
    for (const bad of ['+01:00', 'GMT+1 ', 'Mars/Olympus_Mons', '', 'Europe/Berlin; drop', '../etc', 'x'.repeat(70)]) {
      expect([bad, isTimeZone(bad)]).toEqual([bad, false]);
    }
  });

  it('lists UTC first and every zone Intl supports', () => {
    const names = timeZoneNames();
    expect(names[0]).toBe('UTC');
    expect(names).toContain('Europe/Berlin');
    expect(names.length).toBeGreaterThan(300);
    expect(names.every(isTimeZone)).toBe(true);
  });
});
