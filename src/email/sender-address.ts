/**
 * Address rules for the loop guard. Addresses are compared without case and without a
 * "+tag" (support+orders@shop.com is the support@shop.com mailbox).
 *
 * Deliberately broader than shared/email-identity.ts (full Unicode lower-casing): every rule here
 * only decides to leave a message unanswered, so a look-alike of our own address or of
 * "postmaster" being taken for it skips one more message and never picks whose data a reply
 * uses or where it goes.
 */

export function normaliseAddress(address: string): string {
  const trimmed = address.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return trimmed;
  return `${trimmed.slice(0, at).replace(/\+.*$/, '')}${trimmed.slice(at)}`;
}

function localPart(address: string): string {
  const normalised = normaliseAddress(address);
  const at = normalised.lastIndexOf('@');
  return at < 0 ? normalised : normalised.slice(0, at);
}

/** Bounce senders: MAILER-DAEMON@host, or postmaster, which many MTAs send delivery reports from. */
export function mailerDaemonKind(address: string): 'mailer-daemon' | 'postmaster' | null {
  const local = localPart(address);
  if (local === 'mailer-daemon' || local === 'mailerdaemon') return 'mailer-daemon';
  if (local === 'postmaster') return 'postmaster';
  return null;
}

/**
 * noreply@, no-reply@, no_reply@, do-not-reply@, donotreply@, and the same inside longer names
 * (orders-noreply@, noreply.shipping@): separators are ignored, so every spelling matches.
 */
export function isNoReplyAddress(address: string): boolean {
  const squashed = localPart(address).replace(/[-_.]/g, '');
  return /noreply|donotreply|dontreply/.test(squashed);
}

export function isOwnAddress(address: string, inboxAddresses: readonly string[]): boolean {
  const sender = normaliseAddress(address);
  return inboxAddresses.some((own) => own.trim() !== '' && normaliseAddress(own) === sender);
}

export function hasDomain(address: string): boolean {
  return /^[^@\s]+@[^@\s]+$/.test(address.trim());
}
