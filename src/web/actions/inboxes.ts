/** Inboxes as the pages and API show them: masked password, forwarding address, last mail seen. */
import type { InboxView } from '../../db/index.js';
import { auditVia, type Principal } from '../auth/principal.js';
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

/** An inbox's store: one connected store, or every connected store (`store_integration_id` null). */
export type StoreChoice = 'all' | number;

/** A new inbox uses the only store when there is one; otherwise it looks in all of them. */
export async function defaultStoreFor(ctx: RouteContext, workspaceId: number): Promise<number | null> {
  const stores = (await ctx.repos.integrations.list(workspaceId)).filter((i) => i.kind === 'bigcommerce');
  return stores.length === 1 ? (stores[0]?.id ?? null) : null;
}

/**
 * Maps an inbox to a store of its own workspace (the repository refuses any other with
 * not_found), or to all connected stores. Audited.
 */
export async function setInboxStore(
  ctx: RouteContext,
  principal: Principal,
  inboxId: number,
  store: StoreChoice,
): Promise<InboxView> {
  return ctx.repos.transaction(async (tx) => {
    const storeIntegrationId = store === 'all' ? null : store;
    const updated = await tx.inboxes.update(principal.workspaceId, inboxId, { storeIntegrationId });
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'inbox.updated',
      target: `inbox:${inboxId}`,
      detail: {
        store: storeIntegrationId === null ? 'all' : `integration:${storeIntegrationId}`,
        ...auditVia(principal),
      },
    });
    return updated;
  });
}
