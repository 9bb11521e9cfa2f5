/**
 * Whether the sender of a message is who its From header says. Produced once at ingest
 * (email/auth/), stored with the message (db/), read by the auto-send gate (pipeline/) and shown
 * in the web app. Here, in shared/, because all of them need the type and none may import another.
 */
import { z } from 'zod';

/** A result as written in Authentication-Results (`pass`, `fail`, `none`, `temperror`, …). */
const result = z.string().max(40);

export const SenderVerdictSchema = z.strictObject({
  /** DMARC pass aligned with the From domain (directly, or in an ARC chain sealed by a trusted forwarder). */
  verified: z.boolean(),
  /** smtp: checked by our receiver; provider: the mailbox provider's Authentication-Results; none: nothing to go on. */
  method: z.enum(['smtp', 'provider', 'none']),
  spf: result,
  dkim: result,
  dmarc: result,
  arc: result,
  /** One line, safe to show: "DMARC pass for example.com", "DMARC fail for example.com". */
  reason: z.string().max(300),
  /** The authserv-id whose results were trusted (provider) or that we wrote (smtp). */
  authservId: z.string().max(255).optional(),
});

export type SenderVerdict = z.infer<typeof SenderVerdictSchema>;

export function unverifiedSender(reason: string, method: SenderVerdict['method'] = 'none'): SenderVerdict {
  return { verified: false, method, spf: 'none', dkim: 'none', dmarc: 'none', arc: 'none', reason };
}

/** "sender verified" / "not verified: DMARC fail for example.com": the label the web app shows. */
export function describeSenderVerdict(verdict: SenderVerdict | null): string {
  if (!verdict) return 'not verified: received before sender checks';
  return verdict.verified ? 'sender verified' : `not verified: ${verdict.reason}`;
}
