import {
  FROM_LABEL,
  MAX_ATTRIBUTION_LENGTH,
  QUOTED_LINE,
  RULE_LINE,
  SENT_LABEL,
  TO_OR_SUBJECT_LABEL,
  isBareAttribution,
  isDatedAttribution,
  isSeparator,
  isSignatureStart,
} from './quote-markers.js';

/** Gmail wraps a long "On … wrote:" over two or three lines. */
const MAX_ATTRIBUTION_LINES = 3;
/** How far below "From:" Outlook's "Sent:" and "Subject:" lines may sit. */
const HEADER_BLOCK_LINES = 6;

type Boundary = { kind: 'history' } | { kind: 'attribution'; end: number };

/**
 * The newest part of a message: quoted history, forwarded blocks and the signature removed, so
 * intent detection reads only what the customer just wrote. When stripping would leave nothing
 * (a bare forward, a message that is all quote), the text is kept as it was.
 */
export function stripQuotedText(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const withoutQuotes = dropQuotedHistory(lines);
  const withoutSignature = dropSignature(withoutQuotes);
  return tidy(withoutSignature) || tidy(withoutQuotes) || tidy(lines);
}

/**
 * One pass, top to bottom. Separators and Outlook header blocks end the newest part. An
 * attribution ends it too, unless the customer answered below or between the quoted lines
 * (bottom-posting, inline replies): then only the attribution and the "> " lines are dropped.
 */
function dropQuotedHistory(lines: string[]): string[] {
  const kept: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const boundary = boundaryAt(lines, index);
    if (boundary?.kind === 'history') break;
    if (boundary?.kind === 'attribution') {
      if (!hasReplyBelowQuote(lines, boundary.end)) break;
      index = boundary.end;
      continue;
    }
    const line = lines[index] ?? '';
    if (!QUOTED_LINE.test(line)) kept.push(line);
    index += 1;
  }
  return kept;
}

function boundaryAt(lines: string[], index: number): Boundary | null {
  const line = (lines[index] ?? '').trimEnd();
  if (isSeparator(line) || isHeaderBlockAt(lines, index)) return { kind: 'history' };
  if (RULE_LINE.test(line) && isHeaderBlockAt(lines, nextNonBlank(lines, index + 1))) return { kind: 'history' };
  return attributionAt(lines, index);
}

function attributionAt(lines: string[], index: number): Boundary | null {
  let joined = '';
  for (let count = 1; count <= MAX_ATTRIBUTION_LINES && index + count <= lines.length; count += 1) {
    const line = (lines[index + count - 1] ?? '').trim();
    if (line === '' || QUOTED_LINE.test(line)) return null;
    // A wrapped attribution breaks mid-phrase; a finished sentence is the customer's own text.
    if (count > 1 && /[.!?]$/.test(joined)) return null;
    joined = joined === '' ? line : `${joined} ${line}`;
    if (joined.length > MAX_ATTRIBUTION_LENGTH) return null;
    const end = index + count;
    if (isDatedAttribution(joined)) return { kind: 'attribution', end };
    // Without a date, "… wrote:" counts only when quoted lines follow it directly.
    if (count === 1 && isBareAttribution(joined) && QUOTED_LINE.test(lines[nextNonBlank(lines, end)] ?? '')) {
      return { kind: 'attribution', end };
    }
  }
  return null;
}

function isHeaderBlockAt(lines: string[], index: number): boolean {
  const first = lines[index] ?? '';
  const block = lines.slice(index + 1, index + 1 + HEADER_BLOCK_LINES);
  const subjectOrTo = block.some((line) => TO_OR_SUBJECT_LABEL.test(line));
  if (FROM_LABEL.test(first)) return block.some((line) => SENT_LABEL.test(line)) && subjectOrTo;
  // GMX and web.de put the date first: "Gesendet: …", "Von: …", "An: …", "Betreff: …".
  if (SENT_LABEL.test(first)) return block.some((line) => FROM_LABEL.test(line)) && subjectOrTo;
  return false;
}

/**
 * After an attribution: does the quote give way to the customer's own text? Only when "> "
 * lines follow the attribution; unquoted text straight after it is the history itself
 * (clients that do not prefix quotes).
 */
function hasReplyBelowQuote(lines: string[], from: number): boolean {
  let index = nextNonBlank(lines, from);
  if (!QUOTED_LINE.test(lines[index] ?? '')) return false;
  while (index < lines.length && (QUOTED_LINE.test(lines[index] ?? '') || (lines[index] ?? '').trim() === '')) {
    index += 1;
  }
  if (index >= lines.length) return false;
  const line = (lines[index] ?? '').trimEnd();
  return !isSignatureStart(line) && boundaryAt(lines, index) === null;
}

function dropSignature(lines: string[]): string[] {
  const start = lines.findIndex((line) => isSignatureStart(line.trimEnd()));
  return start < 0 ? lines : lines.slice(0, start);
}

function nextNonBlank(lines: string[], from: number): number {
  let index = from;
  while (index < lines.length && (lines[index] ?? '').trim() === '') index += 1;
  return index;
}

/** Trailing spaces and runs of blank lines are noise to intent detection; paragraphs stay. */
function tidy(lines: string[]): string {
  return lines
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
