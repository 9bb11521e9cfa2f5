/**
 * Fact check for LLM drafts: every verifiable fact in the text must come from the customer's
 * context. We extract candidate facts (order numbers, tracking numbers, amounts, dates, status
 * names, product names, emails, phone numbers, URLs) and look each one up in what the store
 * data says. Anything not found is a violation, and the caller falls back to the built-in draft.
 *
 * Precision matters as much as recall: faithful prose ("within 24 hours", "in 2024", "2 items")
 * must pass, so only shapes that clearly state a fact are extracted. Extraction runs in a fixed
 * order and blanks out what it consumed, so a date is never re-read as an amount or a phone.
 */
import type { ContextOrder, CustomerContext } from '../context/types.js';

export type FactKind =
  'order_number' | 'tracking_number' | 'amount' | 'date' | 'status' | 'product' | 'email' | 'phone' | 'url';

export interface FactViolation {
  kind: FactKind;
  value: string;
}

export interface FactCheckResult {
  ok: boolean;
  violations: FactViolation[];
}

export interface FactCheckExtra {
  /** Numbers the reply may state besides the context (order numbers, amounts, phone digits). */
  allowedNumbers?: string[];
  /** The store's own addresses (business email from settings). */
  allowedEmails?: string[];
  /** The store's own domains: URLs and emails on them (or their subdomains) are fine. */
  allowedDomains?: string[];
  /** Workspace text the reply may repeat (business name, signature): any fact inside is allowed. */
  allowedText?: string[];
}

// ---------------------------------------------------------------------------------------------
// Candidates

interface DateParts {
  y?: number;
  m: number;
  d?: number;
}

type Candidate =
  | { kind: 'order_number'; value: string; digits: string }
  | { kind: 'tracking_number'; value: string; token: string }
  | { kind: 'amount'; value: string; cents: number[]; currencies: string[] | null }
  | { kind: 'date'; value: string; options: DateParts[] }
  | { kind: 'status'; value: string; name: string; claim?: 'refund' | 'cancel' }
  | { kind: 'product'; value: string; rest: string }
  | { kind: 'email'; value: string; address: string }
  | { kind: 'phone'; value: string; digits: string }
  | { kind: 'url'; value: string; url: string; host: string };

/** A comparable key, so facts found in allowed text can be matched against facts in the draft. */
function keyOf(c: Candidate): string {
  switch (c.kind) {
    case 'order_number':
      return c.digits;
    case 'tracking_number':
      return c.token;
    case 'amount':
      return c.cents.join('|');
    case 'date':
      return c.options.map((o) => `${o.y ?? ''}-${o.m}-${o.d ?? ''}`).join('|');
    case 'status':
      return c.claim ?? c.name;
    case 'product':
      return normaliseName(c.value);
    case 'email':
      return c.address;
    case 'phone':
      return c.digits;
    case 'url':
      return c.url;
  }
}

/** Text with consumed spans blanked out; indexes stay aligned with the original. */
class Scanner {
  text: string;
  constructor(text: string) {
    this.text = text;
  }
  consume(start: number, end: number): void {
    this.text = this.text.slice(0, start) + ' '.repeat(end - start) + this.text.slice(end);
  }
  /** Runs `pattern` (global) and lets `take` decide per match; a truthy return consumes the match. */
  scan(pattern: RegExp, take: (m: RegExpExecArray) => boolean): void {
    for (const m of [...this.text.matchAll(pattern)]) {
      if (take(m)) this.consume(m.index, m.index + m[0].length);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary (en, es, de, fr)

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

const MONTH_RE = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** BigCommerce's 15 system status names. */
const SYSTEM_STATUSES = [
  'Incomplete',
  'Pending',
  'Shipped',
  'Partially Shipped',
  'Refunded',
  'Cancelled',
  'Declined',
  'Awaiting Payment',
  'Awaiting Pickup',
  'Awaiting Shipment',
  'Completed',
  'Awaiting Fulfillment',
  'Manual Verification Required',
  'Disputed',
  'Partially Refunded',
];
const REFUND_STATUS_IDS = new Set([4, 14]);
const CANCEL_STATUS_IDS = new Set([5]);

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

// ---------------------------------------------------------------------------------------------
// Extraction

const NUM = String.raw`\d{1,3}(?:[ ,.'’\u00A0\u202F]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const UNIT_AFTER = String.raw`(?!\s*(?:%|kg\b|g\b|lbs?\b|oz\b|cm\b|mm\b|m\b|km\b|ml\b|l\b|in\b|h\b|hrs?\b|hours?\b|uhr\b|am\b|pm\b|a\.m|p\.m))`;

function extract(text: string, currencyCodes: string[], statusLabels: string[] = []): Candidate[] {
  const out: Candidate[] = [];
  const s = new Scanner(text);

  // URLs first: they contain digits, tokens and domains that must not be read as other facts.
  s.scan(/\b(?:https?:\/\/|www\.)[^\s<>"'“”«»]+/giu, (m) => {
    const raw = m[0].replace(/[.,;:!?)\]}]+$/u, '');
    const url = normaliseUrl(raw);
    out.push({ kind: 'url', value: raw, url, host: hostOf(url) });
    return true;
  });
  s.scan(/[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.\p{L}{2,}/giu, (m) => {
    out.push({ kind: 'email', value: m[0], address: m[0].toLowerCase() });
    return true;
  });

  extractDates(s, out);
  extractAmounts(s, out, currencyCodes);
  extractOrderNumbers(s, out);

  // Phones: digit groups with separators (or a leading +), 7–15 digits. Longer runs of spaced
  // digit groups are tracking numbers written in blocks (USPS prints them that way).
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

  // Tracking-like tokens: long letter+digit codes (1Z…, LX…CN) or long digit runs.
  s.scan(/(?<![\p{L}\d])[A-Za-z0-9]{8,40}(?![\p{L}\d])/gu, (m) => {
    const token = m[0].toUpperCase();
    const digits = token.replace(/\D/g, '').length;
    const letters = token.length - digits;
    const looksLikeTracking = letters === 0 ? digits >= 10 : digits >= 5;
    if (!looksLikeTracking) return false;
    out.push({ kind: 'tracking_number', value: m[0], token });
    return true;
  });

  extractStatuses(text, statusLabels, out);
  extractProducts(text, out);
  return out;
}

function extractDates(s: Scanner, out: Candidate[]): void {
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

function extractAmounts(s: Scanner, out: Candidate[], currencyCodes: string[]): void {
  const marks = Object.keys(CURRENCY_MARKS)
    .sort((a, b) => b.length - a.length)
    .map(escapeRe);
  const codes = [...new Set([...ISO_CODES.split(' '), ...currencyCodes.map((c) => c.toUpperCase())])];
  // Symbols and words in any case; ISO codes only in capitals, so "try 100 times" is not lira.
  const currencyForms: [string, string][] = [
    [`(?:${marks.join('|')})`, 'giu'],
    [`(?:${codes.join('|')})(?![\\p{L}])`, 'gu'],
  ];
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
  for (const [cur, flags] of currencyForms) {
    // "$1,234.50", "USD 12", "€ 12,50"
    s.scan(re(String.raw`(?<![\p{L}])(${cur})\s?(${NUM})(?![\d])`, flags), (m) => push(m, m[2] ?? '', m[1] ?? ''));
    // "1.234,50 €", "12,00 EUR", "1 234,50 $US", "12 euros"
    s.scan(re(String.raw`(?<![\p{L}\d.,])(${NUM})\s?(${cur})(?![\p{L}])`, flags), (m) =>
      push(m, m[1] ?? '', m[2] ?? ''),
    );
  }
  // Bare decimals with exactly two fraction digits read as money ("a total of 49.99").
  const bare = String.raw`(?<![\p{L}\d.,])(\d{1,3}(?:[,.'’\u00A0\u202F]\d{3})+[.,]\d{2}|\d+[.,]\d{2})(?![\d]|[.,]\d)${UNIT_AFTER}`;
  s.scan(re(bare, 'giu'), (m) => push(m, m[1] ?? '', null));
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

function extractOrderNumbers(s: Scanner, out: Candidate[]): void {
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

/** System names plus the store's own labels seen in the context (custom_status). */
function extractStatuses(text: string, labels: string[], out: Candidate[]): void {
  const names = new Set([...SYSTEM_STATUSES, ...labels.filter((l) => l.trim() !== '')]);
  for (const name of names) findStatus(text, name.trim(), out);
  extractActionClaims(text, out);
}

/**
 * Multi-word names are unmistakable in any case. Single words ("Shipped", "Pending") are also
 * plain verbs and adjectives, so they count only when quoted or capitalised mid-sentence.
 */
function findStatus(text: string, name: string, out: Candidate[]): void {
  const multiWord = /\s/.test(name);
  const pattern = re(
    String.raw`(?<![\p{L}\d])${escapeRe(name).replace(/\s+/g, String.raw`\s+`)}(?![\p{L}\d])`,
    multiWord ? 'giu' : 'gu',
  );
  for (const m of text.matchAll(pattern)) {
    if (!multiWord && !(isQuotedAt(text, m.index, m[0].length) || !isSentenceStart(text, m.index))) continue;
    out.push({ kind: 'status', value: m[0], name: name.toLowerCase() });
  }
}

/** Claims that a refund or cancellation happened (or will): only true when the store data says so. */
function extractActionClaims(text: string, out: Candidate[]): void {
  const claims: [RegExp, 'refund' | 'cancel'][] = [
    [
      /\b(?:has|have|had)\s+(?:already\s+|now\s+)?been\s+refunded\b|\b(?:was|were|is\s+now|will\s+be)\s+refunded\b/giu,
      'refund',
    ],
    [
      /\b(?:we|i)(?:['’]ve|\s+have)?\s+(?:already\s+|now\s+|just\s+)?(?:refunded|issued\s+(?:a|your|the)\s+(?:full\s+)?refund)\b/giu,
      'refund',
    ],
    [
      /\b(?:has|have|had)\s+(?:already\s+|now\s+)?been\s+cancell?ed\b|\b(?:was|were|is\s+now|will\s+be)\s+cancell?ed\b/giu,
      'cancel',
    ],
    [/\b(?:we|i)(?:['’]ve|\s+have)?\s+(?:already\s+|now\s+|just\s+)?cancell?ed\b/giu, 'cancel'],
    [
      /(?<!\bno\s)(?<![\p{L}])(?:ha|han|hemos|fue|fueron|será|serán)\s+(?:sido\s+)?reembolsad[oa]s?(?![\p{L}])/giu,
      'refund',
    ],
    [
      /(?<!\bno\s)(?<![\p{L}])(?:ha|han|hemos|fue|fueron|será|serán)\s+(?:sido\s+)?(?:cancelad[oa]s?|anulad[oa]s?)(?![\p{L}])/giu,
      'cancel',
    ],
    [
      /\b(?:wurde|wurden|wird|werden|haben|habe)\s+(?:(?!nicht\b|kein)[\p{L}]+\s+){0,4}?(?:zurück)?erstattet\b/giu,
      'refund',
    ],
    [/\b(?:wurde|wurden|wird|werden|haben|habe)\s+(?:(?!nicht\b|kein)[\p{L}]+\s+){0,4}?storniert\b/giu, 'cancel'],
    [
      /(?<![\p{L}])(?:a|ai|ont|avons|est|sont|sera|seront)\s+(?:bien\s+|déjà\s+)?(?:été\s+)?rembours[ée]e?s?(?![\p{L}])/giu,
      'refund',
    ],
    [
      /(?<![\p{L}])(?:a|ai|ont|avons|est|sont|sera|seront)\s+(?:bien\s+|déjà\s+)?(?:été\s+)?annul[ée]e?s?(?![\p{L}])/giu,
      'cancel',
    ],
  ];
  for (const [pattern, claim] of claims) {
    for (const m of text.matchAll(pattern)) out.push({ kind: 'status', value: m[0], name: claim, claim });
  }
}

/** Product names are only checkable where the text marks them: "2 × Foo" or a quoted title. */
function extractProducts(text: string, out: Candidate[]): void {
  for (const m of text.matchAll(/(?<![\p{L}\d.,])\d{1,4}\s?(?:×|x(?=\s))\s*(\p{L}[^\n]*)/giu)) {
    const rest = m[1] ?? '';
    out.push({ kind: 'product', value: cutPhrase(rest), rest });
  }
  for (const m of text.matchAll(/["“„«]\s*([^"“”„«»\n]{2,80}?)\s*["”“»]/gu)) {
    const phrase = m[1] ?? '';
    if (!looksLikeTitle(phrase)) continue;
    out.push({ kind: 'product', value: phrase, rest: phrase });
  }
}

/** "Orbit Terrarium (Large) for $40" → "Orbit Terrarium". */
function cutPhrase(rest: string): string {
  const cut = rest.split(/\s*(?:[,;:([–—]|\s-\s|\s(?:for|at|à|por|para|für|zu|pour|de|in|en|im|au)\s)/u)[0] ?? rest;
  return cut
    .trim()
    .replace(/[.!?]+$/u, '')
    .slice(0, 80);
}

/** Up to eight words, starting with a capital, no sentence punctuation inside. */
function looksLikeTitle(phrase: string): boolean {
  const p = phrase.trim();
  const words = p.split(/\s+/);
  // Title Case: every word longer than three letters capitalised (or a number), as product
  // names are written; translated statuses and quoted sentences in es/fr prose are not.
  const titleCase = words.every((w) => w.length <= 3 || /^[\p{Lu}\d]/u.test(w));
  return words.length <= 8 && /^[\p{Lu}\d]/u.test(p) && titleCase && !/[.!?]\s|[!?]$|\.$/u.test(p);
}

// ---------------------------------------------------------------------------------------------
// What the context allows

interface Known {
  orderIds: Set<string>;
  tracking: Set<string>;
  money: { cents: number; currency: string }[];
  days: { y: number; m: number; d: number }[];
  statusesByOrder: Map<number, Set<string>>;
  refundedOrders: Set<number>;
  cancelledOrders: Set<number>;
  itemNames: string[];
  emails: Set<string>;
  phones: string[];
  urls: Set<string>;
  domains: string[];
  numbers: Set<string>;
  /** Keys (per kind) of facts found in free-text context fields and allowed workspace text. */
  textKeys: Set<string>;
  /** Names that quoted phrases may legitimately be, besides products. */
  otherNames: Set<string>;
}

function collectKnown(context: CustomerContext, extra: FactCheckExtra): Known {
  const orders = allOrders(context);
  const known: Known = {
    orderIds: new Set([...orders.map((o) => String(o.id)), ...context.unmatchedOrderNumbers.map(String)]),
    tracking: new Set(),
    money: [],
    days: [],
    statusesByOrder: new Map(),
    refundedOrders: new Set(),
    cancelledOrders: new Set(),
    itemNames: [],
    emails: new Set([context.senderEmail, context.customer?.email ?? '', ...(extra.allowedEmails ?? [])].map(lower)),
    phones: [context.customer?.phone ?? ''].map((p) => p.replace(/\D/g, '')).filter((p) => p.length >= 7),
    urls: new Set(),
    domains: (extra.allowedDomains ?? []).map((d) => lower(d).replace(/^www\./, '')),
    numbers: new Set((extra.allowedNumbers ?? []).map((n) => n.trim()).filter(Boolean)),
    textKeys: new Set(),
    otherNames: new Set(),
  };
  const timezone = context.store?.timezone ?? null;
  const addDay = (iso: string | null): void => {
    for (const day of calendarDays(iso, timezone)) known.days.push(day);
  };
  const freeText: string[] = [context.store?.name ?? '', ...(extra.allowedText ?? [])];
  const name = (raw: string | null | undefined): void => {
    if (raw) known.otherNames.add(normaliseName(raw));
  };
  name(context.store?.name);
  name(context.customer?.company);
  for (const n of [context.customer, context.senderName]) if (n) name(`${n.firstName} ${n.lastName}`);
  addDay(context.fetchedAt);
  addDay(context.customer?.dateCreated ?? null);

  for (const order of orders) {
    for (const money of [order.total, order.subtotal, order.shippingCost, order.tax, order.refundedAmount]) {
      addMoney(known, money);
    }
    addDay(order.dateCreated);
    addDay(order.dateShipped);
    known.statusesByOrder.set(order.id, new Set([lower(order.status.name), lower(order.status.label)]));
    name(order.status.label);
    name(order.paymentMethod);
    if (REFUND_STATUS_IDS.has(order.status.id) || Number(order.refundedAmount.amount) > 0)
      known.refundedOrders.add(order.id);
    if (CANCEL_STATUS_IDS.has(order.status.id)) known.cancelledOrders.add(order.id);
    if (order.shipTo) freeText.push(order.shipTo.street ?? '', order.shipTo.zip ?? '', order.shipTo.city);
    for (const item of order.items ?? []) {
      addMoney(known, item.price);
      addMoney(known, item.total);
      known.itemNames.push(normaliseName(item.name));
      freeText.push(item.name, item.sku ?? '', ...item.options.flatMap((o) => [o.name, o.value]));
      for (const o of item.options) name(o.value);
    }
    for (const shipment of order.shipments ?? []) {
      addDay(shipment.dateCreated);
      if (shipment.trackingNumber) known.tracking.add(compact(shipment.trackingNumber));
      if (shipment.trackingLink) known.urls.add(normaliseUrl(shipment.trackingLink));
      name(shipment.carrier);
      name(shipment.shippingMethod);
      freeText.push(shipment.carrier ?? '', shipment.shippingMethod ?? '');
      for (const item of shipment.items) {
        known.itemNames.push(normaliseName(item.name));
        freeText.push(item.name, item.sku ?? '');
      }
    }
  }
  // Facts inside free-text fields (a product called "Gift Card $50", a SKU, a zip code, the
  // signature's phone number) are context too.
  // Status words inside a product name ("Shipped Box") must not vouch for a status claim.
  const codes = currencyCodesOf(context);
  for (const t of freeText) {
    if (t.trim() === '') continue;
    for (const c of extract(t, codes)) if (c.kind !== 'status') known.textKeys.add(`${c.kind}:${keyOf(c)}`);
    if (t.length <= 80) name(t);
  }
  for (const t of extra.allowedText ?? []) {
    for (const line of t.split('\n')) name(line);
  }
  return known;
}

function addMoney(known: Known, money: { amount: string; currency: string }): void {
  const cents = Math.round(Number(money.amount) * 100);
  if (Number.isFinite(cents)) known.money.push({ cents, currency: money.currency.toUpperCase() });
}

/** The calendar day of an instant in UTC and in the store's timezone (they can differ by one). */
function calendarDays(iso: string | null, timezone: string | null): { y: number; m: number; d: number }[] {
  if (!iso) return [];
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return [];
  const days = [{ y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() }];
  if (timezone) {
    try {
      const parts = new Intl.DateTimeFormat('en-CA', {
        timeZone: timezone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
      })
        .formatToParts(date)
        .reduce<Record<string, number>>((acc, p) => ((acc[p.type] = Number(p.value)), acc), {});
      if (parts.year && parts.month && parts.day) days.push({ y: parts.year, m: parts.month, d: parts.day });
    } catch {
      // An unknown zone name: UTC alone is still a sound comparison.
    }
  }
  return days;
}

function allOrders(context: CustomerContext): ContextOrder[] {
  const orders = [...context.orders];
  if (context.focusOrder && !orders.some((o) => o.id === context.focusOrder?.id)) orders.push(context.focusOrder);
  return orders;
}

function currencyCodesOf(context: CustomerContext): string[] {
  const codes = new Set<string>();
  if (context.store?.currency) codes.add(context.store.currency);
  for (const o of allOrders(context)) codes.add(o.total.currency);
  return [...codes];
}

// ---------------------------------------------------------------------------------------------
// The check

export function checkFacts(text: string, context: CustomerContext, extra: FactCheckExtra = {}): FactCheckResult {
  const known = collectKnown(context, extra);
  const labels = allOrders(context).map((o) => o.status.label);
  const candidates = extract(text, currencyCodesOf(context), labels);
  const cited = citedOrders(candidates, context, known);
  const violations: FactViolation[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (known.textKeys.has(`${c.kind}:${keyOf(c)}`) || isKnown(c, known, cited)) continue;
    const key = `${c.kind}:${c.value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push({ kind: c.kind, value: c.value });
  }
  return { ok: violations.length === 0, violations };
}

/**
 * Statuses must belong to the orders the text talks about: the ones it names by number plus the
 * focus order. A text that names no order number may be about any of the sender's orders.
 */
function citedOrders(candidates: Candidate[], context: CustomerContext, known: Known): number[] {
  const named = candidates
    .filter((c): c is Extract<Candidate, { kind: 'order_number' }> => c.kind === 'order_number')
    .map((c) => Number(c.digits))
    .filter((id) => known.statusesByOrder.has(id));
  if (named.length === 0) return [...known.statusesByOrder.keys()];
  return [...new Set([...named, ...(context.focusOrder ? [context.focusOrder.id] : [])])];
}

function isKnown(c: Candidate, known: Known, cited: number[]): boolean {
  switch (c.kind) {
    case 'order_number':
      return known.orderIds.has(c.digits) || known.numbers.has(c.digits);
    case 'tracking_number':
      return known.tracking.has(c.token) || known.orderIds.has(c.token) || known.numbers.has(c.token);
    case 'amount':
      return c.cents.some(
        (cents) =>
          known.money.some((m) => m.cents === cents && (c.currencies === null || c.currencies.includes(m.currency))) ||
          [...known.numbers].some((n) => parseAmount(n).includes(cents)),
      );
    case 'date':
      return c.options.some((o) =>
        known.days.some((k) => k.m === o.m && (o.d === undefined || k.d === o.d) && (o.y === undefined || k.y === o.y)),
      );
    case 'status':
      if (c.claim === 'refund') return cited.some((id) => known.refundedOrders.has(id));
      if (c.claim === 'cancel') return cited.some((id) => known.cancelledOrders.has(id));
      return cited.some((id) => known.statusesByOrder.get(id)?.has(c.name) ?? false);
    case 'product':
      return productKnown(c, known);
    case 'email':
      return known.emails.has(c.address) || onDomain(c.address.split('@')[1] ?? '', known.domains);
    case 'phone':
      return (
        known.numbers.has(c.digits) ||
        known.phones.some(
          (p) => p === c.digits || (c.digits.length >= 7 && (p.endsWith(c.digits) || c.digits.endsWith(p))),
        )
      );
    case 'url':
      return known.urls.has(c.url) || onDomain(c.host, known.domains);
  }
}

function productKnown(c: Extract<Candidate, { kind: 'product' }>, known: Known): boolean {
  const rest = normaliseName(c.rest);
  const phrase = normaliseName(c.value);
  if (phrase === '') return true;
  for (const name of known.itemNames) {
    if (name === '') continue; // a shipment line whose name could not be read vouches for nothing
    if (rest.startsWith(name)) return true;
    // A shortened name ("Orbit Terrarium" for "Orbit Terrarium (Large)") still names the item.
    if (phrase.length >= 4 && (name.startsWith(phrase) || name.includes(phrase))) return true;
  }
  // Quoted carriers, status labels, option values and names are not product claims.
  return known.otherNames.has(phrase) || SYSTEM_STATUSES.some((s) => lower(s) === phrase);
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function lower(s: string): string {
  return s.trim().toLowerCase();
}

function compact(s: string): string {
  return s.replace(/[^\p{L}\d]/gu, '').toUpperCase();
}

function normaliseName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[“”„«»"]/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

function normaliseUrl(raw: string): string {
  return raw
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/+$/, '')
    .replace(/^[^/?#]+/, (host) => host.toLowerCase());
}

function hostOf(normalisedUrl: string): string {
  return (normalisedUrl.split(/[/?#:]/)[0] ?? '').toLowerCase();
}

function onDomain(host: string, domains: string[]): boolean {
  const h = host.replace(/^www\./, '');
  return domains.some((d) => d !== '' && (h === d || h.endsWith(`.${d}`)));
}

/**
 * Patterns built from vocabularies are compiled once (matchAll clones, so sharing is safe). Store
 * labels vary per merchant, so the cache is bounded for a long-running server.
 */
const compiled = new Map<string, RegExp>();
function re(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  let pattern = compiled.get(key);
  if (pattern === undefined) {
    if (compiled.size >= 1000) compiled.clear();
    pattern = new RegExp(source, flags);
    compiled.set(key, pattern);
  }
  return pattern;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isSentenceStart(text: string, index: number): boolean {
  const before = text.slice(0, index).replace(/["“„«(\s]+$/u, '');
  return before === '' || /[.!?\n]$/u.test(before) || /\n\s*$/u.test(text.slice(0, index));
}

function isQuotedAt(text: string, index: number, length: number): boolean {
  const before = text[index - 1] ?? '';
  const after = text[index + length] ?? '';
  return /["“„«‘']/u.test(before) && /["”“»’']/u.test(after);
}
