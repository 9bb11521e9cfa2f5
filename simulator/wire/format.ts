/** Wire formatting shared by every renderer: v2 money strings, v2/v3 dates. */
import type { MoneyValue } from '../store-data.js';

/** Money as integer ten-thousandths, so sums never drift the way floats do. */
export function toUnits(value: MoneyValue | undefined): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return Math.round(value * 10_000);
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
  const units = Number(whole) * 10_000 + Number(fraction.padEnd(4, '0').slice(0, 4));
  return negative ? -units : units;
}

/** v2 money: a decimal string with exactly 4 places ("109.0000"). */
export function money4(units: number): string {
  const negative = units < 0;
  const abs = Math.abs(units);
  const text = `${Math.floor(abs / 10_000)}.${String(abs % 10_000).padStart(4, '0')}`;
  return negative ? `-${text}` : text;
}

/** v3 catalog money: a JSON number. */
export function moneyNumber(units: number): number {
  return units / 10_000;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** v2 dates: RFC 2822, always UTC `+0000` ("Mon, 06 May 2024 07:27:05 +0000"); unset is "". */
export function rfc2822(value: string | undefined): string {
  if (!value) return '';
  const d = new Date(value);
  return (
    `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** v3 customers use `Z` ("2026-06-18T14:37:37Z"). */
export function isoZ(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** v3 catalog and transactions use `+00:00` ("2015-07-03T17:57:10+00:00"). */
export function isoOffset(value: string): string {
  return isoZ(value).replace(/Z$/, '+00:00');
}

/** A fixed fallback for omitted dates, so renders stay deterministic. */
export const FALLBACK_DATE = '2025-01-01T00:00:00Z';
