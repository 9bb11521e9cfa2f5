import type { Language } from '../types.js';
import { normalize, tokens } from './normalize.js';

/**
 * Language detection by scored evidence: common function words (1 point each occurrence),
 * distinctive phrases and spellings (more), and letters only one language uses. English is the
 * default and wins ties, so a message with no evidence ("#5114?") is answered in English.
 */

type Scores = Record<Language, number>;

/** Frequent words, after normalisation (accents removed). A word shared by two languages counts for both. */
const STOPWORDS: Record<Language, readonly string[]> = {
  en: words(
    "the my is i you your and to of it order where what when have has did was not can could please thanks thank received for with this that hi hello still would like want stuff package yet just haven't didn't where's what's i'm it's don't doesn't shipped tracking refund cancel wrong size go through card be are an on from any get got",
  ),
  es: words(
    'el la los las de del que mi mis pedido donde esta por para con no un una es hola gracias quiero he ha han recibido todavia cuando como su lo me se y favor compra buenos dias tengo mas pero aun llegado paquete talla reembolso cancelar devolver pago tarjeta saludos muchas',
  ),
  de: words(
    'der die das und ist ich nicht mein meine meiner meinen bestellung wo wann noch habe hallo danke bitte mit fur ein eine sie wir auf zu es bleibt paket uber guten tag schon keine auch mir den dem vielen grusse gruss leider erhalten wurde konnen sind hat was ware geld',
  ),
  fr: words(
    "le la les de des du et est je mon ma mes ou commande pas n'ai j'ai ai vous pour avec une un bonjour merci colis toujours quand que qui ne cette votre bien recu suis ce sur dans cordialement s'il plait c'est qu'est encore taille remboursement annuler paiement livraison",
  ),
};

/** Phrases only one language uses (on normalised text), each worth 3 points. */
const PHRASES: Record<Language, readonly RegExp[]> = {
  en: [/\bwhere(?:'s| is) my\b/, /\bhaven't received\b/, /\bdid my\b/, /\bthank you\b/, /\bi would like\b/],
  es: [/\bdonde esta\b/, /\bno (?:me )?ha(?:n)? llegado\b/, /\bmi pedido\b/, /\bpor favor\b/, /\bbuenas?\b/],
  de: [/\bwo (?:ist|bleibt|sind)\b/, /\bnoch nicht\b/, /\bmeine bestellung\b/, /\bmit freundlichen\b/, /\bich habe\b/],
  fr: [/\bou est\b/, /\bn'ai pas\b/, /\bma commande\b/, /\bs'il vous plait\b/, /\bje voudrais\b/],
};

/** Letters (before normalisation) typical of one language, each occurrence worth 2 points, capped. */
const LETTERS: Record<Language, RegExp | null> = {
  en: null,
  es: /[ñ¿¡áíóú]/gi,
  de: /[äöüß]/gi,
  fr: /[èêàâçôîûùëïœ]/gi,
};

/** Reply and forward prefixes that give the mail client's language away. */
const SUBJECT_PREFIXES: Record<Language, RegExp | null> = {
  en: null,
  es: /^\s*(?:rv|rta|resp)\s*:/im,
  de: /^\s*(?:aw|wg|antw)\s*:/im,
  fr: /^\s*(?:tr|réf)\s*:/im,
};

function words(list: string): readonly string[] {
  return list.split(' ');
}

const LANGUAGE_ORDER: readonly Language[] = ['en', 'es', 'de', 'fr'];

/** Evidence per language for `text`; exported for tests and diagnostics. */
export function scoreLanguages(text: string): Scores {
  const normalized = normalize(text);
  const words = tokens(normalized);
  const scores: Scores = { en: 0, es: 0, de: 0, fr: 0 };
  for (const language of LANGUAGE_ORDER) {
    const stopwords = new Set(STOPWORDS[language]);
    for (const word of words) if (stopwords.has(word)) scores[language] += 1;
    for (const phrase of PHRASES[language]) if (phrase.test(normalized)) scores[language] += 3;
    const letters = LETTERS[language];
    if (letters) scores[language] += Math.min(10, (text.match(letters)?.length ?? 0) * 2);
    const prefix = SUBJECT_PREFIXES[language];
    if (prefix?.test(text)) scores[language] += 2;
  }
  return scores;
}

/** The language of `text` (subject and body together); English unless another language clearly leads. */
export function detectLanguage(text: string): Language {
  const scores = scoreLanguages(text);
  let best: Language = 'en';
  for (const language of LANGUAGE_ORDER) {
    if (scores[language] > scores[best]) best = language;
  }
  return best;
}
