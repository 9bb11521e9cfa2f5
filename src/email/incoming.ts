import type { IncomingMessage } from '../assistant/types.js';
import type { ParsedEmail } from './types.js';

/**
 * The part of a parsed email the assistant reads. The pipeline builds it before the loop guard
 * runs, so a message without a sender maps to an empty address instead of throwing.
 */
export function toIncomingMessage(email: ParsedEmail): IncomingMessage {
  return {
    subject: email.subject,
    text: email.newestText,
    fromEmail: email.from?.address ?? '',
    fromName: email.from?.name ?? null,
    history: email.text,
  };
}
