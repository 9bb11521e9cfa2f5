/**
 * Connect, re-test and disconnect a BigCommerce store. Shared by the pages and the JSON API so
 * both follow the help article exactly: the integration must be enabled for the workspace
 * (available by request), the connection is tested before anything is saved, and every change
 * is audited. Tokens go to the repository (encrypted) and never come back out of here.
 */
import { isBigCommerceError, parseStoreHash, type ConnectionReport } from '../../bigcommerce/index.js';
import type { IntegrationView } from '../../db/index.js';
import { auditVia, type Principal } from '../auth/principal.js';
import type { RouteContext } from '../context.js';
import { HttpError, firstLine } from '../errors.js';

export const SCOPE_NAMES: Record<string, string> = {
  customers: 'Customers',
  orders: 'Orders',
  products: 'Products',
  information: 'Information & Settings',
  shipments: 'Shipments (via Orders)',
};

export interface ConnectProblem {
  code: string;
  /** A short headline, e.g. "Wrong store hash". */
  title: string;
  /** The one-line explanation from the connection test. */
  message: string;
  /** Which form field to look at. */
  field: 'storeHash' | 'accessToken' | null;
  missingScopes: string[];
  /** What to check, in the merchant's words (from the help article's troubleshooting list). */
  checks: string[];
}

export type ConnectOutcome =
  { ok: true; integration: IntegrationView; warnings: string[] } | { ok: false; problem: ConnectProblem };

export const NOT_ENABLED_MESSAGE =
  'The BigCommerce integration is available by request and is not enabled for this workspace: contact support to enable it.';

export async function requireEnabled(ctx: RouteContext, workspaceId: number): Promise<void> {
  if (!(await ctx.repos.workspaces.isIntegrationEnabled(workspaceId, 'bigcommerce'))) {
    throw new HttpError(403, 'integration_not_enabled', NOT_ENABLED_MESSAGE);
  }
}

export function workingScopes(scopes: ConnectionReport['scopes']): string[] {
  return Object.entries(scopes)
    .filter(([, ok]) => ok)
    .map(([name]) => name);
}

export async function connectBigCommerce(
  ctx: RouteContext,
  principal: Principal,
  input: { storeHash: string; accessToken: string },
): Promise<ConnectOutcome> {
  await requireEnabled(ctx, principal.workspaceId);
  let storeHash: string;
  let report: ConnectionReport;
  try {
    storeHash = parseStoreHash(input.storeHash);
    report = await ctx.services.testBigCommerce({ storeHash, accessToken: input.accessToken.trim() });
  } catch (error) {
    if (isBigCommerceError(error)) return { ok: false, problem: describeProblem(error) };
    throw error;
  }
  const scopes = workingScopes(report.scopes);
  const integration = await ctx.repos.transaction(async (tx) => {
    const saved = await tx.integrations.saveConnected(principal.workspaceId, {
      storeHash,
      storeName: report.store?.name ?? `Store ${storeHash}`,
      accessToken: input.accessToken.trim(),
      scopes,
    });
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'integration.connected',
      target: `integration:${saved.id}`,
      detail: { kind: 'bigcommerce', storeHash, scopes, ...auditVia(principal) },
    });
    return saved;
  });
  return { ok: true, integration, warnings: report.warnings };
}

export async function retestIntegration(
  ctx: RouteContext,
  principal: Principal,
  id: number,
): Promise<{ integration: IntegrationView; problem: ConnectProblem | null }> {
  const current = await ctx.repos.integrations.getWithSecret(principal.workspaceId, id);
  let integration: IntegrationView;
  let problem: ConnectProblem | null = null;
  try {
    const report = await ctx.services.testBigCommerce({
      storeHash: current.storeHash,
      accessToken: current.accessToken,
    });
    integration = await ctx.repos.integrations.markChecked(principal.workspaceId, id, {
      scopes: workingScopes(report.scopes),
      ...(report.store?.name ? { storeName: report.store.name } : {}),
    });
  } catch (error) {
    if (!isBigCommerceError(error)) throw error;
    problem = describeProblem(error);
    integration = await ctx.repos.integrations.markBroken(
      principal.workspaceId,
      id,
      `${problem.title}: ${problem.message}`,
    );
  }
  await ctx.repos.audit.append(principal.workspaceId, {
    actor: principal.auditActor,
    action: 'integration.retested',
    target: `integration:${id}`,
    detail: { ok: problem === null, code: problem?.code ?? null, ...auditVia(principal) },
  });
  return { integration, problem };
}

export async function disconnectIntegration(ctx: RouteContext, principal: Principal, id: number): Promise<void> {
  await ctx.repos.transaction(async (tx) => {
    const found = await tx.integrations.get(principal.workspaceId, id);
    await tx.integrations.disconnect(principal.workspaceId, id);
    await tx.audit.append(principal.workspaceId, {
      actor: principal.auditActor,
      action: 'integration.disconnected',
      target: `integration:${id}`,
      detail: { kind: found.kind, storeHash: found.storeHash, ...auditVia(principal) },
    });
  });
}

function describeProblem(error: { code: string; message: string; missingScopes?: string[] }): ConnectProblem {
  const message = firstLine(error.message);
  switch (error.code) {
    case 'invalid_store_hash':
      return {
        code: error.code,
        title: 'Wrong store hash',
        message,
        field: 'storeHash',
        missingScopes: [],
        checks: [
          'Your store hash is correct: it is the part after /stores/ in the API path, e.g. abc123def in https://api.bigcommerce.com/stores/abc123def/v3/customers.',
          'The token was created in the same store.',
        ],
      };
    case 'invalid_token':
      return {
        code: error.code,
        title: 'Access token not accepted',
        message,
        field: 'accessToken',
        missingScopes: [],
        checks: [
          'Your access token is valid and was copied in full.',
          'The token has not been deleted or regenerated in BigCommerce (Settings → API Accounts).',
        ],
      };
    case 'missing_scope': {
      const missing = error.missingScopes ?? [];
      const names = missing.map((s) => SCOPE_NAMES[s] ?? s);
      return {
        code: error.code,
        title: `Missing scope: ${names.join(', ') || 'a required read scope'}`,
        message,
        field: 'accessToken',
        missingScopes: missing,
        checks: [
          `The API account has read access to ${names.join(' and ') || 'customers and orders'} (Settings → API Accounts → edit the account).`,
          'Snoooz needs read-only access to Customers and Orders; Products and Information & Settings are recommended.',
        ],
      };
    }
    default:
      return {
        code: error.code,
        title: 'BigCommerce could not be checked',
        message,
        field: null,
        missingScopes: [],
        checks: ['Try again in a minute.', 'Check status.bigcommerce.com if it keeps failing.'],
      };
  }
}
