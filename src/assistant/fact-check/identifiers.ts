/** Identifiers: URLs, email addresses, order numbers, phone numbers and tracking numbers. */
import { emailKey } from '../../shared/email-identity.js';
import type { Candidate } from './types.js';
import { hostOf, normaliseUrl, re, type Scanner } from './text.js';

/** URLs first: they contain digits, tokens and domains that must not be read as other facts. Then emails. */
export function extractLinks(s: Scanner, out: Candidate[]): void {
  s.scan(/\b(?:https?:\/\/|www\.)[^\s<>"'“”«»]+/giu, (m) => {
    const raw = m[0].replace(/[.,;:!?)\]}]+$/u, '');
    const url = normaliseUrl(raw);
    out.push({ kind: 'url', value: raw, url, host: hostOf(url) });
    return true;
  });
  s.scan(/[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}/giu, (m) => {
    // Only ASCII letters fold: a look-alike (Kelvin sign for "k") is another address.
    out.push({ kind: 'email', value: m[0], address: emailKey(m[0]) });
    return true;
  });
}

/**
 * Phones: digit groups with separators (or a leading +), 7–15 digits. Longer runs of spaced digit
 * groups are tracking numbers written in blocks (USPS prints them that way). Then tracking-like
 * tokens: long letter+digit codes (1Z…, LX…CN) or long digit runs.
 */
export function extractPhonesAndTracking(s: Scanner, out: Candidate[]): void {
  s.scan(/(?<![\p{L}\d+#])\+?\(?\d{1,5}\)?(?:[ .\-/]\(?\d{1,5}\)?)+(?![\p{L}\d])|\+\d{7,15}(?!\d)/gu, (m) => {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length > 15 && !m[0].startsWith('+')) {
      out.push({ kind: 'tracking_number', value: m[0], token: digits });
      return true;
    }
    if (digits.length < 7 || digits.length > 15) return false;
    out.push({ kind: 'phone', value: m[0].trim(), digits });
    return true;
  });

  s.scan(/(?<![\p{L}\d])[A-Za-z0-9]{8,40}(?![\p{L}\d])/gu, (m) => {
    const token = m[0].toUpperCase();
    const digits = token.replace(/\D/g, '').length;
    const letters = token.length - digits;
    const looksLikeTracking = letters === 0 ? digits >= 10 : digits >= 5;
    if (!looksLikeTracking) return false;
    out.push({ kind: 'tracking_number', value: m[0], token });
    return true;
  });
}

export function extractOrderNumbers(s: Scanner, out: Candidate[]): void {
  const push = (m: RegExpExecArray, digits: string): boolean => {
    out.push({ kind: 'order_number', value: m[0].trim(), digits: String(Number(digits)) });
    return true;
  };
  // "#5114", "№ 5114", "n° 5114", "n.º 5114", "Nr. 5114" (the built-in composer's references);
  // digits glued to letters ("#1Z999…") are a code, not an order number.
  s.scan(/(?:#|№|\bn[°º]|\bn\.\s?º|\bnr\.)\s?(\d{1,12})(?![\p{L}\d])/giu, (m) => push(m, m[1] ?? ''));
  // "order 5114", "order number 5114", "pedido 5114", "Bestellung Nr. 5114", "commande n° 5114".
  // Three digits at least: BigCommerce order ids start at 100, and "order 2 days ago" is prose.
  const keyword = String.raw`(?<![\p{L}])(?:orders?|order\s+id|pedidos?|órdenes|orden|bestellung(?:en)?|bestellnummer|bestell-nr\.?|auftrag(?:snummer)?|commandes?)`;
  const numberWord = String.raw`(?:\s+(?:number|no\.?|nr\.?|núm(?:ero)?\.?|numéro|n[°º]|n\.\s?º|#))?`;
  s.scan(re(String.raw`${keyword}${numberWord}\s*:?\s*(\d{3,12})(?![\p{L}\d]|[.,]\d)`, 'giu'), (m) =>
    push(m, m[1] ?? ''),
  );
}
