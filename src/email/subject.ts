/**
 * Reply and forward prefixes clients stack in front of a subject: Re (en, es, fr), AW and Antw
 * (de), SV (nordic), Fwd/Fw, WG (de forward), RV (es forward), TR (fr forward), optionally
 * numbered as Outlook does ("RE[2]:") and with a full-width colon.
 */
const REPLY_PREFIX = /^\s*(re|aw|antw|sv|fwd?|wg|rv|tr)\s*(\[\d+\]|\(\d+\))?\s*[:：]\s*/i;

/** "Re: " + the subject without any prefixes, so replies never read "Re: RE: AW: …". */
export function normaliseSubjectForReply(subject: string): string {
  let rest = subject.replace(/\s+/g, ' ').trim();
  for (let match = REPLY_PREFIX.exec(rest); match; match = REPLY_PREFIX.exec(rest)) {
    rest = rest.slice(match[0].length);
  }
  return rest === '' ? 'Re:' : `Re: ${rest}`;
}
