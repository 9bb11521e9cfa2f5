import { extractOrderNumbers } from '../../context/index.js';
import type { IncomingMessage, Understanding } from '../types.js';
import { ACTION_REQUEST_INTENTS, type ChangeRequest, type Intent } from '../types.js';
import { pickIntent, scoreIntents, type IntentScores } from './intent.js';
import { detectLanguage } from './language.js';
import { normalize } from './normalize.js';

/** Thanks in any of our languages (on normalised text: lower case, accents removed). */
const GRATITUDE =
  /\b(?:thanks|thank you|thx|many thanks|much appreciated|danke|vielen dank|herzlichen dank|merci|gracias|muchas gracias)\b/;
/** Evidence this strong is a real question even inside a thank-you ("thanks, but it never arrived"). */
const STRONG_EVIDENCE = 3;

/**
 * What the message asks, about which orders, in which language. The language is read from the
 * subject and the newest text together; the intent from the newest text first (the body's
 * question wins over the subject, which is often the store's own notification subject), then the
 * subject; with neither, a mentioned order number means "help with this order".
 */
export function understand(message: IncomingMessage): Understanding {
  const subject = message.subject ?? '';
  const text = message.text ?? '';
  const language = detectLanguage(`${subject}\n${text}`);
  const orderNumbers = unique([...extractOrderNumbers(subject), ...extractOrderNumbers(text)]);
  const textScores = scoreIntents(text, language);
  const intent = isThanksOnly(text, textScores)
    ? 'other'
    : (pickIntent(textScores) ??
      pickIntent(scoreIntents(subject, language)) ??
      (orderNumbers.length > 0 ? 'order_help' : 'other'));
  const changeRequests = detectChangeRequests(text || subject);
  return { intent, orderNumbers, language, ...(changeRequests.length > 0 ? { changeRequests } : {}) };
}

/**
 * "Can you change the delivery address?", "Lieferadresse ändern", "cambiar la dirección de envío",
 * "modifier l'adresse de livraison" (on normalised text). Only the address of a delivery or an
 * order: "update my email address" is about the account (customer_info).
 */
const ADDRESS_CHANGE: readonly RegExp[] = [
  /\b(?:change|changing|update|updating|correct|amend|modify|edit)\b(?: \S+){0,4} (?:delivery|shipping|postal|ship-to|mailing) address\b/,
  /\b(?:delivery|shipping|ship-to) address\b(?: \S+){0,4} (?:changed|updated|corrected|amended)\b/,
  /\b(?:change|update|correct|amend|modify)\b(?: \S+){0,3} address (?:on|for|of) (?:my |the |this |that )?order\b/,
  /\b(?:ship|send|deliver|redirect|reroute) (?:it|them|my order|the order|the package|the parcel) to (?:a |my )?(?:different|new|another|other) address\b/,
  /\b(?:liefer|versand|zustell)(?:adresse|anschrift)\b(?: \S+){0,5} (?:andern|aendern|korrigieren|anpassen|aktualisieren|geandert)\b/,
  /\b(?:andern|aendern|korrigieren)\b(?: \S+){0,4} (?:liefer|versand|zustell)(?:adresse|anschrift)\b/,
  /\bneue (?:liefer|versand)?adresse\b/,
  /\b(?:cambiar|modificar|corregir|actualizar|cambien|cambies|cambieis)\b(?: \S+){0,3} (?:la )?direccion\b(?! (?:de )?(?:correo|e-?mail|electronica))/,
  /\bdireccion de (?:envio|entrega)\b(?: \S+){0,5} (?:cambiar|modificar|corregir|cambiada)\b/,
  /\b(?:changer|modifier|corriger|mettre a jour)\b(?: \S+){0,3} (?:l'|l |mon |son )?adresse\b(?! (?:e-?mail|mail|electronique))/,
  /\badresse de livraison\b(?: \S+){0,5} (?:changer|modifier|corriger|changee|modifiee)\b/,
];

function detectChangeRequests(text: string): ChangeRequest[] {
  const normalized = normalize(text);
  return ADDRESS_CHANGE.some((re) => re.test(normalized)) ? ['address'] : [];
}

/**
 * A thank-you with no question in it ("the shirts arrived, thank you so much!"): its words about
 * delivery report good news, they do not ask where an order is, so it must not get a status
 * report. A question mark, an action request or strong evidence keeps the detected intent; a
 * thank-you with no evidence at all leaves the subject to decide.
 */
function isThanksOnly(text: string, scores: IntentScores): boolean {
  const normalized = normalize(text);
  if (!GRATITUDE.test(normalized) || /[?¿]/.test(text)) return false;
  const picked: Intent | null = pickIntent(scores);
  if (picked === null || ACTION_REQUEST_INTENTS.includes(picked)) return false;
  return Math.max(...Object.values(scores).map((score) => score ?? 0)) < STRONG_EVIDENCE;
}

function unique(numbers: number[]): number[] {
  return [...new Set(numbers)];
}
