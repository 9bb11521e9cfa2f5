import type { Money } from '../../shared/store-data.js';
import type { Language } from '../types.js';

/**
 * Dates, money and lists for a reply language, with `Intl`. One style per locale:
 * "18 November 2026", "18 de noviembre de 2026", "18. November 2026", "18 novembre 2026".
 * Every function returns null (never "undefined", "NaN" or an empty string) when the value is
 * missing or unreadable, so the caller leaves the sentence out.
 */
export interface Formatter {
  date(iso: string | null | undefined): string | null;
  money(money: Money | null | undefined): string | null;
  /** "A, B and C" in the reply language. */
  list(items: readonly string[]): string;
}

const DATE_LOCALE: Record<Language, string> = { en: 'en-GB', es: 'es-ES', de: 'de-DE', fr: 'fr-FR' };
const NUMBER_LOCALE: Record<Language, string> = { en: 'en-US', es: 'es-ES', de: 'de-DE', fr: 'fr-FR' };
const DECIMAL = /^-?\d+(?:\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Intl formatters are costly to build and immutable: one per locale, zone and currency, kept for the process. */
const DATE_FORMATS = new Map<string, Intl.DateTimeFormat>();
const LIST_FORMATS = new Map<string, Intl.ListFormat>();
const MONEY_FORMATS = new Map<string, Intl.NumberFormat>();
const CURRENCY_DIGITS = new Map<string, number>();
/** Zones and currencies come from store data: the caches are bounded so odd values cannot grow them forever. */
const CACHE_LIMIT = 500;

function cached<V>(map: Map<string, V>, key: string, build: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    if (map.size >= CACHE_LIMIT) map.clear();
    value = build();
    map.set(key, value);
  }
  return value;
}

export function createFormatter(language: Language, timeZone: string | null | undefined): Formatter {
  const locale = DATE_LOCALE[language];
  const dateFormat = cached(DATE_FORMATS, `${locale}|${timeZone ?? ''}`, () => dateFormatter(locale, timeZone));
  const listFormat = cached(
    LIST_FORMATS,
    locale,
    () => new Intl.ListFormat(locale, { type: 'conjunction', style: 'long' }),
  );
  return {
    date(iso) {
      if (!iso) return null;
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? null : dateFormat.format(date);
    },
    money(money) {
      return money ? formatMoney(money, NUMBER_LOCALE[language]) : null;
    },
    list(items) {
      return listFormat.format(items);
    },
  };
}

/** A date formatter in the store's zone; an unknown zone falls back to UTC rather than failing the reply. */
function dateFormatter(locale: string, timeZone: string | null | undefined): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: timeZone || 'UTC' });
  } catch {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' });
  }
}

/**
 * Formats an exact decimal string as currency without going through a float: `Intl.NumberFormat`
 * formats numeric strings exactly. The currency's usual number of decimals is shown, more when the
 * amount has significant digits beyond them ("0.125" stays 0.125), so nothing is rounded away.
 */
export function formatMoney(money: Money, locale: string): string | null {
  const amount = money.amount.trim();
  const currency = money.currency.trim().toUpperCase();
  if (!DECIMAL.test(amount)) return null;
  if (!CURRENCY.test(currency)) return null;
  const significant = (amount.split('.')[1] ?? '').replace(/0+$/, '').length;
  try {
    const minimum = cached(
      CURRENCY_DIGITS,
      currency,
      () => new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().minimumFractionDigits ?? 2,
    );
    const maximum = Math.min(20, Math.max(minimum, significant));
    const format = cached(
      MONEY_FORMATS,
      `${locale}|${currency}|${minimum}|${maximum}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: minimum,
          maximumFractionDigits: maximum,
        }),
    );
    // Intl formats numeric strings exactly (ECMA-402 "Intl.NumberFormat v3"), with no float in between.
    return format.format(amount as Intl.StringNumericLiteral);
  } catch {
    return `${amount} ${currency}`;
  }
}
