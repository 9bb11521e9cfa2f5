/** Text helpers shared by the extractors: the consuming scanner, normalisation, and a regex cache. */

/** Text with consumed spans blanked out; indexes stay aligned with the original. */
export class Scanner {
  text: string;
  constructor(text: string) {
    this.text = text;
  }
  /**
   * Runs `pattern` (global) and lets `take` decide per match; a truthy return consumes the match.
   * Every match is read from the text as it was before this scan, and the consumed spans are
   * blanked in one pass at the end (one new string per scan, not one per match).
   */
  scan(pattern: RegExp, take: (m: RegExpExecArray) => boolean): void {
    const consumed: [number, number][] = [];
    for (const m of this.text.matchAll(pattern)) {
      if (take(m)) consumed.push([m.index, m.index + m[0].length]);
    }
    if (consumed.length === 0) return;
    let out = '';
    let at = 0;
    for (const [start, end] of consumed) {
      if (start < at) continue;
      out += this.text.slice(at, start) + ' '.repeat(end - start);
      at = end;
    }
    this.text = out + this.text.slice(at);
  }
}

export function lower(s: string): string {
  return s.trim().toLowerCase();
}

export function compact(s: string): string {
  return s.replace(/[^\p{L}\d]/gu, '').toUpperCase();
}

export function normaliseName(s: string): string {
  return s
    .toLowerCase()
    .replace(/[“”„«»"]/g, '')
    .replace(/[’‘]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

export function normaliseUrl(raw: string): string {
  return raw
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/+$/, '')
    .replace(/^[^/?#]+/, (host) => host.toLowerCase());
}

export function hostOf(normalisedUrl: string): string {
  return (normalisedUrl.split(/[/?#:]/)[0] ?? '').toLowerCase();
}

export function onDomain(host: string, domains: string[]): boolean {
  const h = host.replace(/^www\./, '');
  return domains.some((d) => d !== '' && (h === d || h.endsWith(`.${d}`)));
}

/** A Map that forgets everything once it holds `limit` entries: bounded for a long-running server. */
export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly limit: number) {}
  get(key: K): V | undefined {
    return this.map.get(key);
  }
  has(key: K): boolean {
    return this.map.has(key);
  }
  set(key: K, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

/**
 * Patterns built from vocabularies are compiled once (matchAll clones, so sharing is safe). Store
 * labels vary per merchant, so the cache is bounded.
 */
const compiled = new BoundedCache<string, RegExp>(1000);
export function re(source: string, flags: string): RegExp {
  const key = `${flags}/${source}`;
  return compiled.get(key) ?? compiled.set(key, new RegExp(source, flags));
}

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isSentenceStart(text: string, index: number): boolean {
  const before = text.slice(0, index).replace(/["“„«(\s]+$/u, '');
  return before === '' || /[.!?\n]$/u.test(before) || /\n\s*$/u.test(text.slice(0, index));
}

export function isQuotedAt(text: string, index: number, length: number): boolean {
  const before = text[index - 1] ?? '';
  const after = text[index + length] ?? '';
  return /["“„«‘']/u.test(before) && /["”“»’']/u.test(after);
}
