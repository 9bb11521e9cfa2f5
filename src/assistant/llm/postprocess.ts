/**
 * Turns a model's answer into a plain-text email body: markdown removed (mail clients show it
 * literally), and exactly one sign-off at the end, whatever the model did with it.
 */
/** Closing lines models write, lower case without trailing punctuation. */
const CLOSINGS = new Set([
  'best',
  'best regards',
  'best wishes',
  'kind regards',
  'warm regards',
  'regards',
  'warmly',
  'many thanks',
  'thanks',
  'thank you',
  'cheers',
  'sincerely',
  'yours sincerely',
  'all the best',
  'with thanks',
  'saludos',
  'un saludo',
  'un cordial saludo',
  'saludos cordiales',
  'atentamente',
  'gracias',
  'muchas gracias',
  'viele grüße',
  'beste grüße',
  'liebe grüße',
  'freundliche grüße',
  'mit freundlichen grüßen',
  'herzliche grüße',
  'vielen dank',
  'danke',
  'cordialement',
  'bien cordialement',
  'bien à vous',
  'merci',
  'salutations',
  'meilleures salutations',
  'à bientôt',
]);

export function stripMarkdown(text: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // Code fences: keep the content, drop the fence lines.
      .replace(/^\s*```[^\n]*\n?/gm, '')
      .replace(/^\s{0,3}#{1,6}\s+/gm, '')
      .replace(/^\s{0,3}>\s?/gm, '')
      .replace(/^\s*(?:[-*_]\s*){3,}$/gm, '')
      .replace(/!?\[([^\]\n]+)\]\((\S+?)\)/g, (_m, label: string, url: string) =>
        label.trim() === url.trim() ? url : `${label} (${url})`,
      )
      .replace(/<(https?:\/\/[^>\s]+)>/g, '$1')
      .replace(/\*\*(.+?)\*\*/g, '$1')
      .replace(/__(.+?)__/g, '$1')
      .replace(/(?<![\w*])\*(?![\s*])([^*\n]+?)(?<!\s)\*(?![\w*])/g, '$1')
      .replace(/(?<![\w/])_(?![\s_])([^_\n]+?)(?<!\s)_(?![\w/])/g, '$1')
      .replace(/`([^`\n]+)`/g, '$1')
      .replace(/^(\s*)[*+]\s+/gm, '$1- ')
      .replace(/^(\s*)•\s*/gm, '$1- ')
  );
}

/** A leading "Subject: …" line belongs in the subject, which the composer sets itself. */
function dropSubjectLine(text: string): string {
  return text.replace(/^\s*(?:subject|asunto|betreff|objet)\s*:[^\n]*\n+/i, '');
}

const GREETING =
  /^(?:hi|hello|hey|dear|good\s+\w+|hola|estimad[oa]|buen[oa]s\s+\w+|hallo|liebe[rs]?|sehr\s+geehrte[rs]?|guten\s+tag|bonjour|bonsoir|cher|chère|madame|monsieur)\b/i;

function isClosing(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.length > 40 || GREETING.test(t)) return false;
  const bare = t.replace(/[,.!]+$/, '').toLowerCase();
  return CLOSINGS.has(bare) || (t.endsWith(',') && t.split(/\s+/).length <= 4);
}

/**
 * Removes every copy of the sign-off (whole, or its signature without the closing line) and any
 * closing plus improvised signature the model wrote at the end ("Best,\nMaya from Acme"), then
 * appends the sign-off once. "No sign-off twice", by construction.
 */
export function ensureSignOff(text: string, signOff: string): string {
  const block = signOff
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  let lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  lines = removeSequence(lines, block);
  if (block.length > 1 && isClosing(block[0] ?? '')) lines = removeSequence(lines, block.slice(1));
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();

  // The first line with text is the greeting or the answer, never a closing.
  const first = lines.findIndex((l) => l.trim() !== '');
  for (let i = lines.length - 1; i > first && i >= lines.length - 5; i -= 1) {
    if (isClosing(lines[i] ?? '') && lines.slice(i + 1).every((l) => l.trim().length <= 60)) {
      lines = lines.slice(0, i);
      break;
    }
  }
  // A second closing right before the first ("Best regards,\n\nBest regards,").
  const isTail = (l: string | undefined): boolean => (l ?? '').trim() === '' || isClosing(l ?? '');
  while (lines.length - 1 > first && isTail(lines[lines.length - 1])) lines.pop();
  const body = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return block.length === 0 ? body : `${body}\n\n${block.join('\n')}`;
}

function removeSequence(lines: string[], seq: string[]): string[] {
  if (seq.length === 0) return lines;
  const same = (a: string | undefined, b: string | undefined): boolean =>
    (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();
  const out: string[] = [];
  for (let i = 0; i < lines.length;) {
    if (seq.every((s, k) => same(lines[i + k], s))) {
      i += seq.length;
    } else {
      out.push(lines[i] ?? '');
      i += 1;
    }
  }
  return out;
}

export function postProcess(raw: string, signOff: string): string {
  const plain = dropSubjectLine(stripMarkdown(raw))
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return ensureSignOff(plain, signOff);
}
