/**
 * The agent's search for the right store customer from a conversation (the Store data panel), and
 * the store a conversation's link belongs to. Read-only: the store answers GET requests only.
 */
import type { IntegrationView, Repositories } from '../db/index.js';
import { AppError } from '../shared/errors.js';
import type { CustomerSearchQuery, CustomerSearchResult } from '../shared/customer-search.js';
import type { StoreDataSource } from '../shared/store-data.js';

export interface ConversationStoreSearch {
  integration: IntegrationView;
  result: CustomerSearchResult;
}

/**
 * The store a message's conversation is answered from: the inbox's mapped store, else the only
 * connected one (with several unmapped stores the agent maps the inbox first, so a link always
 * names one store).
 */
export async function storeForMessage(
  repos: Repositories,
  workspaceId: number,
  messageId: number,
): Promise<IntegrationView> {
  const message = await repos.messages.get(workspaceId, messageId);
  const inbox = await repos.inboxes.get(workspaceId, message.inboxId);
  const stores = (await repos.integrations.list(workspaceId)).filter((i) => i.kind === 'bigcommerce');
  const mapped = inbox.storeIntegrationId === null ? undefined : stores.find((i) => i.id === inbox.storeIntegrationId);
  const chosen = mapped ?? (stores.length === 1 ? stores[0] : undefined);
  if (!chosen) {
    throw new AppError(
      'store_not_chosen',
      stores.length === 0
        ? 'Connect a BigCommerce store first (Integrations).'
        : 'This inbox looks customers up in several stores: choose its store on the Inboxes page to link a customer.',
    );
  }
  if (chosen.status === 'broken') {
    throw new AppError(
      'integration_broken',
      `The store ${chosen.storeName ?? chosen.storeHash} needs reconnecting first.`,
    );
  }
  return chosen;
}

export async function searchConversationStore(
  repos: Repositories,
  openStore: (input: { storeHash: string; accessToken: string }) => StoreDataSource,
  workspaceId: number,
  messageId: number,
  query: CustomerSearchQuery,
): Promise<ConversationStoreSearch> {
  const integration = await storeForMessage(repos, workspaceId, messageId);
  const { storeHash, accessToken } = await repos.integrations.getWithSecret(workspaceId, integration.id);
  const store = openStore({ storeHash, accessToken });
  if (!store.searchCustomers) throw new AppError('not_supported', 'This store offers no customer search.');
  return { integration, result: await store.searchCustomers(query) };
}
