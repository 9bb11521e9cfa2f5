/**
 * Ingest: raw MIME from any adapter (IMAP, SMTP receiver, HTTP) → one stored message and its job.
 * The message and the job are one transaction (`messages.storeIncoming`), so an adapter may
 * acknowledge delivery as soon as this resolves; a second delivery of the same message is a no-op.
 */
import { createHash } from 'node:crypto';
import type { Repositories, StoredMessage } from '../db/index.js';
import { parseEmail, type ParsedEmail, type SmtpEnvelope } from '../email/index.js';
import { verifyProviderResults, verifySmtpSender, type DnsResolver } from '../email/auth/verify.js';
import { describeError, isAppError } from '../shared/errors.js';
import { unverifiedSender, type SenderVerdict } from '../shared/sender-verdict.js';
import { classifyArrival, type Arrival } from './arrival.js';
import { resolveThreadKey } from './threading.js';

export type IngestSource = 'imap' | 'smtp' | 'http';

export interface IngestInput {
  workspaceId: number;
  inboxId: number;
  raw: Buffer;
  source: IngestSource;
  /** Defaults to the email module's limit (50 MB). */
  maxEmailBytes?: number;
  /** The SMTP envelope of mail our own receiver accepted: what SPF and DMARC are checked against. */
  envelope?: SmtpEnvelope;
}

/** How sender authentication runs at ingest (see email/auth/verify.ts). */
export interface IngestAuthOptions {
  /** Our receiver's name (the authserv-id of our results). */
  mta: string;
  /** Default: the system resolver; tests pass a stub. */
  resolver?: DnsResolver;
}

const DEFAULT_AUTH: IngestAuthOptions = { mta: 'snoooz.localhost' };

export interface IngestResult {
  message: StoredMessage;
  created: boolean;
  /** The queued job, when the message is new and is to be answered. */
  jobId: number | null;
  /** What it is: settled kinds (a forwarding confirmation, a test message) get no job. */
  arrival: Arrival['kind'];
}

/** Bad input the parser rejects for good: retrying the same bytes cannot succeed. */
const UNPARSEABLE = new Set(['invalid_email', 'email_too_large']);

export async function ingestRawEmail(
  repos: Repositories,
  input: IngestInput,
  auth: IngestAuthOptions = DEFAULT_AUTH,
): Promise<IngestResult> {
  let parsed: ParsedEmail | null = null;
  let failure: string | null = null;
  try {
    parsed = await parseEmail(input.raw, input.maxEmailBytes === undefined ? {} : { maxBytes: input.maxEmailBytes });
  } catch (error) {
    if (!(isAppError(error) && UNPARSEABLE.has(error.code))) throw error;
    failure = describeError(error);
  }
  const verdict = parsed
    ? await senderVerdict(repos, input, parsed, auth)
    : unverifiedSender('the message could not be read');

  const arrival: Arrival = parsed
    ? await classifyArrival(repos, input.workspaceId, input.inboxId, parsed)
    : { kind: 'customer' };
  const receivedAt = new Date();
  const threadKey = parsed ? await resolveThreadKey(repos, input.workspaceId, input.inboxId, parsed, receivedAt) : '';

  // The message and what it tells (a confirmation's code, a passed forwarding check) are one write.
  const stored = await repos.transaction(async (tx) => {
    const result = await tx.messages.storeIncoming(input.workspaceId, input.inboxId, {
      // Unparseable mail still gets a stable id, so a redelivery of the same bytes stays one message.
      messageId: parsed?.messageId ?? unparseableId(input.raw),
      threadKey,
      fromAddress: parsed?.from?.address ?? '',
      fromName: parsed?.from?.name ?? null,
      subject: parsed?.subject ?? '',
      receivedAt,
      raw: input.raw,
      auth: verdict,
      source: input.source,
      bodyText: parsed?.text ?? null,
      ...(arrival.kind === 'customer' ? {} : { settledReason: arrival.reason }),
    });
    if (!result.created) return result;
    if (arrival.kind === 'confirmation') {
      const c = arrival.confirmation;
      await tx.forwarding.recordConfirmation(input.workspaceId, input.inboxId, {
        messageId: result.message.id,
        provider: c.provider,
        code: c.code,
        link: c.link,
        requestedBy: c.requestedBy,
        senderVerified: verdict.verified,
        receivedAt: result.message.receivedAt,
      });
    } else if (input.source !== 'http' && failure === null) {
      // Any message that came in by forwarding or IMAP shows the path works.
      await tx.forwarding.passPendingChecks(input.workspaceId, input.inboxId, {
        messageId: result.message.id,
        fromAddress: result.message.fromAddress,
        source: input.source,
        at: result.message.receivedAt,
      });
    }
    return result;
  });

  // Recorded as failed (not dropped) so nothing is lost and an operator can retry it. The job
  // queued with it re-parses, fails the same way and finishes; it never loops.
  if (stored.created && failure !== null) {
    const message = await repos.messages.setState(input.workspaceId, stored.message.id, 'failed', failure);
    return { message, created: true, jobId: stored.jobId, arrival: arrival.kind };
  }
  return { ...stored, arrival: arrival.kind };
}

/**
 * Mail our receiver accepted is checked here (SPF, DKIM, DMARC, ARC); mail from a mailbox or the
 * API can only carry the provider's results, trusted from the inbox's configured authserv-id.
 */
async function senderVerdict(
  repos: Repositories,
  input: IngestInput,
  parsed: ParsedEmail,
  auth: IngestAuthOptions,
): Promise<SenderVerdict> {
  if (input.source === 'smtp') {
    if (!input.envelope) return unverifiedSender('no SMTP envelope to check the sender against', 'smtp');
    return verifySmtpSender(input.raw, input.envelope, auth);
  }
  const trusted = await repos.senderAuth.trustedAuthserv(input.workspaceId, input.inboxId);
  return verifyProviderResults(input.raw, parsed.from?.address ?? '', trusted);
}

function unparseableId(raw: Buffer): string {
  return `unparseable-${createHash('sha256').update(raw).digest('hex')}@snoooz.local`;
}
