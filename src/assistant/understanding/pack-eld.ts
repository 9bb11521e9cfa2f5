/** Build step: packs the installed eld's medium n-gram table next to detector.js (see ngram-pack.ts). */
import { writeFileSync } from 'node:fs';
import { PACK_FILE } from './detector.js';
import { packNgrams, type NgramsData } from './ngram-pack.js';

const { ngramsData } = (await import(new URL('../ngrams/medium.js', import.meta.resolve('eld')).href)) as {
  ngramsData: NgramsData;
};
writeFileSync(PACK_FILE, packNgrams(ngramsData));
