/** Inboxes as the pages and API show them: masked password, forwarding address, last mail seen. */
import type { InboxView } from '../../db/index.js';
import type { RouteContext } from '../context.js';
import type { MailboxStatus } from '../services.js';

export interface InboxSummary extends InboxView {
  /** Where to forward mail so Snoooz receives it over SMTP, when the receiver is on. */
  forwardingAddress: string | null;
  lastMessageAt: string | null;
  appendDraftsToFolder: boolean;
  /** The IMAP watcher's state, when one runs for this inbox. */
  watcher: MailboxStatus | null;
  /** How mail arrives: IMAP polling, SMTP forwarding, or only the HTTP API. */
  mode: 'imap' | 'forwarding' | 'api';
}

export async function inboxSummaries(ctx: RouteContext, workspaceId: number): Promise<InboxSummary[]> {
  const inboxes = await ctx.repos.inboxes.list(workspaceId);
  return Promise.all(inboxes.map((inbox) => summarize(ctx, workspaceId, inbox)));
}

export async function summarize(ctx: RouteContext, workspaceId: number, inbox: InboxView): Promise<InboxSummary> {
  const [latest, prefs] = await Promise.all([
    ctx.repos.messages.list(workspaceId, { inboxId: inbox.id, limit: 1 }),
    ctx.prefs.inbox(workspaceId, inbox.id),
  ]);
  const forwardingAddress = ctx.services.config.smtpReceiverAddressFor({ id: inbox.id, address: inbox.address });
  return {
    ...inbox,
    forwardingAddress,
    lastMessageAt: latest[0]?.receivedAt ?? null,
    appendDraftsToFolder: prefs.appendDraftsToFolder,
    watcher: inbox.imap ? (ctx.services.mailboxStatus?.(workspaceId, inbox.id) ?? null) : null,
    mode: inbox.imap ? 'imap' : forwardingAddress ? 'forwarding' : 'api',
  };
}
