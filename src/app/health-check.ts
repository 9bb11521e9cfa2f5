/**
 * The periodic health check: every connected store is re-tested in the background, so a token
 * that was deleted or regenerated, or a scope that was removed, shows as "broken" with the reason
 * on the Integrations page before a customer email finds out.
 */
import type { ConnectionReport } from '../bigcommerce/index.js';
import { isBigCommerceError } from '../bigcommerce/index.js';
import type { Repositories } from '../db/index.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';

/** Codes that mean the connection itself is broken; anything else (5xx, 429, timeout) is transient. */
const BROKEN_CODES = new Set(['invalid_token', 'invalid_store_hash', 'missing_scope', 'store_access_denied']);

export interface HealthCheckDeps {
  repos: Repositories;
  testBigCommerce(input: { storeHash: string; accessToken: string }): Promise<ConnectionReport>;
  logger: Logger;
}

export interface HealthCheckResult {
  checked: number;
  broken: number;
  recovered: number;
}

/** One pass over every integration; a failure of one never stops the others. */
export async function checkIntegrations(deps: HealthCheckDeps): Promise<HealthCheckResult> {
  const result: HealthCheckResult = { checked: 0, broken: 0, recovered: 0 };
  for (const { workspaceId, id } of await deps.repos.integrations.listForHealthCheck()) {
    try {
      const current = await deps.repos.integrations.getWithSecret(workspaceId, id);
      result.checked++;
      try {
        const report = await deps.testBigCommerce({ storeHash: current.storeHash, accessToken: current.accessToken });
        await deps.repos.integrations.markChecked(workspaceId, id, {
          scopes: Object.entries(report.scopes)
            .filter(([, granted]) => granted)
            .map(([scope]) => scope),
          ...(report.store?.name ? { storeName: report.store.name } : {}),
        });
        if (current.status === 'broken') {
          result.recovered++;
          await audit(deps, workspaceId, id, { ok: true, code: null });
        }
      } catch (error) {
        if (!isBigCommerceError(error) || !BROKEN_CODES.has(error.code)) {
          deps.logger.warn({ workspaceId, integrationId: id, err: describeError(error) }, 'health check inconclusive');
          continue;
        }
        await deps.repos.integrations.markBroken(workspaceId, id, error.message);
        if (current.status !== 'broken') {
          result.broken++;
          await audit(deps, workspaceId, id, { ok: false, code: error.code });
        }
      }
    } catch (error) {
      deps.logger.error({ workspaceId, integrationId: id, err: describeError(error) }, 'health check failed');
    }
  }
  return result;
}

async function audit(
  deps: HealthCheckDeps,
  workspaceId: number,
  id: number,
  detail: { ok: boolean; code: string | null },
): Promise<void> {
  await deps.repos.audit.append(workspaceId, {
    actor: 'system',
    action: 'integration.retested',
    target: `integration:${id}`,
    detail: { ...detail, via: 'health-check' },
  });
}

/**
 * Runs `checkIntegrations` every `intervalMs` (never overlapping); returns a stop function. With
 * `shouldRun` (several worker processes: "did this process take the lease for this round?") a
 * round is skipped when it says no.
 */
export function startHealthChecks(
  deps: HealthCheckDeps & { shouldRun?: () => Promise<boolean> },
  intervalMs: number,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    (deps.shouldRun ? deps.shouldRun() : Promise.resolve(true))
      .then((go) => (go ? checkIntegrations(deps) : null))
      .then((result) => result && deps.logger.debug(result, 'integration health check'))
      .catch((error: unknown) => deps.logger.error({ err: describeError(error) }, 'health check pass failed'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
