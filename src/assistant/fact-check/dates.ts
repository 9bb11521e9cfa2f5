/** Dates: month names in en/es/de/fr, date shapes in a draft, and the calendar days the context vouches for. */
import type { Candidate, DateParts } from './types.js';
import { BoundedCache, re, type Scanner } from './text.js';

/** Month names and abbreviations, lower case; each call lists January to December. */
const MONTHS: Record<string, number> = {};
function months(names: string): void {
  names.split(' ').forEach((group, i) => group.split('|').forEach((n) => (MONTHS[n] = i + 1)));
}
months(
  'january|jan february|feb march|mar april|apr may june|jun july|jul august|aug september|sep|sept october|oct november|nov december|dec',
);
months(
  'enero|ene febrero marzo abril|abr mayo junio julio agosto|ago septiembre|setiembre octubre noviembre diciembre|dic',
);
months('januar|jänner|jän februar märz|mär april mai juni juli august september oktober|okt november dezember|dez');
months(
  'janvier|janv février|févr|fevrier mars avril|avr mai juin juillet|juil août|aout septembre octobre novembre décembre|déc|decembre',
);

export const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

export function extractDates(s: Scanner, out: Candidate[]): void {
  const push = (m: RegExpExecArray, options: DateParts[]): boolean => {
    const valid = options.filter((o) => o.m >= 1 && o.m <= 12 && (o.d === undefined || (o.d >= 1 && o.d <= 31)));
    if (valid.length === 0) return false;
    out.push({ kind: 'date', value: m[0].trim(), options: valid });
    return true;
  };
  const year = (raw: string | undefined): number | undefined =>
    raw === undefined ? undefined : raw.length === 2 ? 2000 + Number(raw) : Number(raw);
  const month = (raw: string): number => MONTHS[raw.toLowerCase().replace(/\.$/, '')] ?? 0;

  // ISO 2024-11-18 (optionally with a time).
  s.scan(/(?<![\d.])(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?(?!\d)/g, (m) =>
    push(m, [{ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) }]),
  );
  // Numeric 18/11/2024, 11/18/2024, 18.11.2024, 18-11-24: day and month order is ambiguous.
  s.scan(/(?<![\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d]|[.,]\d)/g, (m) => {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = year(m[4]);
    return push(m, [
      { y, m: b, d: a },
      { y, m: a, d: b },
    ]);
  });
  // Day first: "18 November 2024", "18. November", "18 de noviembre de 2024", "1er novembre", "18th of Nov".
  const dayFirst = re(
    String.raw`(?<![\p{L}\d.,])(\d{1,2})(?:st|nd|rd|th|er|º|°)?\.?\s*(?:of\s+|de\s+)?(${MONTH_RE})\.?(?![\p{L}])(?:,?\s*(?:de\s+)?(\d{4})(?!\d))?`,
    'giu',
  );
  // Lower-case "may" after a number is the English verb ("the 2 may arrive apart"), not May.
  s.scan(dayFirst, (m) => m[2] !== 'may' && push(m, [{ y: year(m[3]), m: month(m[2] ?? ''), d: Number(m[1]) }]));
  // Month first: "November 18, 2024", "Nov 18th".
  const monthFirst = re(
    String.raw`(?<![\p{L}])(${MONTH_RE})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d]|[.,]\d)(?:,?\s*(\d{4})(?!\d))?`,
    'giu',
  );
  // Month-first is English (and German) style, where months are capitalised; "you may 2…" is not a date.
  s.scan(
    monthFirst,
    (m) => /^\p{Lu}/u.test(m[1] ?? '') && push(m, [{ y: year(m[3]), m: month(m[1] ?? ''), d: Number(m[2]) }]),
  );
  // Month and year only: "November 2024", "noviembre de 2024".
  const monthYear = re(String.raw`(?<![\p{L}])(${MONTH_RE})\.?\s+(?:de\s+)?(\d{4})(?!\d)`, 'giu');
  s.scan(monthYear, (m) => push(m, [{ y: Number(m[2]), m: month(m[1] ?? '') }]));
}

/** The calendar day of an instant in UTC and in the store's timezone (they can differ by one). */
export function calendarDays(iso: string | null, timezone: string | null): { y: number; m: number; d: number }[] {
  if (!iso) return [];
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return [];
  const days = [{ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() }];
  if (timezone) {
    const format = dayFormat(timezone);
    if (format) {
      const parts = format
        .formatToParts(date)
        .reduce<Record<string, number>>((acc, p) => ((acc[p.type] = Number(p.value)), acc), {});
      if (parts.year && parts.month && parts.day) days.push({ y: parts.year, m: parts.month, d: parts.day });
    }
  }
  return days;
}

/** One formatter per timezone (null for an unknown zone), built once: Intl formatters are costly. */
const DAY_FORMATS = new BoundedCache<string, Intl.DateTimeFormat | null>(200);
function dayFormat(timezone: string): Intl.DateTimeFormat | null {
  if (DAY_FORMATS.has(timezone)) return DAY_FORMATS.get(timezone) ?? null;
  let format: Intl.DateTimeFormat | null = null;
  try {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
  } catch {
    // An unknown zone name: UTC alone is still a sound comparison.
  }
  return DAY_FORMATS.set(timezone, format);
}
