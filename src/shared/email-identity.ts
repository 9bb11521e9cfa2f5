/**
 * When two email addresses are the same mailbox, for every decision that picks whose data a
 * reply may use or where it goes (customer lookup, order ownership, cache keys, the send check).
 *
 * Only ASCII letters are case-folded (A–Z to a–z), the convention every mail system follows for
 * ASCII addresses. Nothing else is: JavaScript's `toLowerCase` maps the Kelvin sign (U+212A) to
 * an ASCII "k", the Angstrom sign (U+212B) to "å", "İ" to "i̇", and so on, so
 * "\u212Aate@shop.example" was taken for kate@shop.example, a different mailbox, and that
 * customer's orders were sent to whoever owns the look-alike. An address with any non-ASCII
 * character (an SMTPUTF8 local part, a Unicode domain) is therefore compared exactly and is never
 * looked up by email in a store, whose own filter may fold Unicode in ways we cannot see (a MySQL
 * `utf8mb4_unicode_ci` collation treats "K" and "k" as equal).
 */

/** Folds A–Z to a–z and nothing else. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
}

/** Every code unit is 7-bit ASCII. */
export function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text);
}

/**
 * The comparison key of an address: trimmed, ASCII letters lower-cased. Two ASCII addresses are
 * the same mailbox when their keys are equal; a non-ASCII address keeps its non-ASCII characters
 * (never folded into ASCII), so its key never equals an ASCII address's key.
 */
export function emailKey(address: string | null | undefined): string {
  return typeof address === 'string' ? asciiLower(address.trim()) : '';
}

/**
 * True when both are present and the same mailbox: equal as written (trimmed), or both ASCII and
 * equal up to ASCII case. A non-ASCII address matches only itself, exactly.
 */
export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const left = a.trim();
  const right = b.trim();
  if (left === '' || right === '') return false;
  if (left === right) return true;
  return isAscii(left) && isAscii(right) && asciiLower(left) === asciiLower(right);
}

/**
 * Whether an address may be used to look someone up by email (in a store, a cache): one "@"
 * between a non-empty local part and domain, printable ASCII only (no spaces, no controls).
 * Anything else is not looked up at all: an address without "@" would turn "by email" filters
 * into "everyone", and a non-ASCII one could be folded into someone else's by the other side.
 */
export function canLookUpEmail(address: string | null | undefined): boolean {
  return typeof address === 'string' && /^[!-?A-~]+@[!-?A-~]+$/.test(address.trim());
}
