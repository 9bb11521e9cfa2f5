/**
 * Look-alikes of ASCII address characters, for property tests of address identity: characters
 * that JavaScript case mapping turns into ASCII (the Kelvin sign), that case-map to a different
 * letter (dotless ı, long ſ, dotted İ), homoglyphs from other scripts, fullwidth and
 * mathematical forms (surrogate pairs), ligatures, combining marks and invisible characters.
 */
import fc from 'fast-check';

const LOOKALIKES: Record<string, string[]> = {
  k: ['\u212A', '\u03BA', '\u043A', '\u1D0B'],
  K: ['\u212A', '\u039A', '\u041A'],
  s: ['\u017F', '\u0455', '\uA731'],
  S: ['\u0405', '\u017F'],
  i: ['\u0131', '\u0130', '\u0456', '\u00ED', '\u2170'],
  I: ['\u0130', '\u0406', '\u2160'],
  a: ['\u0430', '\u00E0', '\u0251', '\u212B'],
  A: ['\u0410', '\u0391', '\u212B'],
  e: ['\u0435', '\u00E9', '\u212F'],
  o: ['\u043E', '\u03BF', '\u00F6', '\u2134'],
  p: ['\u0440', '\u03C1'],
  c: ['\u0441', '\u217D'],
  x: ['\u0445', '\u2179'],
  y: ['\u0443', '\u00FF'],
  l: ['\u217C', '\u0399', '\u04CF'],
  d: ['\u217E', '\u0501'],
  m: ['\u217F'],
  '.': ['\u2024', '\uFF0E', '\u3002'],
  '-': ['\u2010', '\u2011', '\u2212'],
  '@': ['\uFF20', '\uFE6B'],
};

/** Always available: the fullwidth form (U+FF01–FF5E) of a printable ASCII character. */
function fullwidth(char: string): string {
  return String.fromCharCode(char.charCodeAt(0) - 0x21 + 0xff01);
}

/** A mathematical bold letter (outside the BMP: a surrogate pair). */
function mathBold(char: string): string | null {
  const code = char.charCodeAt(0);
  if (code >= 0x41 && code <= 0x5a) return String.fromCodePoint(0x1d400 + code - 0x41);
  if (code >= 0x61 && code <= 0x7a) return String.fromCodePoint(0x1d41a + code - 0x61);
  return null;
}

/** The ways one ASCII character can be imitated. */
export function imitationsOf(char: string): string[] {
  const options = [...(LOOKALIKES[char] ?? []), fullwidth(char), `${char}\u0301`, `${char}\u200B`, `\u200D${char}`];
  const bold = mathBold(char);
  if (bold) options.push(bold);
  if (char === 'f') options.push('\uFB00');
  return options;
}

/** An ASCII address as mailboxes and stores hold them: letters, digits, `.`, `-`, `_`, `+`. */
export const asciiAddress = fc
  .tuple(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._+-]{0,14}[A-Za-z0-9]$/),
    fc.stringMatching(/^[a-z0-9]{1,10}\.(?:example|test|com|de)$/),
  )
  .map(([local, domain]) => `${local}@${domain}`);

/** An address with one or more characters replaced (or marked) by a non-ASCII look-alike. */
export function confusableOf(address: string) {
  const positions = [...address].map((_, index) => index);
  return fc
    .uniqueArray(fc.constantFrom(...positions), { minLength: 1, maxLength: Math.min(3, positions.length) })
    .chain((chosen) =>
      fc
        .tuple(...chosen.map((index) => fc.constantFrom(...imitationsOf([...address][index] ?? 'a'))))
        .map((replacements) => {
          const chars = [...address];
          chosen.forEach((index, n) => (chars[index] = replacements[n] ?? ''));
          return chars.join('');
        }),
    );
}

/** The same ASCII address with the case of its letters changed at random. */
export function caseVariantOf(address: string) {
  return fc
    .array(fc.boolean(), { minLength: address.length, maxLength: address.length })
    .map((flips) =>
      [...address]
        .map((char, index) =>
          flips[index] ? (char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()) : char,
        )
        .join(''),
    );
}
