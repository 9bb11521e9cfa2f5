/**
 * What a person can do with a draft: edit (autosave), approve & send (with an undo window),
 * undo, send now, regenerate, restore an earlier version, discard. Every id is looked up in the
 * caller's workspace first, so a guessed id from another workspace is a 404 before any service
 * is called.
 */
import { DEFAULT_UNDO_SEND_SECONDS } from '../../assistant/types.js';
import { DbError, type DraftView } from '../../db/index.js';
import { scheduleSend, undoSend } from '../../app/scheduled-send.js';
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';

/**
 * Saves a person's edit. Audited once per editing session, not per autosave: edits by the same
 * person close together extend one `edited` version (see db/repositories/draft-versions.ts), and
 * only an edit that starts a new version writes `draft.edited`.
 */
export async function editDraft(
  ctx: RouteContext,
  principal: Principal,
  draftId: number,
  edit: { text: string; subject?: string | undefined },
): Promise<DraftView> {
  return ctx.repos.transaction(async (tx) => {
    const before = await tx.drafts.latestVersion(principal.workspaceId, draftId);
    const draft = await tx.drafts.updateText(
      principal.workspaceId,
      draftId,
      { text: edit.text, ...(edit.subject === undefined ? {} : { subject: edit.subject }) },
      { actor: principal.actor },
    );
    const after = await tx.drafts.latestVersion(principal.workspaceId, draftId);
    if (after?.kind === 'edited' && after.id !== before?.id) {
      await tx.audit.append(principal.workspaceId, {
        actor: principal.auditActor,
        action: 'draft.edited',
        target: `draft:${draftId}`,
        detail: { messageId: draft.messageId, ...auditVia(principal) },
      });
    }
    return draft;
  });
}

export async function sendDraft(ctx: RouteContext, principal: Principal, draftId: number): Promise<DraftView> {
  await ctx.repos.drafts.get(principal.workspaceId, draftId);
  await ctx.services.sendDraft(principal.workspaceId, draftId, principal.actor);
  return ctx.repos.drafts.get(principal.workspaceId, draftId);
}

/**
 * "Approve & send" from the web app: the reply waits out the workspace's undo window (default
 * 10 s) and then the `send_draft` job sends it; with a window of 0 it is sent at once. Returns
 * the draft, `sendAt` set while it can be undone.
 */
export async function approveAndSend(ctx: RouteContext, principal: Principal, draftId: number): Promise<DraftView> {
  const draft = await ctx.repos.drafts.get(principal.workspaceId, draftId);
  // Approved already (inside its window): the person asked to send it now.
  if (draft.status === 'approved') return sendDraft(ctx, principal, draftId);
  const settings = await ctx.repos.settings.get(principal.workspaceId);
  const seconds = settings.undoSendSeconds ?? DEFAULT_UNDO_SEND_SECONDS;
  if (seconds <= 0) return sendDraft(ctx, principal, draftId);
  return ctx.repos.transaction(async (tx) => {
    const scheduled = await scheduleSend(tx, {
      workspaceId: principal.workspaceId,
      draftId,
      actor: principal.actor,
      delayMs: seconds * 1_000,
    });
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'draft.approved',
      target: `draft:${draftId}`,
      detail: { messageId: scheduled.messageId, sendAt: scheduled.sendAt, ...auditVia(principal) },
    });
    return scheduled;
  });
}

export async function undoApproval(ctx: RouteContext, principal: Principal, draftId: number): Promise<DraftView> {
  return ctx.repos.transaction(async (tx) => {
    const draft = await undoSend(tx, principal.workspaceId, draftId);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'draft.undone',
      target: `draft:${draftId}`,
      detail: { messageId: draft.messageId, ...auditVia(principal) },
    });
    return draft;
  });
}

/** True when a person changed the text since it was last generated (regenerate would replace it). */
export async function hasEdits(ctx: RouteContext, principal: Principal, draftId: number): Promise<boolean> {
  const [latest] = await ctx.repos.drafts.versions(principal.workspaceId, draftId);
  return latest !== undefined && latest.kind !== 'generated';
}

export async function regenerateDraft(ctx: RouteContext, principal: Principal, messageId: number): Promise<void> {
  await ctx.repos.messages.get(principal.workspaceId, messageId);
  await ctx.services.regenerateDraft(principal.workspaceId, messageId, principal.actor);
  const draft = await ctx.repos.drafts.byMessage(principal.workspaceId, messageId);
  await ctx.repos.audit.append(principal.workspaceId, {
    actor: principal.auditActor,
    action: 'draft.regenerated',
    target: draft ? `draft:${draft.id}` : `message:${messageId}`,
    detail: { messageId, ...auditVia(principal) },
  });
}

export async function restoreVersion(
  ctx: RouteContext,
  principal: Principal,
  draftId: number,
  versionId: number,
): Promise<DraftView> {
  const versions = await ctx.repos.drafts.versions(principal.workspaceId, draftId);
  const version = versions.find((v) => v.id === versionId);
  if (!version) throw new DbError('not_found', 'That version of the draft was not found.');
  return ctx.repos.transaction(async (tx) => {
    const draft = await tx.drafts.updateText(
      principal.workspaceId,
      draftId,
      { subject: version.subject, text: version.text },
      { actor: principal.actor, kind: 'restored' },
    );
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'draft.restored',
      target: `draft:${draftId}`,
      detail: { messageId: draft.messageId, versionId, ...auditVia(principal) },
    });
    return draft;
  });
}

export async function discardDraft(ctx: RouteContext, principal: Principal, draftId: number): Promise<DraftView> {
  return ctx.repos.transaction(async (tx) => {
    const draft = await tx.drafts.setStatus(principal.workspaceId, draftId, 'discarded', 'discarded by a teammate');
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'draft.discarded',
      target: `draft:${draftId}`,
      detail: { messageId: draft.messageId, ...auditVia(principal) },
    });
    return draft;
  });
}

/** Done (or back to the queue): a person's call on any message, audited. */
export async function markDone(ctx: RouteContext, principal: Principal, messageIds: number[]): Promise<number[]> {
  return ctx.repos.transaction(async (tx) => {
    const changed = await tx.queue.markDone(principal.workspaceId, messageIds, principal.actor);
    for (const id of changed) {
      await tx.audit.append(principal.workspaceId, {
        actor: principal.auditActor,
        action: 'message.done',
        target: `message:${id}`,
        detail: auditVia(principal),
      });
    }
    return changed;
  });
}

export async function reopenMessage(ctx: RouteContext, principal: Principal, messageId: number): Promise<void> {
  await ctx.repos.transaction(async (tx) => {
    await tx.queue.reopen(principal.workspaceId, messageId);
    // A discarded draft is brought back with the message, so there is something to work on.
    const draft = await tx.drafts.byMessage(principal.workspaceId, messageId);
    if (draft?.status === 'discarded') await tx.drafts.setStatus(principal.workspaceId, draft.id, 'pending');
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'message.reopened',
      target: `message:${messageId}`,
      detail: auditVia(principal),
    });
  });
}
