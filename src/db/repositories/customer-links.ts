/**
 * Conversations an agent linked to a store customer by hand (migration 019). A conversation is
 * (inbox, thread key) within a workspace; it has at most one link, and linking again replaces it.
 */
import { notFound } from '../errors.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { invalid, isId } from './util.js';

export interface Conversation {
  inboxId: number;
  threadKey: string;
}

export interface CustomerLinkView extends Conversation {
  id: number;
  workspaceId: number;
  integrationId: number;
  /** The store's customer id. */
  customerId: number;
  linkedBy: number | null;
  /** The agent's name (their email when they have none); null when the account was deleted. */
  linkedByName: string | null;
  linkedAt: string;
}

export interface CustomerLinkInput extends Conversation {
  integrationId: number;
  customerId: number;
  linkedBy: number;
}

export interface CustomerLinksRepository {
  get(workspaceId: number, conversation: Conversation): Promise<CustomerLinkView | null>;
  /** Links (or re-links) the conversation; the inbox and store must be this workspace's. */
  link(workspaceId: number, input: CustomerLinkInput): Promise<CustomerLinkView>;
  /** The link that was removed, or null when there was none. */
  unlink(workspaceId: number, conversation: Conversation): Promise<CustomerLinkView | null>;
}

function checkConversation(conversation: Conversation): void {
  if (!isId(conversation.inboxId)) throw notFound('Inbox');
  if (
    typeof conversation.threadKey !== 'string' ||
    conversation.threadKey === '' ||
    conversation.threadKey.length > 2_000
  ) {
    throw invalid('A conversation needs its thread key.');
  }
}

export function createCustomerLinksRepository(ctx: RepoContext): CustomerLinksRepository {
  async function get(workspaceId: number, conversation: Conversation): Promise<CustomerLinkView | null> {
    checkConversation(conversation);
    const row = await ctx.db
      .selectFrom('customer_links as l')
      .leftJoin('users as u', 'u.id', 'l.linked_by')
      .selectAll('l')
      .select(['u.name as user_name', 'u.email as user_email'])
      .where('l.workspace_id', '=', workspaceId)
      .where('l.inbox_id', '=', conversation.inboxId)
      .where('l.thread_key', '=', conversation.threadKey)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      workspaceId: row.workspace_id,
      inboxId: row.inbox_id,
      threadKey: row.thread_key,
      integrationId: row.integration_id,
      customerId: row.customer_id,
      linkedBy: row.linked_by,
      linkedByName: row.user_name || row.user_email || null,
      linkedAt: row.linked_at,
    };
  }

  return {
    get,

    async link(workspaceId, input) {
      checkConversation(input);
      if (!isId(input.customerId)) throw invalid('A store customer id is a positive whole number.');
      if (!isId(input.integrationId)) throw notFound('Store');
      if (!isId(input.linkedBy)) throw invalid('A link is made by a person.');
      const integration = await ctx.db
        .selectFrom('integrations')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', input.integrationId)
        .executeTakeFirst();
      if (!integration) throw notFound('Store');
      const values = {
        integration_id: input.integrationId,
        customer_id: input.customerId,
        linked_by: input.linkedBy,
        linked_at: nowIso(ctx),
      };
      // The composite foreign key refuses another workspace's inbox.
      await ctx.db
        .insertInto('customer_links')
        .values({ workspace_id: workspaceId, inbox_id: input.inboxId, thread_key: input.threadKey, ...values })
        .onConflict((oc) => oc.columns(['workspace_id', 'inbox_id', 'thread_key']).doUpdateSet(values))
        .execute();
      const saved = await get(workspaceId, input);
      if (!saved) throw notFound('Link');
      return saved;
    },

    async unlink(workspaceId, conversation) {
      const existing = await get(workspaceId, conversation);
      if (!existing) return null;
      await ctx.db
        .deleteFrom('customer_links')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', existing.id)
        .execute();
      return existing;
    },
  };
}
