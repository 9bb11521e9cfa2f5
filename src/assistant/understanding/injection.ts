/**
 * Sentences that read as instructions to an AI rather than a customer's question ("Ignore all
 * previous instructions", "You are now…", "SYSTEM:", "Reveal the notes…", "List every customer's
 * orders"). Their words must not decide the intent: the customer's genuine question does. Runs on
 * normalised text (see normalize.ts); returns the character ranges of such sentences.
 */

const MARKERS: readonly RegExp[] = [
  /\b(?:ignore|disregard|forget|override) (?:all |any )?(?:of )?(?:the |your )?(?:previous|prior|above|earlier|preceding|original|system)? ?(?:instructions|prompts?|rules|guidelines)\b/,
  /\byou are now\b|\bfrom now on,? (?:you|act)\b|\bact as (?:an?|the)\b|\bpretend (?:to be|you are)\b/,
  /(?:^|[\s([])(?:system|developer|admin|assistant)(?: notice| message| prompt| override| instruction)?s? ?:/,
  /\bsystem (?:notice|prompt|message|override|instructions?)\b/,
  /\b(?:ai|llm|gpt|chatgpt|bot) (?:assistant|model|agent)\b|\blanguage model\b|\bprompt injection\b/,
  /\breveal\b|\bword for word\b|\bverbatim\b/,
  /\b(?:list|show|give me|send me|print|dump|export) (?:all|every|each|the other|other)(?: of)?(?: the)? (?:customers?|clients?|users?|orders)\b/,
  /\b(?:every|all|other) (?:customers?|clients?|users?)(?:'s|')? (?:orders|data|details|emails?|addresses|notes)\b/,
  /\b(?:staff|internal|admin|private|system) notes?\b/,
  /\b(?:maintenance|developer|debug|admin|god|jailbreak) mode\b/,
  /\b(?:do not|don't|never) (?:mention|tell|reveal|disclose|report)(?: this| it| anything)?(?: request)? to (?:the )?(?:store owner|owner|merchant|admin|staff|anyone|your)/,
  // Spanish, German, French.
  /\bignora(?:r)? (?:todas )?(?:las )?instrucciones\b|\bahora eres\b|\beres ahora\b/,
  /\bignorier(?:e|en)? (?:alle )?(?:\S+ )?(?:anweisungen|instruktionen)\b|\bdu bist (?:jetzt|nun)\b/,
  /\bignore[rz]? (?:toutes )?(?:les )?(?:\S+ )?instructions\b|\b(?:tu es|vous etes) (?:maintenant|desormais)\b/,
  /\b(?:revela|revele|enthulle|revelez|devoile[rz]?)\b/,
  /\b(?:notas internas|interne notizen|notes internes)\b/,
];

/** A list marker segment ("1", "2)", "-"): the item after it belongs to the same block. */
const LIST_MARKER = /^\s*(?:\d{1,2}|[a-z])[.)]?\s*$/;

export interface Range {
  start: number;
  end: number;
}

/** The ranges of `normalized` that are injected instructions; items of a list an injected sentence introduced count too. */
export function injectedRanges(normalized: string): Range[] {
  const out: Range[] = [];
  let inBlock = false;
  let afterMarker = false;
  for (const segment of normalized.matchAll(/[^.!?;:]+[.!?;:]*/g)) {
    const text = segment[0];
    if (LIST_MARKER.test(text.replace(/[.!?;:]+$/, ''))) {
      afterMarker = true;
      continue;
    }
    const flagged = MARKERS.some((re) => re.test(text));
    const injected: boolean = flagged || (inBlock && afterMarker);
    if (injected) out.push({ start: segment.index, end: segment.index + text.length });
    inBlock = injected;
    afterMarker = false;
  }
  return out;
}

export function within(ranges: readonly Range[], index: number): boolean {
  return ranges.some((r) => index >= r.start && index < r.end);
}
