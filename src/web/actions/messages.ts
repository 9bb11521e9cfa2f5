/** A message with what the reviewer needs beside it: its readable text, its draft, its conversation. */
import type {
  ConversationNote,
  DraftVersion,
  DraftView,
  HistoryMessage,
  HistoryReply,
  QueueName,
  StoredMessage,
} from '../../db/index.js';
import { parseEmail } from '../../email/index.js';
import type { RouteContext } from '../context.js';

export interface MessageDetail {
  message: StoredMessage;
  email: { text: string; to: string[]; date: string | null; attachments: number };
  draft: DraftView | null;
  /** The other messages of the same conversation in this inbox, newest first. */
  conversation: StoredMessage[];
  /** Every version of the draft, newest first (empty without a draft). */
  versions: DraftVersion[];
  /** Where the message stands in the work queue. */
  queue: QueueName;
  /** Names of the people behind the versions' actors (`user:<id>` → name), members of this workspace only. */
  actorNames: Record<string, string>;
  /** The inbox the reply goes out through; without SMTP it cannot send. */
  inbox: { id: number; name: string; address: string; hasSmtp: boolean };
  /** Who works the conversation; null: unassigned. */
  assignee: { userId: number; name: string; assignedAt: string } | null;
  /** The conversation's internal notes, oldest first (never sent, never given to the model). */
  notes: ConversationNote[];
  /** The conversation in time order: its customer messages and the replies that went out (or are leaving). */
  history: { messages: HistoryMessage[]; replies: HistoryReply[] };
  /** The conversation's newest message (the one whose draft answers it); this one's id when it is the newest. */
  newestMessageId: number;
}

export async function loadMessage(ctx: RouteContext, workspaceId: number, id: number): Promise<MessageDetail> {
  const message = await ctx.repos.messages.get(workspaceId, id);
  const ref = { workspaceId, inboxId: message.inboxId, threadKey: message.threadKey };
  const [raw, draft, thread, queue, inbox, history, assignee] = await Promise.all([
    ctx.repos.messages.getRaw(workspaceId, id),
    ctx.repos.drafts.byMessage(workspaceId, id),
    ctx.repos.messages.list(workspaceId, { inboxId: message.inboxId, threadKey: message.threadKey, limit: 20 }),
    ctx.repos.queue.queueOf(workspaceId, id),
    ctx.repos.inboxes.get(workspaceId, message.inboxId),
    ctx.repos.conversations.history(ref),
    ctx.repos.conversations.assignee(ref),
  ]);
  const versions = draft ? await ctx.repos.drafts.versions(workspaceId, draft.id) : [];
  const actors = [...versions.map((v) => v.actor), ...history.replies.map((r) => r.approvedBy ?? '')];
  const members = actors.some((actor) => actor.startsWith('user:'))
    ? await ctx.repos.users.listMembers(workspaceId)
    : [];
  const actorNames = Object.fromEntries(members.map((m) => [`user:${m.user.id}`, m.user.name || m.user.email]));
  const conversation = thread.filter((other) => other.id !== message.id);
  let email: MessageDetail['email'];
  try {
    const parsed = await parseEmail(raw);
    email = { text: parsed.text, to: parsed.to, date: parsed.date, attachments: parsed.attachments.length };
  } catch {
    // Stored mail that no longer parses is still shown, as its source.
    email = { text: raw.toString('utf8').slice(0, 200_000), to: [], date: null, attachments: 0 };
  }
  return {
    message,
    email,
    draft,
    conversation,
    versions,
    queue,
    actorNames,
    inbox: { id: inbox.id, name: inbox.name, address: inbox.address, hasSmtp: inbox.smtp !== null },
    assignee: assignee && { userId: assignee.userId, name: assignee.name, assignedAt: assignee.assignedAt },
    notes: history.notes,
    // This message's own reply shows in the history once it has gone out; until then the
    // editor (or the undo window) at the bottom of the page is where it is.
    history: {
      messages: history.messages,
      replies: history.replies.filter((r) => r.messageId !== message.id || r.status === 'sent'),
    },
    newestMessageId: history.messages[history.messages.length - 1]?.id ?? message.id,
  };
}
