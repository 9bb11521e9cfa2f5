/**
 * Per-inbox sender-authentication settings (migration 010): whose Authentication-Results an IMAP
 * (or API) inbox trusts, as a preset name (`google`, `microsoft`) or a custom authserv-id. Kept
 * apart from inboxes.ts so the inbox form and this setting evolve independently.
 */
import { isValidTrustedAuthserv } from '../../shared/authserv-presets.js';
import { notFound } from '../errors.js';
import type { RepoContext } from '../tx.js';
import { nowIso } from '../tx.js';
import { invalid, isId } from './util.js';

export interface SenderAuthRepository {
  /** The inbox's trusted authserv-id (preset or id), or null when none is configured. */
  trustedAuthserv(workspaceId: number, inboxId: number): Promise<string | null>;
  /** null clears it: the provider's results are not trusted. */
  setTrustedAuthserv(workspaceId: number, inboxId: number, value: string | null): Promise<void>;
}

export function createSenderAuthRepository(ctx: RepoContext): SenderAuthRepository {
  return {
    async trustedAuthserv(workspaceId, inboxId) {
      const row = isId(inboxId)
        ? await ctx.db
            .selectFrom('inboxes')
            .select('trusted_authserv_id')
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', inboxId)
            .executeTakeFirst()
        : undefined;
      if (!row) throw notFound('Inbox');
      return row.trusted_authserv_id;
    },

    async setTrustedAuthserv(workspaceId, inboxId, value) {
      const trimmed = value === null ? null : value.trim().toLowerCase();
      if (trimmed !== null && !isValidTrustedAuthserv(trimmed)) {
        throw invalid('The trusted authserv-id must be google, microsoft or a host name such as mx.example.com.');
      }
      const result = await ctx.db
        .updateTable('inboxes')
        .set({ trusted_authserv_id: trimmed || null, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', isId(inboxId) ? inboxId : 0)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('Inbox');
    },
  };
}
