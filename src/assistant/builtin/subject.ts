import type { Language } from '../types.js';

/** Reply and forward prefixes mail clients add, in the languages we meet: Re, RE, AW, Antw, SV, RV, Fwd, FW, WG, TR, Réf. */
const PREFIX = /^\s*(?:re|aw|antw|sv|vs|rv|rif|ref|réf|fwd?|wg|tr|enc|rta|resp)(?:\[\d+\]|\(\d+\))?\s*[:：]\s*/i;

const FALLBACK: Record<Language, string> = {
  en: 'Your message',
  es: 'Su mensaje',
  de: 'Ihre Nachricht',
  fr: 'Votre message',
};

/** "Re: <original>" with every earlier reply/forward prefix removed, so "Re:" never doubles. */
export function replySubject(original: string, language: Language): string {
  let subject = original.replace(/\s+/g, ' ').trim();
  for (let previous = ''; previous !== subject;) {
    previous = subject;
    subject = subject.replace(PREFIX, '').trim();
  }
  return `Re: ${subject || FALLBACK[language]}`;
}
