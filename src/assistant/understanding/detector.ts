import { readFileSync } from 'node:fs';
import { unpackNgrams, type NgramsData } from './ngram-pack.js';

/** The part of an eld instance language detection uses. */
export interface Detector {
  detect(text: string): { getScores(): Record<string, number>; isReliable(): boolean };
}

interface EldInternals {
  createEld(): { instance: Detector; loadData(data: NgramsData): string };
}

/** Written by `npm run build` (pack-eld.ts) next to the compiled module. */
export const PACK_FILE = new URL('./eld-medium.pack', import.meta.url);

/**
 * eld's medium detector, over the packed table when the build wrote one (milliseconds to load),
 * else `eld/medium` itself (about a second). The pack is fed to eld's own detector, reached by its
 * file next to the package entry; should eld move it, the plain import is used.
 */
export async function loadDetector(packFile: URL = PACK_FILE): Promise<Detector> {
  let pack: string | null = null;
  try {
    // ASCII by construction (ngram-pack.ts): latin1 reads it without decoding.
    pack = readFileSync(packFile, 'latin1');
  } catch {
    pack = null;
  }
  if (pack !== null) {
    try {
      const internals = (await import(
        new URL('../languageDetector.js', import.meta.resolve('eld')).href
      )) as EldInternals;
      const { instance, loadData } = internals.createEld();
      if (loadData(unpackNgrams(pack))) return instance;
    } catch {
      // fall through to the package's own entry
    }
  }
  return (await import('eld/medium')).eld as Detector;
}
