/**
 * Undo send. "Approve & send" approves the draft with a random token and a `send_at` at the end
 * of the workspace's undo window, and queues a `send_draft` job for that moment carrying the
 * token, in one transaction (repositories/drafts.ts `schedule`). Until the job claims the draft,
 * Undo puts it back to pending (a compare-and-set on `approved` + `scheduled`), and the job then
 * sends nothing. The job row lives in the database like every other job, so a restart inside the
 * window still sends once the window ends, and the send itself is the idempotent draft sender.
 */
import { randomBytes } from 'node:crypto';
import type { ClaimedJob, DraftView, Repositories } from '../db/index.js';
import { DbError, isDbError } from '../db/index.js';
import { INTERRUPTED_SEND_REASON, SENDING_REASON, isRetryable } from '../pipeline/process-stored-message.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import type { DraftSender } from './send-draft.js';
import { z } from 'zod';

const payloadSchema = z.object({
  draftId: z.number().int().positive(),
  messageId: z.number().int().positive(),
  token: z.string().min(1).max(100),
  actor: z.string().min(1).max(100),
});

/** Approves the draft to leave after `delayMs`; the caller shows Undo until `sendAt`. */
export async function scheduleSend(
  repos: Repositories,
  input: { workspaceId: number; draftId: number; actor: string; delayMs: number; now?: Date },
): Promise<DraftView> {
  const now = input.now ?? new Date();
  return repos.drafts.schedule(input.workspaceId, input.draftId, {
    token: randomBytes(16).toString('base64url'),
    sendAt: new Date(now.getTime() + Math.max(input.delayMs, 0)),
    actor: input.actor,
  });
}

/** Undo within the window; a clear conflict once the send has started or finished. */
export async function undoSend(repos: Repositories, workspaceId: number, draftId: number): Promise<DraftView> {
  if (await repos.drafts.unschedule(workspaceId, draftId)) return repos.drafts.get(workspaceId, draftId);
  const draft = await repos.drafts.get(workspaceId, draftId);
  if (draft.status === 'pending') return draft; // undone already (a second click, another tab)
  throw new DbError(
    'conflict',
    draft.status === 'sent'
      ? 'Too late to undo: the reply has been sent.'
      : 'Too late to undo: the reply is being sent.',
  );
}

export interface SendJobDeps {
  repos: Repositories;
  sendDraft: DraftSender;
  logger: Logger;
  /** Attempts of the job before a transient failure is recorded on the draft (default 5). */
  maxAttempts?: number;
  /** After the job, so open pages refresh. */
  onSettled?: (workspaceId: number, messageId: number) => void;
}

/** The `send_draft` job: send this scheduled draft if it is still scheduled with this token. */
export function createSendJobHandler(deps: SendJobDeps) {
  const maxAttempts = deps.maxAttempts ?? 5;
  return async function handleSendJob(job: ClaimedJob): Promise<void> {
    const payload = payloadSchema.parse(job.payload);
    const { repos } = deps;
    const draft = await repos.drafts.get(job.workspaceId, payload.draftId).catch((error: unknown) => {
      if (isDbError(error, 'not_found')) return null; // the message (and its draft) was deleted
      throw error;
    });
    if (!draft || draft.status !== 'approved' || draft.sendToken !== payload.token) return;
    if (draft.statusReason === SENDING_REASON && job.attempts > 1) {
      // An earlier run of this job died mid-send: whether it went out is unknown, and a reply is
      // sent at most once, so a person decides (see process-stored-message.ts resumeSend).
      await repos.drafts.setStatus(job.workspaceId, draft.id, 'failed', INTERRUPTED_SEND_REASON).catch(() => undefined);
      deps.onSettled?.(job.workspaceId, payload.messageId);
      return;
    }
    try {
      await deps.sendDraft(job.workspaceId, draft.id, payload.actor, { token: payload.token });
    } catch (error) {
      // Final refusals are already recorded on the draft (failed); a transient one is retried by
      // the queue until its last attempt, which leaves the reason on the draft for a person.
      if (isRetryable(error) && job.attempts < maxAttempts) throw error;
      const current = await repos.drafts.get(job.workspaceId, draft.id);
      if (current.status === 'approved') {
        await repos.drafts
          .setStatus(job.workspaceId, draft.id, 'failed', `Not sent: ${describeError(error)}`)
          .catch(() => undefined);
      }
      deps.logger.warn(
        { workspaceId: job.workspaceId, draftId: draft.id, err: describeError(error) },
        'scheduled send failed',
      );
    }
    deps.onSettled?.(job.workspaceId, payload.messageId);
  };
}
