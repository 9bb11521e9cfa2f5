/** Workspaces (tenants) and the operator switch that enables an integration for one of them. */
import { DbError, isUniqueViolation, notFound } from '../errors.js';
import type { IntegrationKind } from '../schema.js';
import { INTEGRATION_KINDS } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { invalid, isId, requireText } from './util.js';

export interface Workspace {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
}

export interface EnabledIntegration {
  kind: IntegrationKind;
  enabledBy: string;
  enabledAt: string;
}

export interface WorkspacesRepository {
  create(input: { slug: string; name: string }): Promise<Workspace>;
  bySlug(slug: string): Promise<Workspace | null>;
  get(workspaceId: number): Promise<Workspace>;
  /** Idempotent; `enabledBy` names the operator (e.g. `cli`, `user:1`). */
  enableIntegration(workspaceId: number, kind: IntegrationKind, enabledBy: string): Promise<EnabledIntegration>;
  /** Blocks new connections; existing integration rows are kept (disconnect removes them). */
  disableIntegration(workspaceId: number, kind: IntegrationKind): Promise<void>;
  isIntegrationEnabled(workspaceId: number, kind: IntegrationKind): Promise<boolean>;
  listEnabledIntegrations(workspaceId: number): Promise<EnabledIntegration[]>;
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

function checkKind(kind: IntegrationKind): void {
  if (!INTEGRATION_KINDS.includes(kind)) throw invalid(`Unknown integration "${String(kind)}".`);
}

export function createWorkspacesRepository(ctx: RepoContext): WorkspacesRepository {
  async function get(workspaceId: number): Promise<Workspace> {
    const row = isId(workspaceId)
      ? await ctx.db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirst()
      : undefined;
    if (!row) throw notFound('Workspace');
    return toWorkspace(row);
  }

  return {
    get,

    async create(input) {
      const slug = input.slug.trim().toLowerCase();
      if (!SLUG.test(slug)) throw invalid('A workspace slug is 1–63 lower-case letters, digits or dashes.');
      const name = requireText(input.name, 'Workspace name', 200).trim();
      try {
        const row = await ctx.db
          .insertInto('workspaces')
          .values({ slug, name, created_at: nowIso(ctx) })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toWorkspace(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new DbError('conflict', `The workspace slug "${slug}" is taken.`);
        throw error;
      }
    },

    async bySlug(slug) {
      const row = await ctx.db
        .selectFrom('workspaces')
        .selectAll()
        .where('slug', '=', slug.trim().toLowerCase())
        .executeTakeFirst();
      return row ? toWorkspace(row) : null;
    },

    async enableIntegration(workspaceId, kind, enabledBy) {
      checkKind(kind);
      requireText(enabledBy, 'The operator', 200);
      await get(workspaceId);
      await ctx.db
        .insertInto('workspace_integrations_enabled')
        .values({ workspace_id: workspaceId, kind, enabled_by: enabledBy, enabled_at: nowIso(ctx) })
        .onConflict((oc) => oc.columns(['workspace_id', 'kind']).doNothing())
        .execute();
      const row = await ctx.db
        .selectFrom('workspace_integrations_enabled')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', kind)
        .executeTakeFirstOrThrow();
      return { kind: row.kind, enabledBy: row.enabled_by, enabledAt: row.enabled_at };
    },

    async disableIntegration(workspaceId, kind) {
      checkKind(kind);
      await ctx.db
        .deleteFrom('workspace_integrations_enabled')
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', kind)
        .execute();
    },

    async isIntegrationEnabled(workspaceId, kind) {
      const row = await ctx.db
        .selectFrom('workspace_integrations_enabled')
        .select('kind')
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', kind)
        .executeTakeFirst();
      return row !== undefined;
    },

    async listEnabledIntegrations(workspaceId) {
      const rows = await ctx.db
        .selectFrom('workspace_integrations_enabled')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('kind')
        .execute();
      return rows.map((r) => ({ kind: r.kind, enabledBy: r.enabled_by, enabledAt: r.enabled_at }));
    },
  };
}

function toWorkspace(row: { id: number; slug: string; name: string; created_at: string }): Workspace {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: row.created_at };
}
