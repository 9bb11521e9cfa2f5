/**
 * The quality corpus: realistic customer emails (`test/fixtures/emails/*.eml`), the store they are
 * answered from (`test/fixtures/corpus/store.json`) and what each reply must and must never say
 * (`test/fixtures/corpus/expectations.json`).
 *
 * What a reply must never contain is mostly computed, not listed: for each sender, every value in
 * the store that does not belong to them (another customer's email, name, company, phone, order
 * number, tracking number or link, checkout note), plus what no reply may ever show (staff notes,
 * customer notes, and, because the corpus settings forbid them, phone numbers and street addresses).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SETTINGS, type Intent, type Language, type WorkspaceSettings } from '../../src/assistant/types.js';
import { parseStoreData, type StoreData } from '../../simulator/store-data.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EMAIL_DIR = join(REPO_ROOT, 'test/fixtures/emails');
export const CORPUS_DIR = join(REPO_ROOT, 'test/fixtures/corpus');
export const STORE_FILE = join(CORPUS_DIR, 'store.json');
export const EXPECTATIONS_FILE = join(CORPUS_DIR, 'expectations.json');

export const SUPPORT_ADDRESS = 'support@larkspurandpine.com';

/** Phones and street addresses are off: replies may not show them, not even the sender's own. */
export const CORPUS_SETTINGS: WorkspaceSettings = {
  ...DEFAULT_SETTINGS,
  businessName: 'Larkspur & Pine',
  signature: 'Rosa\nLarkspur & Pine customer care',
  allowPhone: false,
  allowAddress: false,
};

/** The clock the corpus runs at (the store's newest order is from 22 November 2026). */
export const CORPUS_NOW = new Date('2026-11-26T16:00:00Z');

export interface Expectation {
  file: string;
  /** null only for skipped mail: its intent does not matter. */
  intent: Intent | null;
  language: Language;
  skipped: boolean;
  customerId: number | null;
  focusOrderId: number | null;
  /** Exact substrings of the draft text (email addresses compare case-insensitively, as mail does). */
  mustContain: string[];
  /** Extra strings this reply must not contain, on top of the computed ones. */
  mustNotContain: string[];
  note?: string;
}

type StoreOrder = StoreData['orders'][number];

export function loadCorpusStore(): StoreData {
  return parseStoreData(JSON.parse(readFileSync(STORE_FILE, 'utf8')), STORE_FILE);
}

export function loadExpectations(): Expectation[] {
  return JSON.parse(readFileSync(EXPECTATIONS_FILE, 'utf8')) as Expectation[];
}

export function emailFiles(): string[] {
  return readdirSync(EMAIL_DIR)
    .filter((name) => name.endsWith('.eml'))
    .sort();
}

export function readEmail(file: string): Buffer {
  return readFileSync(join(EMAIL_DIR, file));
}

/** The sender address of a corpus email, read from its From header (the fixtures are ours, so a regex will do). */
export function senderOf(file: string): string {
  const raw = readEmail(file).toString('latin1');
  return (/^From:.*?<([^>]+)>/im.exec(raw)?.[1] ?? /^From:\s*(\S+@\S+)/im.exec(raw)?.[1] ?? '').trim();
}

const lower = (value: string): string => value.trim().toLowerCase();

/** The orders a sender may hear about: theirs by customer id, or paid from their address (any case). */
export function ownedOrders(store: StoreData, senderEmail: string): StoreOrder[] {
  const sender = lower(senderEmail);
  const customerIds = new Set(store.customers.filter((c) => lower(c.email) === sender).map((c) => c.id));
  return store.orders.filter(
    (order) =>
      ((order.customer_id ?? 0) > 0 && customerIds.has(order.customer_id ?? 0)) ||
      lower(order.billing_address.email) === sender,
  );
}

export function customerIdFor(store: StoreData, senderEmail: string): number | null {
  return store.customers.find((c) => lower(c.email) === lower(senderEmail))?.id ?? null;
}

/** Tracking links as the store shows them: the merchant's custom link, else the carrier's generated one. */
const GENERATED_TRACKING: Record<string, string> = {
  ups: 'https://www.ups.com/track?tracknum=',
  usps: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=',
  fedex: 'https://www.fedex.com/fedextrack/?trknbr=',
  royalmail: 'https://www.royalmail.com/track-your-item#/tracking-results/',
};

export function trackingLinks(order: StoreOrder): string[] {
  return (order.shipments ?? []).flatMap((shipment) => {
    if (shipment.tracking_link) return [shipment.tracking_link];
    const base = GENERATED_TRACKING[shipment.shipping_provider ?? ''];
    return base && shipment.tracking_number ? [base + encodeURIComponent(shipment.tracking_number)] : [];
  });
}

export interface Forbidden {
  /** What it is, for the failure message: "email of customer 101", "tracking number of order 5120", ... */
  what: string;
  /** Literal (matched case-insensitively) or a pattern. */
  match: string | RegExp;
}

/** Separators a phone number may be written with. */
const PHONE_GAP = String.raw`[\s().+\-]*`;

/** Matches the last 9 digits of a phone number however it is punctuated. */
function phonePattern(phone: string): RegExp | null {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return null;
  return new RegExp(digits.slice(-9).split('').join(PHONE_GAP));
}

/** An order number standing alone ("#5120", "order 5120", "5120."), not inside a longer number or word. */
export function orderNumberPattern(id: number): RegExp {
  return new RegExp(String.raw`(?<![\p{L}\p{N}])${id}(?![\p{L}\p{N}])`, 'u');
}

/** Internal notes split into fragments, so a partial leak is caught too. */
function noteFragments(note: string): string[] {
  const parts = note
    .split(/[.;:!?]\s+|\s+-\s+|\n/)
    .map((part) => part.trim().replace(/[.;:!?]$/, ''))
    .filter((part) => part.length >= 12);
  return [note.trim(), ...parts];
}

function fullName(first: string, last: string): string {
  return `${first} ${last}`.trim();
}

/**
 * Everything the reply to `senderEmail` must not contain. Values the sender wrote themselves
 * (`emailText`: decoded subject and body) may be echoed back; values that also occur in the
 * sender's own data (a shared product name, say) are not counted as someone else's.
 */
export function forbiddenFor(store: StoreData, senderEmail: string, emailText: string): Forbidden[] {
  const sender = lower(senderEmail);
  const mine = ownedOrders(store, sender);
  const mineIds = new Set(mine.map((order) => order.id));
  const myCustomer = store.customers.find((c) => lower(c.email) === sender);
  const others = store.orders.filter((order) => !mineIds.has(order.id));
  const otherCustomers = store.customers.filter((c) => c !== myCustomer);
  const wrote = emailText.toLowerCase();

  // The sender's own values: never counted as a leak even if they also appear elsewhere.
  const ownValues = [
    sender,
    ...(myCustomer ? [lower(myCustomer.email), fullName(myCustomer.first_name, myCustomer.last_name)] : []),
    ...mine.flatMap((order) => [
      String(order.id),
      lower(order.billing_address.email),
      fullName(order.billing_address.first_name, order.billing_address.last_name),
      ...(order.shipments ?? []).map((s) => s.tracking_number ?? ''),
      ...trackingLinks(order),
      ...order.products.flatMap((line) => [line.name, line.sku ?? '']),
    ]),
  ]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();

  const list: Forbidden[] = [];
  const literal = (what: string, value: string | undefined): void => {
    const v = value?.trim();
    if (!v || v.length < 3) return;
    const l = v.toLowerCase();
    if (wrote.includes(l) || ownValues.includes(l)) return;
    list.push({ what, match: v });
  };

  for (const c of otherCustomers) {
    literal(`email of customer ${c.id}`, c.email);
    literal(`name of customer ${c.id}`, fullName(c.first_name, c.last_name));
    literal(`company of customer ${c.id}`, c.company);
  }
  for (const order of others) {
    literal(`billing email of order ${order.id}`, order.billing_address.email);
    literal(
      `billing name of order ${order.id}`,
      fullName(order.billing_address.first_name, order.billing_address.last_name),
    );
    literal(`billing company of order ${order.id}`, order.billing_address.company);
    literal(`checkout note of order ${order.id}`, order.customer_message);
    for (const shipment of order.shipments ?? [])
      literal(`tracking number of order ${order.id}`, shipment.tracking_number);
    for (const link of trackingLinks(order)) literal(`tracking link of order ${order.id}`, link);
    // The sender may have written the number (asking about someone else's order): echoing it
    // discloses nothing; everything else about that order is still forbidden above.
    if (!orderNumberPattern(order.id).test(emailText)) {
      list.push({ what: `number of order ${order.id} (not the sender's)`, match: orderNumberPattern(order.id) });
    }
  }

  // Never in any reply: internal notes (the sender's own orders included).
  for (const order of store.orders) {
    for (const fragment of noteFragments(order.staff_notes ?? ''))
      literal(`staff notes of order ${order.id}`, fragment);
  }
  for (const c of store.customers) {
    for (const fragment of noteFragments(c.notes ?? '')) literal(`internal notes on customer ${c.id}`, fragment);
  }

  // The corpus settings forbid phone numbers and street addresses, the sender's own included.
  const phones = new Set<string>();
  const streets = new Set<string>();
  const addAddress = (address: { phone?: string | undefined; street_1?: string | undefined }): void => {
    if (address.phone) phones.add(address.phone);
    if (address.street_1) streets.add(address.street_1);
  };
  for (const c of store.customers) {
    if (c.phone) phones.add(c.phone);
    (c.addresses ?? []).forEach(addAddress);
  }
  for (const order of store.orders) {
    addAddress(order.billing_address);
    (order.shipping_addresses ?? []).forEach(addAddress);
  }
  for (const phone of phones) {
    const pattern = phonePattern(phone);
    if (pattern && !pattern.test(emailText) && !pattern.test(ownValues))
      list.push({ what: `phone number ${phone}`, match: pattern });
  }
  for (const street of streets) {
    if (!wrote.includes(street.toLowerCase())) list.push({ what: `street address ${street}`, match: street });
  }
  return list;
}

export function findForbidden(text: string, forbidden: Forbidden[]): string[] {
  const haystack = text.toLowerCase();
  return forbidden
    .filter((f) => (typeof f.match === 'string' ? haystack.includes(f.match.toLowerCase()) : f.match.test(text)))
    .map((f) => `${f.what}: ${String(f.match)}`);
}

/** Signs of a template that ran out of data. URLs are left out first ("#/tracking-results/" is fine there). */
const BLANKS: [string, RegExp][] = [
  ['"undefined"', /\bundefined\b/],
  ['"null"', /\bnull\b/i],
  ['"NaN"', /\bNaN\b/],
  ['"[object"', /\[object/],
  ['"Invalid Date"', /Invalid Date/],
  ['a "#" with no number', /#(?![\p{L}\p{N}])/u],
  ['a template placeholder', /\{\{|\}\}|\$\{/],
];

export function findBlanks(text: string): string[] {
  const withoutUrls = text.replace(/https?:\/\/\S+/g, '<url>');
  return BLANKS.filter(([, pattern]) => pattern.test(withoutUrls)).map(([what]) => what);
}

/**
 * Phrases that claim an action was taken (or promise it will be), per action, in the four
 * languages. A draft answering a request may restate it and say the team will review it; it may
 * not say it is done.
 */
const CLAIMS: Record<'refund' | 'cancel' | 'return', RegExp[]> = {
  refund: [
    /\b(?:has|have|had) been (?:fully |partially )?refunded\b/i,
    /\bwe(?:'ve| have)? (?:already |now )?(?:refunded|issued (?:a|your|the) refund|processed (?:a|your|the) refund)\b/i,
    /\brefund (?:has been|was|is) (?:issued|processed|approved|completed|sent|on its way)\b/i,
    /\b(?:we will|we'll|will be) refund(?:ed)?\b/i,
    /\b(?:ha|han) sido reembolsad[oa]s?\b/i,
    /\b(?:hemos|te hemos|le hemos) (?:reembolsado|devuelto (?:el|tu|su) dinero)\b/i,
    /\breembolso (?:ha sido|fue|está) (?:procesado|realizado|aprobado|emitido|hecho)\b/i,
    /\b(?:te|le) (?:reembolsaremos|devolveremos el dinero)\b/i,
    /\b(?:wurde|wurden|ist|sind) (?:bereits |vollständig |nun )?(?:zurück)?erstattet\b/i,
    /\bhaben [^.\n]{0,40}(?:zurück)?erstattet\b/i,
    /\b(?:Rück)?erstattung (?:wurde|ist) (?:bereits )?(?:veranlasst|bearbeitet|genehmigt|durchgeführt|angewiesen)\b/i,
    /\bwerden [^.\n]{0,30}(?:zurück)?erstatten\b/i,
    /\b(?:a|ont) été remboursée?s?\b/i,
    /\bavons (?:bien )?remboursé/i,
    /\bremboursement (?:a été|est) (?:effectué|traité|validé|approuvé|émis)/i,
    /\b(?:vous )?rembourserons\b/i,
  ],
  cancel: [
    /\b(?:has|have) been cancell?ed\b/i,
    /\bwe(?:'ve| have)? (?:already |now )?cancell?ed\b/i,
    /\b(?:is|was) (?:now )?cancell?ed\b/i,
    /\b(?:we will|we'll) cancel\b/i,
    /\bcancell?ation (?:has been|is|was) (?:confirmed|processed|done|completed)\b/i,
    /\b(?:ha|han) sido (?:cancelad|anulad)[oa]s?\b/i,
    /\b(?:hemos|ya hemos) (?:cancelado|anulado)\b/i,
    /\b(?:fue|está|quedó) (?:cancelad|anulad)[oa]\b/i,
    /\b(?:cancelaremos|anularemos)\b/i,
    /\b(?:wurde|wurden|ist) (?:bereits |nun )?storniert\b/i,
    /\bhaben [^.\n]{0,40}storniert\b/i,
    /\bwerden [^.\n]{0,30}stornieren\b/i,
    /\bStornierung (?:wurde|ist) (?:bereits )?(?:bestätigt|durchgeführt|erfolgt)\b/i,
    /\b(?:a|ont) été annulée?s?\b/i,
    /\best (?:bien )?annulée?\b/i,
    /\bavons (?:bien )?annulé/i,
    /\bannulerons\b/i,
    /\bannulation (?:a été|est) (?:confirmée|effectuée|validée)/i,
  ],
  return: [
    /\b(?:return|exchange) (?:has been|was|is) (?:approved|accepted|processed|arranged|confirmed)\b/i,
    /\bwe(?:'ve| have) (?:approved|accepted|processed|arranged) (?:your|the) (?:return|exchange)\b/i,
    /\b(?:we will|we'll) (?:send|ship) (?:you )?(?:a|the|your) (?:replacement|new one|new size)\b/i,
    /\b(?:devolución|cambio) (?:ha sido|fue|está) (?:aprobad[oa]|aceptad[oa]|procesad[oa]|confirmad[oa])\b/i,
    /\bhemos (?:aprobado|aceptado) (?:la|tu|su) (?:devolución|cambio)\b/i,
    /\b(?:Rücksendung|Umtausch|Rückgabe) (?:wurde|ist) (?:bereits )?(?:genehmigt|akzeptiert|bearbeitet|bestätigt)\b/i,
    /\bhaben [^.\n]{0,40}(?:Rücksendung|Umtausch|Rückgabe) (?:genehmigt|akzeptiert|bestätigt)\b/i,
    /\b(?:retour|échange) (?:a été|est) (?:accepté|approuvé|validé|traité|confirmé)/i,
    /\bavons (?:accepté|approuvé|validé) (?:votre|le) (?:retour|échange)/i,
  ],
};

/**
 * The "done" claims that would be false for this request. A claim the store data itself supports
 * is allowed: an order the store marks refunded (4) or partially refunded (14) may be called
 * refunded, a cancelled one (5) cancelled.
 */
export function doneClaims(intent: Intent | null, focusStatusId: number | null): RegExp[] {
  const refundTrue = focusStatusId === 4 || focusStatusId === 14;
  const cancelTrue = focusStatusId === 5;
  switch (intent) {
    case 'refund_request':
      return refundTrue ? [] : CLAIMS.refund;
    case 'cancel_request':
      return [...(cancelTrue ? [] : CLAIMS.cancel), ...(refundTrue ? [] : CLAIMS.refund)];
    case 'return_request':
      return [...CLAIMS.return, ...(refundTrue ? [] : CLAIMS.refund)];
    default:
      return [];
  }
}

/** An email address compares case-insensitively; anything else must appear exactly. */
export function containsValue(text: string, value: string): boolean {
  return value.includes('@') ? text.toLowerCase().includes(value.toLowerCase()) : text.includes(value);
}
