/** Product names: "2 × Foo" lines and quoted titles, checked against the order items. */
import type { Known } from './known.js';
import { SYSTEM_STATUSES } from './statuses.js';
import { lower, normaliseName } from './text.js';
import type { Candidate } from './types.js';

/** Product names are only checkable where the text marks them: "2 × Foo" or a quoted title. */
export function extractProducts(text: string, out: Candidate[]): void {
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

export function productKnown(c: Extract<Candidate, { kind: 'product' }>, known: Known): boolean {
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
