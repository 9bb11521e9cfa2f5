/** JSON API for the workspace's reply settings. */
import type { FastifyInstance } from 'fastify';
import { workspaceSettingsPatchSchema } from '../../../shared/workspace-settings.js';
import { updateSettings } from '../../actions/settings.js';
import { requirePrincipal } from '../../auth/principal.js';
import type { RouteContext } from '../../context.js';
import { parseInput } from '../../validation.js';
import { llmView } from '../../actions/llm.js';

export function registerSettingsApi(app: FastifyInstance, ctx: RouteContext): void {
  app.get('/api/settings', async (request) => {
    const principal = requirePrincipal(request);
    const [settings, llm] = await Promise.all([
      ctx.repos.settings.get(principal.workspaceId),
      llmView(ctx, principal.workspaceId),
    ]);
    return { settings, llm };
  });

  app.put('/api/settings', async (request) => {
    const principal = requirePrincipal(request);
    const patch = parseInput(workspaceSettingsPatchSchema, request.body, 'settings');
    return { settings: await updateSettings(ctx, principal, patch) };
  });
}
