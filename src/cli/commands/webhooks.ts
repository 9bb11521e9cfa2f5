/**
 * `snoooz webhooks register|unregister|status --workspace SLUG`: the opt-in BigCommerce webhooks
 * (see src/app/webhooks.ts). Registering is the one write Snoooz makes to BigCommerce, to its own
 * subscriptions at /v3/hooks, never to customers, orders, products or inventory.
 */
import type { Command } from 'commander';
import { resolveApiUrl } from '../../bigcommerce/config.js';
import { createStoreProvider } from '../../app/stores.js';
import { createWebhookService, PUBLIC_URL_ENV, type WebhookService } from '../../app/webhooks.js';
import type { Repositories } from '../../db/index.js';
import { InputError } from '../../shared/errors.js';
import { silentLogger } from '../../shared/logger.js';
import { withDatabase } from './admin-db.js';

interface Options {
  workspace: string;
  publicUrl?: string;
  apiUrl?: string;
}

export function registerWebhooksCommand(program: Command): void {
  const webhooks = program
    .command('webhooks')
    .description('Opt-in BigCommerce webhooks: order and shipment changes refresh drafts at once');
  const common = (command: Command) =>
    command
      .requiredOption('--workspace <slug>', 'workspace slug')
      .option('--api-url <url>', 'BigCommerce API base (default: BIGCOMMERCE_API_URL or https://api.bigcommerce.com)');

  common(webhooks.command('register').description('Register the webhooks of every store of the workspace'))
    .option('--public-url <url>', `public HTTPS base of Snoooz (default: ${PUBLIC_URL_ENV})`)
    .action((options: Options) =>
      run(options, async (service, workspaceId, integrationId) => {
        const result = await service.register(workspaceId, integrationId);
        return `registered ${result.hooks.length} hook(s) → ${result.destination ?? ''}`;
      }),
    );
  common(webhooks.command('unregister').description('Remove the webhooks Snoooz registered')).action(
    (options: Options) =>
      run(options, async (service, workspaceId, integrationId) => {
        const result = await service.unregister(workspaceId, integrationId);
        return `removed ${result.removed} hook(s)`;
      }),
  );
  common(webhooks.command('status').description('Show whether webhooks are registered')).action((options: Options) =>
    run(options, async (service, workspaceId, integrationId) => {
      const status = await service.status(workspaceId, integrationId);
      return status.registered
        ? `registered since ${status.registeredAt ?? '?'} → ${status.destination ?? ''}`
        : 'not registered';
    }),
  );
}

async function run(
  options: Options,
  each: (service: WebhookService, workspaceId: number, integrationId: number) => Promise<string>,
): Promise<void> {
  await withDatabase(async (repos: Repositories, db) => {
    const workspace = await repos.workspaces.bySlug(options.workspace);
    if (!workspace) throw new InputError('not_found', `No workspace "${options.workspace}".`);
    const apiUrl = resolveApiUrl(options.apiUrl);
    const service = createWebhookService({
      db,
      repos,
      stores: createStoreProvider({ apiUrl }),
      apiUrl,
      publicUrl: options.publicUrl?.trim() || process.env[PUBLIC_URL_ENV]?.trim() || null,
      logger: silentLogger,
      compose: async () => null,
    });
    const integrations = (await repos.integrations.list(workspace.id)).filter((i) => i.kind === 'bigcommerce');
    if (integrations.length === 0)
      throw new InputError('not_found', `"${options.workspace}" has no BigCommerce store.`);
    for (const integration of integrations) {
      const line = await each(service, workspace.id, integration.id);
      process.stdout.write(`${integration.storeName} (${integration.storeHash}): ${line}\n`);
    }
  });
}
