/** Reply settings changes: validated by the settings repository as a whole, then audited. */
import type { WorkspaceSettings } from '../../assistant/types.js';
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';

export async function updateSettings(
  ctx: RouteContext,
  principal: Principal,
  patch: Record<string, unknown>,
): Promise<WorkspaceSettings> {
  return ctx.repos.transaction(async (tx) => {
    const settings = await tx.settings.update(principal.workspaceId, patch);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'settings.changed',
      target: 'settings',
      detail: { fields: Object.keys(patch).sort(), ...auditVia(principal) },
    });
    return settings;
  });
}
