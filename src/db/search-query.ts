/**
 * What a person types into the search box → the query each engine runs. Text is split on
 * anything that is not a letter or digit, exactly as the index splits it (migration 016), so
 * "#12345", "order 12345" and "jane@shop.example" become the words the index holds. Every word
 * must match (AND). Words of three letters or more match as prefixes ("pack" finds "package");
 * numbers match whole, so "1234" does not find order 12345.
 */

export interface SearchTerm {
  text: string;
  prefix: boolean;
}

/** More words than this add little and cost a join each: the rest are ignored. */
const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 64;

export function searchTerms(input: string): SearchTerm[] {
  const words = input
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .map((w) => w.slice(0, MAX_TERM_LENGTH));
  const unique = [...new Set(words)].slice(0, MAX_TERMS);
  return unique.map((text) => ({ text, prefix: text.length >= 3 && !/^\p{N}+$/u.test(text) }));
}

/** An FTS5 MATCH expression: each word quoted (so no word is read as an operator). */
export function fts5Query(terms: SearchTerm[]): string {
  return terms.map((t) => `"${t.text}"${t.prefix ? '*' : ''}`).join(' AND ');
}

/**
 * A `to_tsquery('simple', …)` expression. The words hold only letters and digits, so none can
 * be read as tsquery syntax; each is still quoted.
 */
export function tsQuery(terms: SearchTerm[]): string {
  return terms.map((t) => `'${t.text}'${t.prefix ? ':*' : ''}`).join(' & ');
}
