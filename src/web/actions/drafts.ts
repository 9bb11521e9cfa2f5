/**
 * What a person can do with a draft: edit, approve & send, regenerate, discard. Every id is
 * looked up in the caller's workspace first, so a guessed id from another workspace is a 404
 * before any service is called.
 */
import type { DraftView } from '../../db/index.js';
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';

export async function editDraft(
  ctx: RouteContext,
  principal: Principal,
  draftId: number,
  edit: { text: string; subject?: string | undefined },
): Promise<DraftView> {
  return ctx.repos.drafts.updateText(principal.workspaceId, draftId, {
    text: edit.text,
    ...(edit.subject === undefined ? {} : { subject: edit.subject }),
  });
}

export async function sendDraft(ctx: RouteContext, principal: Principal, draftId: number): Promise<DraftView> {
  await ctx.repos.drafts.get(principal.workspaceId, draftId);
  await ctx.services.sendDraft(principal.workspaceId, draftId, principal.actor);
  return ctx.repos.drafts.get(principal.workspaceId, draftId);
}

export async function regenerateDraft(ctx: RouteContext, principal: Principal, messageId: number): Promise<void> {
  await ctx.repos.messages.get(principal.workspaceId, messageId);
  await ctx.services.regenerateDraft(principal.workspaceId, messageId, principal.actor);
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
