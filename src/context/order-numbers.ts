/**
 * Finds the order numbers a customer wrote. A number counts only when something marks it as an
 * order number (a "#", "nº", or a word for "order" in English, German, Spanish, French and a few
 * neighbours); bare numbers are never guessed at, because a wrong guess costs a lookup and may
 * steer the reply to the wrong order. Markers and checks are deliberately conservative: years,
 * dates, times, prices, quantities, phone numbers and street numbers are rejected.
 */

/** BigCommerce numbers orders from 100 upwards; shorter numbers are nearly always something else. */
const MIN_DIGITS = 3;
/** Order ids are 32-bit integers. */
const MAX_ORDER_ID = 2_147_483_647;

/** Nouns (and compounds) that name an order; the number follows them. */
const ORDER_WORDS = [
  'orders?',
  'order-?(?:nr|no|id)',
  'bestellung(?:en)?',
  'bestellnummer',
  'bestell-?nr',
  'auftrag',
  'auftragsnummer',
  'auftrags-?nr',
  'pedidos?',
  'orden',
  'commandes?',
  'encomenda',
  'ordine',
].join('|');

/** Words and signs allowed between the order word and the number ("order no. 1234", "numéro de commande : 1234"). */
const FILLER_WORDS = [
  'no',
  'nr',
  'nro',
  'num',
  'núm',
  'number',
  'nummer',
  'numéro',
  'numero',
  'número',
  'id',
  'ref',
  'is',
  'ist',
  'lautet',
  'es',
  'est',
  'de',
  'del',
  'du',
  'n[º°o]',
  'n\\.[º°]',
].join('|');

// One sign or one word per step, so a long run of spaces cannot make the regex backtrack.
const FILLER = String.raw`(?:[\s:#.\-–]|(?:${FILLER_WORDS})\.?(?!\p{L}))`;
const KEYWORD_FORM = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${ORDER_WORDS})(?!\p{L})(?:${FILLER}){0,12}?(\d+)`,
  'giu',
);
/** "#1234", "nº 1234", "n° 1234", "n.º 1234" standing alone. "&#1234;" is an HTML entity, not an order. */
const MARKER_FORM = /(?<![\p{L}\p{N}&])(?:#|n[º°]|n\.[º°])\s?(\d+)/giu;
/** "orders #1234 and #1235", "Bestellungen 1234, 1235 und 1236": further numbers in one list. */
const LIST_CONTINUATION = /^\s*(?:,|;|&|\/|and|und|y|e|et|or|oder|o|ou)\s*(?:#|n[º°]\s?)?(\d+)/iu;

/** A "#" after these is a street or room number. */
const ADDRESS_BEFORE_MARKER =
  /(?:apt|apartment|suite|ste|unit|room|flat|box|house|bldg|building|floor|piso|puerta|wohnung|étage|appartement)\.?\s*$/iu;
/** "to order 200", "we'd like to order 300": the verb, followed by a quantity. */
const VERB_BEFORE_ORDER_WORD = /(?:\bto|\bwill|\bwould|'d|\bcan|\bcould|\bi|\bwe|\bplease|\bje|\bnous)\s+$/iu;
/** What makes a number a decimal, date, time, range, phone fragment or grouped number. */
const NUMBER_CONTINUES = /^(?:[.,:/\-–]\d|\s?\d)/u;
/** Money and quantities after the number: "order 150 units", "pedido 1200 €", "commande 300 pièces". */
const UNIT_AFTER =
  /^\s*(?:%|€|\$|£|¥|x(?!\p{L})|(?:eur|euros?|usd|dollars?|gbp|pounds?|chf|cad|aud|mxn|pesos?|pcs?|pieces?|units?|items?|more|of|boxes|pairs?|times|stück|stk|mal|unidades|piezas|artículos|articulos|pares|veces|pièces|pieces|articles|exemplaires|paires|fois)(?!\p{L}))/iu;

interface Candidate {
  index: number;
  value: number;
}

/** Order numbers mentioned in `text`, in order of first appearance, without duplicates. */
export function extractOrderNumbers(text: string): number[] {
  const candidates: Candidate[] = [];
  collect(text, KEYWORD_FORM, true, candidates);
  collect(text, MARKER_FORM, false, candidates);
  candidates.sort((a, b) => a.index - b.index);
  const seen = new Set<number>();
  const numbers: number[] = [];
  for (const { value } of candidates) {
    if (seen.has(value)) continue;
    seen.add(value);
    numbers.push(value);
  }
  return numbers;
}

function collect(text: string, pattern: RegExp, keywordForm: boolean, out: Candidate[]): void {
  for (const match of text.matchAll(pattern)) {
    const digits = match[1];
    if (digits === undefined) continue;
    const before = text.slice(Math.max(0, match.index - 40), match.index);
    if (keywordForm ? VERB_BEFORE_ORDER_WORD.test(before) : ADDRESS_BEFORE_MARKER.test(before)) continue;
    let end = match.index + match[0].length;
    const value = accept(digits, text.slice(end, end + 24));
    if (value === null) continue;
    out.push({ index: end - digits.length, value });
    // Follow a list ("#1234 and #1235") only from a number we accepted.
    for (;;) {
      const rest = text.slice(end);
      const next = LIST_CONTINUATION.exec(rest);
      if (!next?.[1]) break;
      const nextEnd = end + next[0].length;
      const nextValue = accept(next[1], text.slice(nextEnd, nextEnd + 24));
      if (nextValue === null) break;
      out.push({ index: nextEnd - next[1].length, value: nextValue });
      end = nextEnd;
    }
  }
}

/** The order id for `digits`, or null when the number is too short, too long or clearly something else. */
function accept(digits: string, after: string): number | null {
  if (digits.length < MIN_DIGITS || digits.length > 10) return null;
  if (/^\p{L}/u.test(after) || NUMBER_CONTINUES.test(after) || UNIT_AFTER.test(after)) return null;
  const value = Number(digits);
  return value > 0 && value <= MAX_ORDER_ID ? value : null;
}
