/**
 * Wire values → domain values. Money stays an exact decimal string (never a float); v2 RFC 2822
 * dates and v3 ISO dates both become ISO 8601 in UTC; "" and 0 placeholders become null.
 */
import { emailKey as sharedEmailKey } from '../shared/email-identity.js';
import type { Money } from '../shared/store-data.js';

const DECIMAL = /^([+-])?(\d+)(?:\.(\d*))?$/;

/**
 * Normalises a decimal to at least two fraction digits without changing its value:
 * "109.0000" → "109.00", "0.1250" → "0.125", "924.47" → "924.47", 49 → "49.00", "-0.00" → "0.00".
 * Returns null when the input is not a plain decimal.
 */
export function normaliseDecimal(value: string | number): string | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // String() gives the shortest text that round-trips, i.e. the decimal the JSON had; only
    // exponent forms (|n| < 1e-6 or ≥ 1e21) need expanding.
    text = /e/i.test(String(value)) ? value.toFixed(20) : String(value);
  } else {
    text = value.trim();
  }
  const match = DECIMAL.exec(text);
  if (!match) return null;
  const [, sign, intPart = '0', fracPart = ''] = match;
  const integer = intPart.replace(/^0+(?=\d)/, '');
  const fraction = fracPart.replace(/0+$/, '').padEnd(2, '0');
  const isZero = /^0+$/.test(integer) && /^0+$/.test(fraction);
  return `${sign === '-' && !isZero ? '-' : ''}${integer}.${fraction}`;
}

export function toMoney(value: string | number, currency: string): Money | null {
  const amount = normaliseDecimal(value);
  return amount === null ? null : { amount, currency };
}

const MONTHS: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

// "Mon, 06 May 2024 07:27:05 +0000" (weekday optional, seconds optional, numeric or GMT/UT zone).
const RFC_2822 =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+([+-]\d{4}|GMT|UTC?|Z)$/;
// "2026-06-18T14:37:37Z", "2015-07-03T17:57:10+00:00", "2024-05-14T09:34:00", "2024-05-14".
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * RFC 2822 (v2) or ISO 8601 (v3) → ISO 8601 UTC (`Date#toISOString`). "", null and unparseable
 * values become null: a missing date must not break a whole order.
 */
export function toIsoDate(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text === '') return null;
  const rfc = RFC_2822.exec(text);
  if (rfc) return fromRfc2822(rfc);
  const iso = ISO_8601.exec(text);
  if (iso) {
    // Without a zone, Date.parse would use the machine's local time; BigCommerce means UTC.
    const hasTime = text.length > 10;
    const ms = Date.parse(hasTime && !iso[1] ? `${text.replace(' ', 'T')}Z` : text.replace(' ', 'T'));
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }
  return null;
}

function fromRfc2822(match: RegExpExecArray): string | null {
  const [, day, mon, year, hour, minute, second = '0', zone = '+0000'] = match;
  const month = MONTHS[(mon ?? '').toLowerCase()];
  if (month === undefined) return null;
  const y = Number(year);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (h > 23 || mi > 59 || s > 60) return null;
  let offsetMinutes = 0;
  if (/^[+-]\d{4}$/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
  }
  const utc = Date.UTC(y, month, d, h, mi, s) - offsetMinutes * 60_000;
  // Date.UTC rolls "31 Feb" over into March; reject instead of inventing a date.
  const check = new Date(Date.UTC(y, month, d));
  if (check.getUTCMonth() !== month || check.getUTCDate() !== d) return null;
  return new Date(utc).toISOString();
}

/** Trimmed text, or null when empty. BigCommerce uses "" for "not set" almost everywhere. */
export function textOrNull(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  return text === '' ? null : text;
}

export function text(value: string | null | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** BigCommerce sends 0 for "none" in id fields (customer group, address, variant). */
export function idOrNull(value: number | null | undefined): number | null {
  return typeof value === 'number' && value > 0 ? value : null;
}

/**
 * Email comparison key: trimmed, ASCII letters lower-cased (we match case-insensitively on our
 * side). Only A–Z is folded: `toLowerCase` would turn the Kelvin sign into "k" and match a
 * look-alike address to a different customer (see shared/email-identity.ts).
 */
export function emailKey(value: string | null | undefined): string {
  return sharedEmailKey(value);
}

/** Only http(s) links are kept: a merchant-entered `javascript:` link must not reach an email. */
export function httpUrlOrNull(value: string | null | undefined): string | null {
  const link = textOrNull(value);
  if (!link) return null;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? link : null;
  } catch {
    return null;
  }
}
