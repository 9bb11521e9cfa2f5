/**
 * eld's n-gram table in a form that loads in milliseconds. `eld/medium` is a 2 MB object literal
 * of about 105,000 keys, about a second to import, while one detection looks up a few hundred of
 * them. The pack is the same table as sorted text lines (`"key"\tlang:score,...`), written at build
 * time from the installed eld (`pack-eld.ts`); lookups binary-search it on demand, so the detector
 * sees the very same numbers.
 */
export interface NgramsData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number> | undefined>;
}

export function packNgrams(data: NgramsData): string {
  const lines = Object.entries(data.ngrams).map(
    ([key, scores]) =>
      `${JSON.stringify(key)}\t${Object.entries(scores ?? {})
        .map(([language, score]) => `${language}:${score}`)
        .join(',')}`,
  );
  lines.sort((a, b) => compare(a.slice(0, a.indexOf('\t')), b.slice(0, b.indexOf('\t'))));
  return `${JSON.stringify({ type: data.type, languages: data.languages })}\n${lines.join('\n')}\n`;
}

/** The table of a pack, its `ngrams` looked up lazily (only reads are supported). */
export function unpackNgrams(pack: string): NgramsData {
  const headerEnd = pack.indexOf('\n');
  const header = JSON.parse(pack.slice(0, headerEnd)) as Omit<NgramsData, 'ngrams'>;
  const starts: number[] = [];
  for (let at = headerEnd + 1; at < pack.length; at = pack.indexOf('\n', at) + 1) starts.push(at);
  const found = new Map<string, Record<string, number> | undefined>();
  const lookup = (key: string): Record<string, number> | undefined => {
    const wanted = JSON.stringify(key);
    let low = 0;
    let high = starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const start = starts[middle] ?? 0;
      const tab = pack.indexOf('\t', start);
      const order = compare(pack.slice(start, tab), wanted);
      if (order === 0) {
        const scores: Record<string, number> = {};
        for (const pair of pack.slice(tab + 1, pack.indexOf('\n', tab)).split(',')) {
          const [language, score] = pair.split(':');
          if (language !== undefined && score !== undefined) scores[language] = Number(score);
        }
        return scores;
      }
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  };
  const ngrams = new Proxy({} as NgramsData['ngrams'], {
    get: (_target, key) => {
      if (typeof key !== 'string') return undefined;
      if (!found.has(key)) found.set(key, lookup(key));
      return found.get(key);
    },
  });
  return { ...header, ngrams };
}

/** Code-unit order, the same for sorting and searching (never locale order). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
