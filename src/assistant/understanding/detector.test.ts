/**
 * The packed n-gram table gives eld's detector exactly the scores of `eld/medium` itself, on every
 * email of the evaluation set and on short and odd texts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { eld } from 'eld/medium';
import { describe, expect, it } from 'vitest';
import { loadDetector } from './detector.js';
import { packNgrams, unpackNgrams, type NgramsData } from './ngram-pack.js';

const EMAILS = new URL('../../../eval/emails/', import.meta.url);

function evalTexts(): string[] {
  const texts: string[] = [];
  for (const batch of readdirSync(EMAILS)) {
    for (const file of readdirSync(new URL(`${batch}/`, EMAILS))) {
      texts.push(readFileSync(new URL(`${batch}/${file}`, EMAILS), 'utf8').slice(0, 2000));
    }
  }
  return texts;
}

describe('the packed eld table', () => {
  it('scores every text exactly as eld/medium does', async () => {
    const { ngramsData } = (await import(new URL('../ngrams/medium.js', import.meta.resolve('eld')).href)) as {
      ngramsData: NgramsData;
    };
    const folder = mkdtempSync(join(tmpdir(), 'snoooz-pack-'));
    try {
      const file = join(folder, 'eld-medium.pack');
      writeFileSync(file, packNgrams(ngramsData));
      const packed = await loadDetector(pathToFileURL(file));
      expect(packed).not.toBe(eld);
      const texts = [
        ...evalTexts(),
        'thx',
        '#5114?',
        'Wo ist mein Paket?',
        'Où est ma commande ?',
        '日本語のテキスト',
        '',
      ];
      expect(texts.length).toBeGreaterThan(200);
      for (const text of texts) {
        const a = packed.detect(text);
        const b = eld.detect(text);
        expect(a.getScores()).toEqual(b.getScores());
        expect(a.isReliable()).toBe(b.isReliable());
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('falls back to eld/medium when there is no pack', async () => {
    expect(await loadDetector(pathToFileURL(join(tmpdir(), 'no-such-pack-file')))).toBe(eld);
  });

  it('falls back to eld/medium on a pack of another format (UTF-8 keys, no marker)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'snoooz-pack-'));
    try {
      const file = join(folder, 'old.pack');
      writeFileSync(file, `${JSON.stringify({ type: 'medium', languages: { 0: 'en' } })}\n" é"\t0:1\n`);
      expect(await loadDetector(pathToFileURL(file))).toBe(eld);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('a pack', () => {
  const ngrams: NgramsData['ngrams'] = {
    ' th': { 0: 0.5, 3: 0.25 },
    ' é': { 2: 1 },
    'ß ': { 1: 0.75 },
    日本: { 5: 0.125 },
    '😀': { 6: 2 },
    '"\t': { 4: 3 },
    zz: {},
  };
  const pack = packNgrams({ type: 'medium', languages: { 0: 'en', 1: 'de' }, ngrams });

  it('is plain ASCII, so reading it as latin1 loses nothing', () => {
    expect(pack).toMatch(/^[\x20-\x7e\t\n]*$/);
  });

  it('finds every key with its scores, the first and last lines too, and nothing else', () => {
    const data = unpackNgrams(pack);
    expect(data.languages).toEqual({ 0: 'en', 1: 'de' });
    for (const [key, scores] of Object.entries(ngrams)) expect(data.ngrams[key]).toEqual(scores);
    for (const missing of ['', ' ', ' t', ' thx', 'a', 'zzz', '\uffff', '日', '😀😀']) {
      expect(data.ngrams[missing]).toBeUndefined();
    }
  });
});
