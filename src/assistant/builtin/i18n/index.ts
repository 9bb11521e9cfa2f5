import type { Language } from '../../types.js';
import { DE } from './de.js';
import { EN } from './en.js';
import { ES } from './es.js';
import { FR } from './fr.js';
import type { Phrases } from './types.js';

export type { ActionKind, Phrases, PersonName, ProfileField, StatusPhrases } from './types.js';

const PHRASES: Record<Language, Phrases> = { en: EN, es: ES, de: DE, fr: FR };

/** The phrase book for a language; English for anything we do not write natively. */
export function phrasesFor(language: Language): Phrases {
  return PHRASES[language] ?? EN;
}
