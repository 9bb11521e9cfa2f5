/**
 * Linking a conversation to the right store customer by hand, and undoing it. The customer must be
 * one the agent's own search just found (the search runs again here), the link and its audit entry
 * are one transaction, and the draft is regenerated with that customer's data right after.
 */
import type { CustomerLinkView } from '../../db/index.js';
import type { CustomerSearchQuery } from '../../shared/customer-search.js';
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';
import { HttpError } from '../errors.js';
import { regenerateDraft } from './drafts.js';

function personOf(principal: Principal): number {
  if (principal.userId === null) {
    throw new HttpError(403, 'forbidden', 'Only a person signed in to the web app can link a customer.');
  }
  return principal.userId;
}

export async function linkCustomer(
  ctx: RouteContext,
  principal: Principal,
  messageId: number,
  query: CustomerSearchQuery,
  customerId: number,
): Promise<CustomerLinkView> {
  const userId = personOf(principal);
  const message = await ctx.repos.messages.get(principal.workspaceId, messageId);
  const { integration, result } = await ctx.services.searchCustomers(principal.workspaceId, messageId, query);
  if (!result.customers.some((c) => c.id === customerId)) {
    throw new HttpError(400, 'invalid_input', 'That customer is not among the search results: search again.');
  }
  const link = await ctx.repos.transaction(async (tx) => {
    const saved = await tx.customerLinks.link(principal.workspaceId, {
      inboxId: message.inboxId,
      threadKey: message.threadKey,
      integrationId: integration.id,
      customerId,
      linkedBy: userId,
    });
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'customer.linked',
      target: `message:${messageId}`,
      detail: { customerId, integrationId: integration.id, ...auditVia(principal) },
    });
    return saved;
  });
  await regenerateDraft(ctx, principal, messageId);
  return link;
}

/** Removes the link (the sender's address decides again) and regenerates the draft; false when there was none. */
export async function unlinkCustomer(ctx: RouteContext, principal: Principal, messageId: number): Promise<boolean> {
  personOf(principal);
  const message = await ctx.repos.messages.get(principal.workspaceId, messageId);
  const removed = await ctx.repos.transaction(async (tx) => {
    const gone = await tx.customerLinks.unlink(principal.workspaceId, {
      inboxId: message.inboxId,
      threadKey: message.threadKey,
    });
    if (gone) {
      await tx.audit.append(principal.workspaceId, {
        actor: principal.auditActor,
        action: 'customer.unlinked',
        target: `message:${messageId}`,
        detail: { customerId: gone.customerId, ...auditVia(principal) },
      });
    }
    return gone;
  });
  if (removed) await regenerateDraft(ctx, principal, messageId);
  return removed !== null;
}
