/**
 * What a person does to a conversation as a whole: assign it (to themself, a member, nobody) and
 * add an internal note. Both are reached through one of its messages, looked up in the caller's
 * workspace first, and audited in the same transaction. A note's text never goes into the audit
 * log (its length does), into outgoing mail or to the AI model: only the history shows it.
 */
import type { ConversationNote } from '../../db/index.js';
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';
import { HttpError } from '../errors.js';

/** Whom to assign: a member's user id, the person asking, or nobody. */
export type AssignTarget = number | 'me' | null;

export async function assignConversation(
  ctx: RouteContext,
  principal: Principal,
  messageId: number,
  target: AssignTarget,
): Promise<{ from: number | null; to: number | null }> {
  if (target === 'me' && principal.userId === null) {
    throw new HttpError(400, 'invalid_input', 'An API token is nobody to assign to: name a member.');
  }
  const userId = target === 'me' ? principal.userId : target;
  return ctx.repos.transaction(async (tx) => {
    const ref = await tx.conversations.ofMessage(principal.workspaceId, messageId);
    const change = await tx.conversations.assign(ref, userId, principal.actor);
    if (change.from !== change.to) {
      await tx.audit.append(principal.workspaceId, {
        actor: principal.auditActor,
        action: 'conversation.assigned',
        target: `message:${messageId}`,
        detail: { inboxId: ref.inboxId, from: change.from, to: change.to, ...auditVia(principal) },
      });
    }
    return change;
  });
}

export async function addConversationNote(
  ctx: RouteContext,
  principal: Principal,
  messageId: number,
  body: string,
): Promise<ConversationNote> {
  return ctx.repos.transaction(async (tx) => {
    const ref = await tx.conversations.ofMessage(principal.workspaceId, messageId);
    const note = await tx.conversations.addNote(ref, {
      authorUserId: principal.userId,
      authorActor: principal.actor,
      body,
    });
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'conversation.note_added',
      target: `message:${messageId}`,
      detail: { inboxId: ref.inboxId, noteId: note.id, length: note.body.length, ...auditVia(principal) },
    });
    return note;
  });
}
