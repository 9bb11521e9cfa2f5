/**
 * Email addresses are compared the way mail systems do for ASCII addresses: surrounding spaces
 * and the case of ASCII letters never decide whether two addresses are the same person. Only
 * A–Z is folded (see shared/email-identity.ts): a look-alike with a non-ASCII character is a
 * different address, and is compared exactly.
 */
import { emailKey } from '../shared/email-identity.js';

export { canLookUpEmail, sameEmail } from '../shared/email-identity.js';

/** Trimmed, ASCII letters lower-cased; non-ASCII characters are kept as they are. */
export function normalizeEmail(email: string): string {
  return emailKey(email);
}
