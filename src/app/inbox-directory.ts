/**
 * Which inbox an address delivered to the SMTP receiver belongs to. Like `jobs.claimNext`, this
 * is a deliberately unscoped read: mail arrives before we know the workspace. Only the forwarding
 * address `inbox-<id>@<receiver domain>` that the Inboxes page shows is accepted.
 */
import type { Database } from '../db/index.js';

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
      // An inbox's own address is never accepted: any workspace can type any address, so mail
      // for support@shop-a.example would otherwise reach whoever claimed that address first.
      return null;
    },
  };
}
