import type { Tone, WorkspaceSettings } from '../types.js';
import type { Phrases } from './i18n/index.js';

/** A first line that is already a closing ("Best regards,", "Un saludo", "Viele Grüße", "Cordialement"). */
const CLOSING = new RegExp(
  [
    String.raw`^(?:best(?: regards| wishes)?|kind regards|warm(?:est)? (?:regards|wishes)|many thanks|all the best|thanks|thank you|cheers|regards|sincerely|yours(?: truly| sincerely)?)\b`,
    String.raw`^(?:un saludo|saludos|atentamente|cordialmente|un abrazo)\b`,
    String.raw`^(?:mit (?:freundlichen|besten)|viele|beste|liebe|freundliche|herzliche) gr(?:ü|ue|u)(?:ß|ss)en?\b|^gr(?:u|ü)(?:ß|ss)\b`,
    String.raw`^(?:cordialement|bien (?:à|a) vous|bien cordialement|salutations|sinc(?:è|e)res salutations|merci|(?:à|a) bient(?:ô|o)t)\b`,
  ].join('|'),
  'iu',
);

/**
 * The sign-off: the localised closing, then the workspace signature (else "The {business} team").
 * When the signature already starts with a closing, ours is left out, so there is never a second
 * one; the signature itself appears exactly once.
 */
export function signOff(settings: WorkspaceSettings, p: Phrases, tone: Tone): string {
  const signature = (settings.signature ?? '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/^\s*-- ?\n/, '')
    .trim();
  const business = (settings.businessName ?? '').replace(/\s+/g, ' ').trim();
  const name = signature || (business ? p.teamSignature(business) : p.genericSignature);
  const firstLine = name.split('\n', 1)[0] ?? '';
  return CLOSING.test(firstLine) ? name : `${p.closing(tone)}\n${name}`;
}
