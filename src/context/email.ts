/**
 * Email addresses are compared the way mailbox owners expect: surrounding spaces and letter case
 * never decide whether two addresses are the same person.
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** True when both addresses are present and equal after normalisation. */
export function sameEmail(a: string | null | undefined, b: string | null | undefined): boolean {
  if (!a || !b) return false;
  const left = normalizeEmail(a);
  return left !== '' && left === normalizeEmail(b);
}
