import type { Language } from '../../types.js';
import { DE } from './de.js';
import { EN } from './en.js';
import { ES } from './es.js';
import { FR } from './fr.js';
import type { LanguagePatterns } from './types.js';

export type { IntentPattern, LanguagePatterns } from './types.js';

export const PATTERNS: Record<Language, LanguagePatterns> = { en: EN, es: ES, de: DE, fr: FR };
