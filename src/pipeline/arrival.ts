/**
 * What an arriving message is, decided at ingest before anything is queued: a provider's
 * forwarding confirmation (its code goes to the Inboxes page), the merchant's own test message
 * (it carries the token a forwarding check gave out), or mail to answer. The first two are
 * stored settled, with no job, so no store lookup, LLM call or draft ever happens for them.
 */
import type { Repositories } from '../db/index.js';
import { recogniseForwardingConfirmation, type ForwardingConfirmation, type ParsedEmail } from '../email/index.js';

export type Arrival =
  | { kind: 'customer' }
  | { kind: 'confirmation'; confirmation: ForwardingConfirmation; reason: string }
  | { kind: 'test'; token: string; reason: string };

/** "Snoooz test 4F7K" in the subject or the newest text (any case, any spacing). */
const TEST_PHRASE = /\bsnoooz\s+test\s+([a-z0-9]{4})\b/giu;

export async function classifyArrival(
  repos: Pick<Repositories, 'forwarding'>,
  workspaceId: number,
  inboxId: number,
  email: ParsedEmail,
): Promise<Arrival> {
  const confirmation = recogniseForwardingConfirmation(email);
  if (confirmation) {
    return {
      kind: 'confirmation',
      confirmation,
      reason: `${confirmation.providerLabel} forwarding confirmation: never answered; its code is shown on the Inboxes page.`,
    };
  }
  for (const match of `${email.subject}\n${email.newestText}`.matchAll(TEST_PHRASE)) {
    const token = (match[1] ?? '').toUpperCase();
    if (await repos.forwarding.isTestToken(workspaceId, inboxId, token)) {
      return {
        kind: 'test',
        token,
        reason: `Test message (Snoooz test ${token}): recorded by the forwarding check, not answered.`,
      };
    }
  }
  return { kind: 'customer' };
}
