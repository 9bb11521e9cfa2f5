/**
 * Which inbox an address delivered to the SMTP receiver belongs to. Like `jobs.claimNext`, this
 * is a deliberately unscoped read: mail arrives before we know the workspace. Two forms are
 * accepted: the forwarding address `inbox-<id>@<receiver domain>` that the settings page shows,
 * and the inbox's own address when it is unique across workspaces (MX pointed at Snoooz).
 */
import type { Database } from '../db/index.js';
import { normalizeEmail } from '../db/index.js';

export interface InboxRef {
  workspaceId: number;
  inboxId: number;
}

export interface InboxDirectory {
  addressFor(inbox: { id: number }): string;
  resolve(address: string): Promise<InboxRef | null>;
}

export function createInboxDirectory(db: Database, domain: string): InboxDirectory {
  const forwarding = new RegExp(`^inbox-([1-9]\\d{0,9})@${domain.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'i');
  return {
    addressFor: (inbox) => `inbox-${inbox.id}@${domain}`,
    async resolve(address) {
      const match = forwarding.exec(address.trim());
      if (match) {
        const row = await db.kysely
          .selectFrom('inboxes')
          .select(['id', 'workspace_id'])
          .where('id', '=', Number(match[1]))
          .executeTakeFirst();
        return row ? { workspaceId: row.workspace_id, inboxId: row.id } : null;
      }
      let normalized: string;
      try {
        normalized = normalizeEmail(address);
      } catch {
        return null;
      }
      const rows = await db.kysely
        .selectFrom('inboxes')
        .select(['id', 'workspace_id'])
        .where('address', '=', normalized)
        .limit(2)
        .execute();
      // The same address in two workspaces is ambiguous: only the forwarding form can say which.
      const only = rows.length === 1 ? rows[0] : undefined;
      return only ? { workspaceId: only.workspace_id, inboxId: only.id } : null;
    },
  };
}
