/**
 * The lines mail clients write around quoted history, in the languages we answer (en, de, es,
 * fr). Each matcher takes one line with trailing whitespace removed. Kept apart from the
 * stripping logic so a new client's wording is a one-line change.
 */

/** A line of quoted history: "> text", also nested ">> text" and " > text". */
export const QUOTED_LINE = /^\s*>/;

/** Attributions longer than this are ordinary prose that happens to end in "wrote:". */
export const MAX_ATTRIBUTION_LENGTH = 400;

/**
 * "On … wrote:" in the clients' own words. Gmail, Apple Mail and Thunderbird all start with the
 * date, so a digit or an address must appear: "On the form I wrote:" is not an attribution.
 *   en  On Mon, 1 Jan 2024 at 10:00, Ann <ann@example.com> wrote:
 *   de  Am Mo., 1. Jan. 2024 um 10:00 Uhr schrieb Max <max@example.de>:
 *   es  El lun, 1 ene 2024 a las 10:00, Juan (<juan@example.es>) escribió:
 *   fr  Le lun. 1 janv. 2024 à 10:00, Jean <jean@example.fr> a écrit :
 */
const DATED_ATTRIBUTIONS = [
  /^On\s.*\swrote\s*:$/i,
  /^Am\s.*\sschrieb\s.*:$/i,
  /^El\s.*\sescribió\s*:$/i,
  /^Le\s.*\sa\s+écrit\s*:$/i,
];

/** "Ann <ann@example.com> wrote:" without a date; only an attribution when a quote follows it. */
const BARE_ATTRIBUTION = /\s(wrote|schrieb|escribió|a\s+écrit)(\s[^:]{0,120})?\s*:$/i;

export function isDatedAttribution(line: string): boolean {
  return /[\d@]/.test(line) && DATED_ATTRIBUTIONS.some((pattern) => pattern.test(line));
}

export function isBareAttribution(line: string): boolean {
  return BARE_ATTRIBUTION.test(line);
}

/**
 * Markers after which everything is older mail: the original of a reply or a forwarded message.
 *   -----Original Message-----            (Outlook)   ---------- Forwarded message ---------  (Gmail)
 *   -----Ursprüngliche Nachricht-----     -------- Weitergeleitete Nachricht --------
 *   -----Mensaje original-----            ---------- Mensaje reenviado ---------
 *   -----Message d'origine-----           ---------- Message transféré ---------
 *   Begin forwarded message:              (Apple Mail, and its de/es/fr wordings)
 */
const SEPARATORS = [
  /^\s*-{2,}\s*(original message|forwarded message|ursprüngliche nachricht|original-nachricht|weitergeleitete nachricht|mensaje original|mensaje reenviado|message d['’]origine|message original|message transféré|message transmis)\s*-{2,}$/i,
  /^\s*(begin forwarded message|anfang der weitergeleiteten nachricht|beginn der weitergeleiteten nachricht|inicio del mensaje reenviado|début du message (réexpédié|transféré))\s*:$/i,
];

export function isSeparator(line: string): boolean {
  return SEPARATORS.some((pattern) => pattern.test(line));
}

/**
 * The header block Outlook (and mailparser, for an attached message) writes above the original:
 *   From: Ann <ann@example.com> / Von: / De:
 *   Sent: Monday, 1 January 2024 10:00 / Gesendet: / Enviado el: / Envoyé : / Date:
 *   To: … / An: / Para: / À :      Subject: … / Betreff: / Asunto: / Objet :
 * Labels may be bolded with "*" when the HTML was turned into text.
 */
const label = (names: string) => new RegExp(`^\\s*\\*?(${names})\\s*\\*?\\s*:`, 'i');
export const FROM_LABEL = label('from|von|de');
export const SENT_LABEL = label('sent|date|gesendet|datum|enviado el|enviado|fecha|envoyé');
export const TO_OR_SUBJECT_LABEL = label('to|an|para|à|a|cc|subject|betreff|asunto|objet|sujet');

/** Outlook draws a rule of underscores (or dashes) right above that header block. */
export const RULE_LINE = /^\s*[_-]{8,}\s*$/;

/** RFC 3676 signature delimiter "-- "; many clients drop the trailing space. */
export const SIGNATURE_DELIMITER = /^-- ?$/;

/** The footers mobile mail apps add; everything from them on is not the customer's words. */
const MOBILE_SIGNATURES = [
  /^sent from my \S.{0,60}$/i,
  /^sent from (outlook|mail|yahoo mail)( for \S.{0,30})?$/i,
  /^get outlook for (ios|android)$/i,
  /^enviado desde mi \S.{0,60}$/i,
  /^von meinem \S.{0,60} gesendet$/i,
  /^gesendet von meinem \S.{0,60}$/i,
  /^envoyé (de|depuis) mon \S.{0,60}$/i,
];

export function isSignatureStart(line: string): boolean {
  return SIGNATURE_DELIMITER.test(line) || MOBILE_SIGNATURES.some((pattern) => pattern.test(line.trim()));
}
