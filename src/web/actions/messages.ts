/** A message with what the reviewer needs beside it: its readable text and its draft. */
import type { DraftVersion, DraftView, QueueName, StoredMessage } from '../../db/index.js';
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
}

export async function loadMessage(ctx: RouteContext, workspaceId: number, id: number): Promise<MessageDetail> {
  const message = await ctx.repos.messages.get(workspaceId, id);
  const [raw, draft, thread, queue, inbox] = await Promise.all([
    ctx.repos.messages.getRaw(workspaceId, id),
    ctx.repos.drafts.byMessage(workspaceId, id),
    ctx.repos.messages.list(workspaceId, { inboxId: message.inboxId, threadKey: message.threadKey, limit: 20 }),
    ctx.repos.queue.queueOf(workspaceId, id),
    ctx.repos.inboxes.get(workspaceId, message.inboxId),
  ]);
  const versions = draft ? await ctx.repos.drafts.versions(workspaceId, draft.id) : [];
  const members = versions.some((v) => v.actor.startsWith('user:'))
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
  };
}
