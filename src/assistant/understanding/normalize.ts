/**
 * Text normalisation shared by language and intent detection: lower case, accents removed
 * ("dónde" → "donde", "für" → "fur", "reçu" → "recu"), "ß" → "ss", typographic apostrophes
 * unified, whitespace collapsed. Patterns are written against this form, so customers who
 * type without accents match too.
 */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/œ/g, 'oe')
    .replace(/[’‘`´ʼ]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** Word tokens of normalised text; elisions such as "n'ai", "j'ai", "where's" stay one token. */
export function tokens(normalized: string): string[] {
  return normalized.match(/[a-z]+(?:'[a-z]+)?/g) ?? [];
}
