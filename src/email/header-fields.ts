/** The headers kept on a parsed email: what threading and the loop guard read, plus a few useful ones. */
const KEPT_HEADERS = new Set([
  'message-id',
  'in-reply-to',
  'references',
  'date',
  'auto-submitted',
  'precedence',
  'list-id',
  'list-unsubscribe',
  'x-autoreply',
  'x-autorespond',
  'x-auto-response-suppress',
  'return-path',
  'content-language',
]);

/**
 * Lower-cased name → first value, unfolded and trimmed. Built from the raw header lines rather
 * than mailparser's map: the map turns an unreadable Date into "now", merges every List-* header
 * into one object and rewrites ids, while the guard and threading need what the sender wrote.
 */
export function pickHeaders(lines: ReadonlyArray<{ key: string; line: string }>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const { key, line } of lines) {
    const name = key.toLowerCase();
    if (!KEPT_HEADERS.has(name) || name in picked) continue;
    picked[name] = headerValue(line);
  }
  return picked;
}

/** mailparser hands header lines over as binary strings; raw 8-bit headers are UTF-8 in practice (RFC 6532). */
function headerValue(line: string): string {
  const text = Buffer.from(line, 'latin1').toString('utf8');
  const colon = text.indexOf(':');
  return text
    .slice(colon + 1)
    .replace(/\r?\n(?=[ \t])/g, '')
    .trim();
}

/** ISO 8601 from an RFC 5322 date, or null when it cannot be read (mailparser would say "now"). */
export function parseDateHeader(value: string | undefined): string | null {
  if (value === undefined) return null;
  // A trailing comment such as "(UTC)" is not part of the date.
  const date = new Date(value.replace(/\([^()]*\)/g, ' ').trim());
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
