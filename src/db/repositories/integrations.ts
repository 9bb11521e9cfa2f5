/**
 * A workspace's connection to a store. The access token lives in `secrets`; what leaves this
 * module is the masked view, except from `getWithSecret`, which the store client calls right
 * before it needs the token.
 */
import { DbError, notFound } from '../errors.js';
import type { IntegrationKind, IntegrationStatus } from '../schema.js';
import { maskLast4 } from '../secrets.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { createSecretsRepository } from './secrets.js';
import { invalid, isId, parseJson, requireText } from './util.js';

export interface IntegrationView {
  id: number;
  workspaceId: number;
  kind: IntegrationKind;
  storeHash: string;
  storeName: string;
  status: IntegrationStatus;
  statusReason: string | null;
  scopes: string[];
  lastCheckedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** e.g. `••••abcd` */
  accessTokenMasked: string;
}

export interface ConnectInput {
  storeHash: string;
  storeName: string;
  accessToken: string;
  scopes: string[];
}

export interface IntegrationsRepository {
  /**
   * Stores a tested connection (or refreshes the token of an existing one for the same store).
   * Fails with `integration_not_enabled` unless an operator enabled the kind for the workspace.
   */
  saveConnected(workspaceId: number, input: ConnectInput, kind?: IntegrationKind): Promise<IntegrationView>;
  get(workspaceId: number, id: number): Promise<IntegrationView>;
  list(workspaceId: number): Promise<IntegrationView[]>;
  /** Decrypts the token: call at the moment of use and never pass the result to a client. */
  getWithSecret(workspaceId: number, id: number): Promise<IntegrationView & { accessToken: string }>;
  /** A re-test succeeded: back to `connected`, with the scopes the token has now. */
  markChecked(
    workspaceId: number,
    id: number,
    update?: { scopes?: string[]; storeName?: string },
  ): Promise<IntegrationView>;
  markBroken(workspaceId: number, id: number, reason: string): Promise<IntegrationView>;
  /** Removes the integration and its token; inboxes that used it keep working without a store. */
  disconnect(workspaceId: number, id: number): Promise<void>;
  /**
   * Every integration's (workspace, id), oldest check first. Deliberately not scoped by workspace:
   * the periodic health check is an operator task over all tenants, and returns no data but ids.
   */
  listForHealthCheck(limit?: number): Promise<{ workspaceId: number; id: number; lastCheckedAt: string | null }[]>;
}

type Row = {
  id: number;
  workspace_id: number;
  kind: IntegrationKind;
  store_hash: string;
  store_name: string;
  secret_id: number;
  status: IntegrationStatus;
  status_reason: string | null;
  scopes: string;
  last_checked_at: string | null;
  created_at: string;
  updated_at: string;
  last4: string;
};

function checkScopes(scopes: unknown): string[] {
  if (!Array.isArray(scopes) || !scopes.every((s) => typeof s === 'string' && s.length <= 200) || scopes.length > 100) {
    throw invalid('Scopes must be a list of strings.');
  }
  return [...new Set(scopes as string[])].sort();
}

export function createIntegrationsRepository(ctx: RepoContext): IntegrationsRepository {
  function select(c: RepoContext, workspaceId: number) {
    return c.db
      .selectFrom('integrations')
      .innerJoin('secrets', (join) =>
        join
          .onRef('secrets.id', '=', 'integrations.secret_id')
          .onRef('secrets.workspace_id', '=', 'integrations.workspace_id'),
      )
      .selectAll('integrations')
      .select('secrets.last4')
      .where('integrations.workspace_id', '=', workspaceId);
  }

  async function row(c: RepoContext, workspaceId: number, id: number): Promise<Row> {
    const found = isId(id)
      ? await select(c, workspaceId).where('integrations.id', '=', id).executeTakeFirst()
      : undefined;
    if (!found) throw notFound('Integration');
    return found;
  }

  async function update(
    workspaceId: number,
    id: number,
    values: { status: IntegrationStatus; status_reason: string | null; scopes?: string; store_name?: string },
  ): Promise<IntegrationView> {
    return inTransaction(ctx, async (tx) => {
      const at = nowIso(tx);
      const result = await tx.db
        .updateTable('integrations')
        .set({ ...values, last_checked_at: at, updated_at: at })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(id) ? id : 0)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('Integration');
      return toView(await row(tx, workspaceId, id));
    });
  }

  return {
    async saveConnected(workspaceId, input, kind = 'bigcommerce') {
      const storeHash = requireText(input.storeHash, 'Store hash', 100).trim();
      if (!/^[a-z0-9]+$/i.test(storeHash)) throw invalid('A store hash is letters and digits only.');
      const storeName = requireText(input.storeName, 'Store name', 300).trim();
      requireText(input.accessToken, 'Access token', 4_096);
      const scopes = JSON.stringify(checkScopes(input.scopes));

      return inTransaction(ctx, async (tx) => {
        const enabled = await tx.db
          .selectFrom('workspace_integrations_enabled')
          .select('kind')
          .where('workspace_id', '=', workspaceId)
          .where('kind', '=', kind)
          .executeTakeFirst();
        if (!enabled) {
          throw new DbError(
            'integration_not_enabled',
            'This integration is not enabled for the workspace; an operator must enable it first.',
          );
        }
        const secrets = createSecretsRepository(tx);
        const at = nowIso(tx);
        const existing = await tx.db
          .selectFrom('integrations')
          .select(['id', 'secret_id'])
          .where('workspace_id', '=', workspaceId)
          .where('kind', '=', kind)
          .where('store_hash', '=', storeHash)
          .executeTakeFirst();
        let id: number;
        if (existing) {
          await secrets.replace(workspaceId, existing.secret_id, input.accessToken);
          await tx.db
            .updateTable('integrations')
            .set({
              store_name: storeName,
              scopes,
              status: 'connected',
              status_reason: null,
              last_checked_at: at,
              updated_at: at,
            })
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', existing.id)
            .execute();
          id = existing.id;
        } else {
          const secret = await secrets.store(workspaceId, 'bigcommerce_token', input.accessToken);
          const inserted = await tx.db
            .insertInto('integrations')
            .values({
              workspace_id: workspaceId,
              kind,
              store_hash: storeHash,
              store_name: storeName,
              secret_id: secret.id,
              status: 'connected',
              status_reason: null,
              scopes,
              last_checked_at: at,
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          id = inserted.id;
        }
        return toView(await row(tx, workspaceId, id));
      });
    },

    async get(workspaceId, id) {
      return toView(await row(ctx, workspaceId, id));
    },

    async list(workspaceId) {
      const rows = await select(ctx, workspaceId).orderBy('integrations.id').execute();
      return rows.map(toView);
    },

    async getWithSecret(workspaceId, id) {
      const found = await row(ctx, workspaceId, id);
      const accessToken = await createSecretsRepository(ctx).reveal(workspaceId, found.secret_id);
      return { ...toView(found), accessToken };
    },

    async markChecked(workspaceId, id, changes = {}) {
      return update(workspaceId, id, {
        status: 'connected',
        status_reason: null,
        ...(changes.scopes ? { scopes: JSON.stringify(checkScopes(changes.scopes)) } : {}),
        ...(changes.storeName ? { store_name: requireText(changes.storeName, 'Store name', 300).trim() } : {}),
      });
    },

    async markBroken(workspaceId, id, reason) {
      return update(workspaceId, id, { status: 'broken', status_reason: requireText(reason, 'Reason', 1_000) });
    },

    async listForHealthCheck(limit = 500) {
      const rows = await ctx.db
        .selectFrom('integrations')
        .select(['workspace_id', 'id', 'last_checked_at'])
        .orderBy('last_checked_at', 'asc')
        .orderBy('id', 'asc')
        .limit(Math.max(1, Math.min(limit, 10_000)))
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id, lastCheckedAt: r.last_checked_at }));
    },

    async disconnect(workspaceId, id) {
      await inTransaction(ctx, async (tx) => {
        const found = await row(tx, workspaceId, id);
        await tx.db
          .updateTable('inboxes')
          .set({ store_integration_id: null, updated_at: nowIso(tx) })
          .where('workspace_id', '=', workspaceId)
          .where('store_integration_id', '=', found.id)
          .execute();
        await tx.db
          .deleteFrom('integrations')
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', found.id)
          .execute();
        await createSecretsRepository(tx).remove(workspaceId, found.secret_id);
      });
    },
  };
}

function toView(row: Row): IntegrationView {
  const scopes = parseJson(row.scopes);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    storeHash: row.store_hash,
    storeName: row.store_name,
    status: row.status,
    statusReason: row.status_reason,
    scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
    lastCheckedAt: row.last_checked_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    accessTokenMasked: maskLast4(row.last4),
  };
}
