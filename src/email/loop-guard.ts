import { recogniseForwardingConfirmation } from './forwarding-confirmation.js';
import { autoReplyFinding, autoReplySubjectFinding, bulkFinding } from './guard-headers.js';
import { hasDomain, isNoReplyAddress, isOwnAddress, mailerDaemonKind } from './sender-address.js';
import type { LoopGuardOptions, LoopGuardResult, ParsedEmail } from './types.js';

/**
 * Decides whether an email must never be answered: it has no sender, comes from this inbox,
 * is a bounce, an auto-reply or list mail, or comes from a no-reply address. A skipped email is
 * stored with the reason and gets no draft. The first rule that matches wins, most specific first.
 */
export function checkLoopGuard(email: ParsedEmail, options: LoopGuardOptions): LoopGuardResult {
  const sender = email.from?.address ?? '';
  if (sender === '')
    return { skip: true, code: 'no_sender', reason: 'no sender address (From header missing or empty)' };
  if (isOwnAddress(sender, options.inboxAddresses)) {
    return { skip: true, code: 'own_address', reason: "sent from this inbox's own address" };
  }
  const daemon = mailerDaemonKind(sender);
  if (daemon === 'mailer-daemon') return { skip: true, code: 'mailer_daemon', reason: 'sender is a mailer-daemon' };
  if (daemon === 'postmaster') {
    return { skip: true, code: 'mailer_daemon', reason: 'sender is postmaster (a delivery report)' };
  }
  if (!hasDomain(sender)) {
    return { skip: true, code: 'no_sender', reason: 'sender address has no domain, so it cannot be answered' };
  }
  const confirmation = recogniseForwardingConfirmation(email);
  if (confirmation) {
    return {
      skip: true,
      code: 'forwarding_confirmation',
      reason: `a ${confirmation.providerLabel} forwarding confirmation (its code is shown on the Inboxes page)`,
    };
  }
  const finding =
    autoReplyFinding(email.headers) ??
    autoReplySubjectFinding(email.subject) ??
    bulkFinding(email.headers, options.inboxAddresses);
  if (finding) return { skip: true, ...finding };
  if (isNoReplyAddress(sender)) return { skip: true, code: 'no_reply_sender', reason: 'sender is a no-reply address' };
  return { skip: false };
}
