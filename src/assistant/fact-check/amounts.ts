/** Amounts: currency marks and ISO codes, money shapes in a draft, and exact decimal parsing. */
import type { Candidate } from './types.js';
import { BoundedCache, escapeRe, re, type Scanner } from './text.js';

/** Currency marks → the ISO codes they may stand for. Ambiguous marks ($, ¥, kr) list several. */
const DOLLARS = ['USD', 'CAD', 'AUD', 'NZD', 'HKD', 'SGD', 'MXN'];
const CURRENCY_MARKS: Record<string, string[]> = {
  us$: ['USD'],
  $us: ['USD'],
  ca$: ['CAD'],
  $ca: ['CAD'],
  c$: ['CAD'],
  a$: ['AUD'],
  au$: ['AUD'],
  $au: ['AUD'],
  nz$: ['NZD'],
  $nz: ['NZD'],
  $mx: ['MXN'],
  $hk: ['HKD'],
  '£gb': ['GBP'],
  hk$: ['HKD'],
  mx$: ['MXN'],
  s$: ['SGD'],
  r$: ['BRL'],
  $: DOLLARS,
  '€': ['EUR'],
  '£': ['GBP'],
  '¥': ['JPY', 'CNY'],
  '₹': ['INR'],
  '₩': ['KRW'],
  zł: ['PLN'],
  kr: ['SEK', 'NOK', 'DKK', 'ISK'],
  'fr.': ['CHF'],
  dollars: DOLLARS,
  dollar: DOLLARS,
  dólares: DOLLARS,
  dólar: DOLLARS,
  euros: ['EUR'],
  euro: ['EUR'],
  pounds: ['GBP'],
  libras: ['GBP'],
};
const ISO_CODES = 'USD EUR GBP CAD AUD NZD CHF JPY CNY HKD SGD SEK NOK DKK PLN CZK HUF MXN BRL INR ZAR AED KRW TRY ILS';

export const NUM = String.raw`\d{1,3}(?:[ ,.'’\u00A0\u202F]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
export const UNIT_AFTER = String.raw`(?!\s*(?:%|kg\b|g\b|lbs?\b|oz\b|cm\b|mm\b|m\b|km\b|ml\b|l\b|in\b|h\b|hrs?\b|hours?\b|uhr\b|am\b|pm\b|a\.m|p\.m))`;

/** Currency marks, longest first, escaped for a pattern: built once. */
const MARKS = Object.keys(CURRENCY_MARKS)
  .sort((a, b) => b.length - a.length)
  .map(escapeRe);

type CurrencyForm = { before: RegExp; after: RegExp };
/** The amount patterns for a set of store currencies, compiled once per set. */
const FORMS = new BoundedCache<string, CurrencyForm[]>(200);

function currencyForms(currencyCodes: string[]): CurrencyForm[] {
  const key = currencyCodes.join(',');
  const cached = FORMS.get(key);
  if (cached) return cached;
  const codes = [...new Set([...ISO_CODES.split(' '), ...currencyCodes.map((c) => c.toUpperCase())])];
  // Symbols and words in any case; ISO codes only in capitals, so "try 100 times" is not lira.
  const forms: [string, string][] = [
    [`(?:${MARKS.join('|')})`, 'giu'],
    [`(?:${codes.join('|')})(?![\\p{L}])`, 'gu'],
  ];
  return FORMS.set(
    key,
    forms.map(([cur, flags]) => ({
      // "$1,234.50", "USD 12", "€ 12,50"
      before: re(String.raw`(?<![\p{L}])(${cur})\s?(${NUM})(?![\d])`, flags),
      // "1.234,50 €", "12,00 EUR", "1 234,50 $US", "12 euros"
      after: re(String.raw`(?<![\p{L}\d.,])(${NUM})\s?(${cur})(?![\p{L}])`, flags),
    })),
  );
}

/** Bare decimals with exactly two fraction digits read as money ("a total of 49.99"). */
const BARE = new RegExp(
  String.raw`(?<![\p{L}\d.,])(\d{1,3}(?:[,.'’\u00A0\u202F]\d{3})+[.,]\d{2}|\d+[.,]\d{2})(?![\d]|[.,]\d)${UNIT_AFTER}`,
  'giu',
);

export function extractAmounts(s: Scanner, out: Candidate[], currencyCodes: string[]): void {
  const currenciesOf = (raw: string): string[] => {
    const key = raw.trim().toLowerCase();
    return CURRENCY_MARKS[key] ?? [key.toUpperCase()];
  };
  const push = (m: RegExpExecArray, num: string, currency: string | null): boolean => {
    const cents = parseAmount(num);
    if (cents.length === 0) return false;
    out.push({ kind: 'amount', value: m[0].trim(), cents, currencies: currency ? currenciesOf(currency) : null });
    return true;
  };
  for (const form of currencyForms(currencyCodes)) {
    s.scan(form.before, (m) => push(m, m[2] ?? '', m[1] ?? ''));
    s.scan(form.after, (m) => push(m, m[1] ?? '', m[2] ?? ''));
  }
  s.scan(BARE, (m) => push(m, m[1] ?? '', null));
}

/**
 * "1.234,50" / "1,234.50" / "1 234,50" / "1234,5" → cents. A lone separator followed by exactly
 * three digits ("1,234") is ambiguous between locales, so both readings are returned.
 */
export function parseAmount(raw: string): number[] {
  const s = raw.replace(/[\s\u00A0\u202F'’]/g, '');
  if (!/^\d[\d.,]*$/.test(s)) return [];
  const toCents = (normalised: string): number => Math.round(Number(normalised) * 100);
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    return [toCents(s.split(group).join('').replace(decimal, '.'))];
  }
  const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
  if (sep === null) return [toCents(s)];
  const parts = s.split(sep);
  if (parts.length > 2) return [toCents(parts.join(''))];
  const fraction = parts[1] ?? '';
  if (fraction.length === 3) return [toCents(parts.join('')), toCents(`${parts[0]}.${fraction}`)];
  return [toCents(`${parts[0]}.${fraction}`)];
}
