/**
 * Connecting a store the way the Connect button does: test the credentials first, store them
 * only if the test passes, and record who did it. Used by the demo and the CLI so every path
 * that saves a token has tested it.
 */
import type { AuditActor, IntegrationView, Repositories } from '../db/index.js';
import type { AppServices } from './services.js';

export async function connectBigCommerce(
  repos: Repositories,
  services: Pick<AppServices, 'testBigCommerce'>,
  workspaceId: number,
  input: { storeHash: string; accessToken: string },
  actor: AuditActor,
): Promise<IntegrationView> {
  const report = await services.testBigCommerce(input);
  const scopes = Object.entries(report.scopes)
    .filter(([, granted]) => granted)
    .map(([scope]) => scope);
  return repos.transaction(async (tx) => {
    const integration = await tx.integrations.saveConnected(workspaceId, {
      storeHash: input.storeHash,
      storeName: report.store?.name ?? input.storeHash,
      accessToken: input.accessToken,
      scopes,
    });
    await tx.audit.append(workspaceId, {
      actor,
      action: 'integration.connected',
      target: `integration:${integration.id}`,
      detail: { storeHash: integration.storeHash, scopes },
    });
    return integration;
  });
}
