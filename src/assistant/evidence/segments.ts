import type { EvidenceFact } from './types.js';

/** A piece of the draft text: plain, or a fact (the first fact that claims the range). */
export interface TextSegment {
  text: string;
  fact: EvidenceFact | null;
}

/**
 * The draft cut into plain and highlighted pieces, for showing each fact in place. Where facts
 * overlap (a tracking number inside its link), the span that starts first wins, then the longer.
 * Spans outside the text (the text was edited since) are ignored.
 */
export function segmentText(text: string, facts: readonly EvidenceFact[]): TextSegment[] {
  const marks = facts
    .flatMap((fact) => fact.spans.map(([start, end]) => ({ start, end, fact })))
    .filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end <= text.length)
    .filter((m) => m.end > m.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: TextSegment[] = [];
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at) continue;
    if (mark.start > at) out.push({ text: text.slice(at, mark.start), fact: null });
    out.push({ text: text.slice(mark.start, mark.end), fact: mark.fact });
    at = mark.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), fact: null });
  return out;
}
