import type { Language } from '../../../types.js';
import { DE_PLAN } from './de.js';
import { EN_PLAN } from './en.js';
import { ES_PLAN } from './es.js';
import { FR_PLAN } from './fr.js';
import type { PlanPhrases } from './types.js';

export type { EmpathyKind, PlanPhrases } from './types.js';

const ALL: Record<Language, PlanPhrases> = { en: EN_PLAN, es: ES_PLAN, de: DE_PLAN, fr: FR_PLAN };

export function planPhrasesFor(language: Language): PlanPhrases {
  return ALL[language] ?? EN_PLAN;
}
