import type { Language } from '../types.js';
import { LANGUAGES } from '../types.js';
import { loadDetector } from './detector.js';
import { normalize, tokens } from './normalize.js';

/** eld's medium detector (from the build's pack when there is one: see detector.ts). */
const eld = await loadDetector();

/**
 * Language detection. A maintained n-gram detector (eld) names the language among 60; our own
 * evidence for the four languages the built-in composer speaks (function words, phrases and
 * letters typical of one language) decides short texts, where n-grams are unreliable ("thx",
 * "#5114?"), and breaks near-ties between neighbours ("pedido" is Spanish and Portuguese).
 * A language we do not speak is reported only when the detector is reliable, the text is long
 * enough and our own evidence is weak, so "Hi, order 5114 - refund?" stays English.
 */

export interface LanguageGuess {
  /** The reply language: one the built-in composer speaks. */
  language: Language;
  /** ISO 639-1 of what the customer wrote, or 'und' when it cannot be told. */
  detected: string;
  /** The customer wrote in a language we do not speak (the reply falls back to `language`). */
  unsupported: boolean;
}

type Scores = Record<Language, number>;

/** Frequent words, after normalisation (accents removed). A word shared by two languages counts for both. */
const STOPWORDS: Record<Language, ReadonlySet<string>> = {
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

/** A frequent function word of one of our languages ("les", "der", "una", "the"). */
export function isStopword(word: string): boolean {
  return LANGUAGES.some((language) => STOPWORDS[language].has(word));
}

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' '));
}

/** Evidence per language for `text`; exported for tests and diagnostics. */
export function scoreLanguages(text: string): Scores {
  const normalized = normalize(text);
  const found = tokens(normalized);
  const scores: Scores = { en: 0, es: 0, de: 0, fr: 0 };
  for (const language of LANGUAGES) {
    for (const word of found) if (STOPWORDS[language].has(word)) scores[language] += 1;
    for (const phrase of PHRASES[language]) if (phrase.test(normalized)) scores[language] += 3;
    const letters = LETTERS[language];
    if (letters) scores[language] += Math.min(10, (text.match(letters)?.length ?? 0) * 2);
  }
  return scores;
}

/** Fewer letters than this: the n-gram detector is not asked. */
const MIN_LETTERS = 12;
/** Our own evidence at or above this for a language we speak keeps it, whatever the detector says. */
const OWN_EVIDENCE = 6;

/** The language of the customer's words (the newest text; the subject helps when the text is short). */
export function guessLanguage(text: string, subject = ''): LanguageGuess {
  const sample = text.trim().length >= 40 ? text : `${subject}\n${text}`;
  const own = scoreLanguages(sample);
  const ownBest = bestOf(own);
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  if (letters < MIN_LETTERS) {
    return { language: ownBest, detected: own[ownBest] > 0 ? ownBest : 'und', unsupported: false };
  }
  const result = eld.detect(sample.slice(0, 2000));
  const scores = Object.entries(result.getScores()).sort((a, b) => b[1] - a[1]);
  const top = scores[0]?.[0] ?? 'und';
  if ((LANGUAGES as readonly string[]).includes(top)) {
    const language = top as Language;
    // The detector's pick among ours, unless our evidence clearly says another of ours.
    if (own[ownBest] >= OWN_EVIDENCE && own[ownBest] >= 2 * own[language] + 3) {
      return { language: ownBest, detected: ownBest, unsupported: false };
    }
    return { language, detected: language, unsupported: false };
  }
  const ours = scores.find(([code]) => (LANGUAGES as readonly string[]).includes(code));
  const margin = (scores[0]?.[1] ?? 0) - (ours?.[1] ?? 0);
  const reliable = result.isReliable() && letters >= 20 && margin > 0.05;
  // Our stop words overlap Italian and Portuguese ("la", "de", "mi"); only phrases and letters
  // of our own languages, not stop words, keep a text the detector reliably calls foreign.
  if (!reliable || strongEvidence(sample) >= OWN_EVIDENCE) {
    const fallback = own[ownBest] > 0 ? ownBest : ((ours?.[0] as Language | undefined) ?? 'en');
    return { language: fallback, detected: fallback, unsupported: false };
  }
  return { language: 'en', detected: top, unsupported: true };
}

/** The reply language of `text` (subject and body together); English unless another language clearly leads. */
export function detectLanguage(text: string): Language {
  return guessLanguage(text).language;
}

/** Phrase and letter evidence only (no stop words), for the best of our languages. */
function strongEvidence(text: string): number {
  const normalized = normalize(text);
  let best = 0;
  for (const language of LANGUAGES) {
    let score = 0;
    for (const phrase of PHRASES[language]) if (phrase.test(normalized)) score += 3;
    best = Math.max(best, score);
  }
  return best;
}

function bestOf(scores: Scores): Language {
  let best: Language = 'en';
  for (const language of LANGUAGES) if (scores[language] > scores[best]) best = language;
  return best;
}
