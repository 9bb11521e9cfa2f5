/**
 * eld's n-gram table in a form that loads in milliseconds. `eld/medium` is a 2 MB object literal
 * of about 105,000 keys, about a second to import, while one detection looks up a few hundred of
 * them. The pack is the same table as sorted text lines (`"key"\tlang:score,...`), written at build
 * time from the installed eld (`pack-eld.ts`); lookups binary-search it on demand, so the detector
 * sees the very same numbers. The pack is plain ASCII (keys are JSON with every other character
 * escaped), so it is read as latin1: decoding it as UTF-8 took longer than everything else here.
 */
export interface NgramsData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number> | undefined>;
}

/** The header's marker of this format; a pack without it is refused (see unpackNgrams). */
const ENCODING = 'ascii';

export function packNgrams(data: NgramsData): string {
  const lines = Object.entries(data.ngrams).map(
    ([key, scores]) =>
      `${asciiJson(key)}\t${Object.entries(scores ?? {})
        .map(([language, score]) => `${language}:${score}`)
        .join(',')}`,
  );
  lines.sort((a, b) => compare(a.slice(0, a.indexOf('\t')), b.slice(0, b.indexOf('\t'))));
  return `${asciiJson({ encoding: ENCODING, type: data.type, languages: data.languages })}\n${lines.join('\n')}\n`;
}

/**
 * The table of a pack, its `ngrams` looked up lazily (only reads are supported). The binary search
 * runs over the text itself, each probe stepping back to the start of its line, so loading builds
 * no index of the 105,000 lines.
 */
export function unpackNgrams(pack: string): NgramsData {
  const headerEnd = pack.indexOf('\n');
  const { encoding, ...header } = JSON.parse(pack.slice(0, headerEnd)) as Omit<NgramsData, 'ngrams'> & {
    encoding?: string;
  };
  if (encoding !== ENCODING) throw new Error('not an ASCII n-gram pack');
  const found = new Map<string, Record<string, number> | undefined>();
  const lookup = (key: string): Record<string, number> | undefined => {
    const wanted = asciiJson(key);
    // Every line starting in [low, high) is still a candidate; low is always a line start.
    let low = headerEnd + 1;
    let high = pack.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const start = Math.max(low, pack.lastIndexOf('\n', middle - 1) + 1);
      const tab = pack.indexOf('\t', start);
      const end = pack.indexOf('\n', tab);
      const order = compare(pack.slice(start, tab), wanted);
      if (order === 0) {
        const scores: Record<string, number> = {};
        for (const pair of pack.slice(tab + 1, end).split(',')) {
          const [language, score] = pair.split(':');
          if (language !== undefined && score !== undefined) scores[language] = Number(score);
        }
        return scores;
      }
      if (order < 0) low = end + 1;
      else high = start;
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

/** JSON with every character outside printable ASCII escaped, one \\uXXXX per UTF-16 code unit. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Code-unit order, the same for sorting and searching (never locale order). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
