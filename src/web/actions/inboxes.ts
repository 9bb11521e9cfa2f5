/**
 * Inboxes as the pages and API show them: whether a password is set (never any part of it), the
 * forwarding address, the old `inbox-<id>@` address while the owner keeps it on, last mail seen.
 */
import type { ForwardingCheckView, ForwardingConfirmationView, InboxView, MessageSource } from '../../db/index.js';
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';
import type { MailboxStatus } from '../services.js';

export interface InboxSummary extends Omit<InboxView, 'forwardingToken'> {
  /** Where to forward mail so Snoooz receives it over SMTP (`inbox-<token>@…`), when the receiver is on. */
  forwardingAddress: string | null;
  /** The old, guessable `inbox-<id>@…` address while `legacyForwarding` is on and the receiver runs. */
  legacyForwardingAddress: string | null;
  lastMessageAt: string | null;
  /** The newest message and how it arrived (null source: stored before paths were recorded). */
  lastArrival: { at: string; source: MessageSource | null } | null;
  /** The newest "Send a test message" check. */
  check: ForwardingCheckView | null;
  /** The newest forwarding confirmation a provider sent to this inbox. */
  confirmation: ForwardingConfirmationView | null;
  appendDraftsToFolder: boolean;
  /** The IMAP watcher's state, when one runs for this inbox. */
  watcher: MailboxStatus | null;
  /** How mail arrives: IMAP polling, SMTP forwarding, or only the HTTP API. */
  mode: 'imap' | 'forwarding' | 'api';
  /** Whose Authentication-Results it trusts (a preset or an authserv-id); null: nobody's. */
  trustedAuthservId?: string | null;
}

export async function inboxSummaries(ctx: RouteContext, workspaceId: number): Promise<InboxSummary[]> {
  const inboxes = await ctx.repos.inboxes.list(workspaceId);
  return Promise.all(inboxes.map((inbox) => summarize(ctx, workspaceId, inbox)));
}

export async function summarize(ctx: RouteContext, workspaceId: number, inbox: InboxView): Promise<InboxSummary> {
  const [latest, prefs, trustedAuthservId, check, confirmation] = await Promise.all([
    ctx.repos.messages.list(workspaceId, { inboxId: inbox.id, limit: 1 }),
    ctx.prefs.inbox(workspaceId, inbox.id),
    ctx.repos.senderAuth.trustedAuthserv(workspaceId, inbox.id),
    ctx.repos.forwarding.latestCheck(workspaceId, inbox.id),
    ctx.repos.forwarding.latestConfirmation(workspaceId, inbox.id),
  ]);
  const forwardingAddress = ctx.services.config.smtpReceiverAddressFor(inbox);
  const legacyForwardingAddress = ctx.services.config.smtpReceiverLegacyAddressFor?.(inbox) ?? null;
  // The token is shown as part of the address only.
  const { forwardingToken: _token, ...view } = inbox;
  return {
    ...view,
    forwardingAddress,
    legacyForwardingAddress,
    lastMessageAt: latest[0]?.receivedAt ?? null,
    lastArrival: latest[0] ? { at: latest[0].receivedAt, source: latest[0].source } : null,
    check,
    confirmation,
    appendDraftsToFolder: prefs.appendDraftsToFolder,
    watcher: inbox.imap ? (ctx.services.mailboxStatus?.(workspaceId, inbox.id) ?? null) : null,
    mode: inbox.imap ? 'imap' : forwardingAddress ? 'forwarding' : 'api',
    trustedAuthservId,
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

/**
 * Keeps or stops accepting the old, guessable forwarding address `inbox-<id>@…` for an inbox
 * (its `inbox-<token>@…` address always works). Audited.
 */
export async function setLegacyForwarding(
  ctx: RouteContext,
  principal: Principal,
  inboxId: number,
  enabled: boolean,
): Promise<InboxView> {
  return ctx.repos.transaction(async (tx) => {
    const updated = await tx.inboxes.update(principal.workspaceId, inboxId, { legacyForwarding: enabled });
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'inbox.updated',
      target: `inbox:${inboxId}`,
      detail: { legacyForwardingAddress: enabled ? 'accepted' : 'refused', ...auditVia(principal) },
    });
    return updated;
  });
}

/** A new forwarding address for an inbox; the previous one stops working at once. Audited. */
export async function rotateForwardingAddress(
  ctx: RouteContext,
  principal: Principal,
  inboxId: number,
): Promise<InboxView> {
  return ctx.repos.transaction(async (tx) => {
    const updated = await tx.inboxes.rotateForwardingToken(principal.workspaceId, inboxId);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'inbox.updated',
      target: `inbox:${inboxId}`,
      detail: { forwardingAddress: 'replaced', ...auditVia(principal) },
    });
    return updated;
  });
}

/** Starts a "Send a test message" check for an inbox of the workspace. Audited. */
export async function startForwardingCheck(
  ctx: RouteContext,
  principal: Principal,
  inboxId: number,
): Promise<ForwardingCheckView> {
  return ctx.repos.transaction(async (tx) => {
    const check = await tx.forwarding.startCheck(principal.workspaceId, inboxId, principal.auditActor);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'inbox.updated',
      target: `inbox:${inboxId}`,
      detail: { forwardingCheck: 'started', ...auditVia(principal) },
    });
    return check;
  });
}
