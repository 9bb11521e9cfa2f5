/**
 * Where each IMAP watcher got to in a mailbox (UIDVALIDITY and the last UID stored), one row per
 * (inbox, mailbox). Written after every stored message, so it is a single upsert.
 */
import { notFound } from '../errors.js';
import type { RepoContext } from '../tx.js';
import { inTransaction, nowIso } from '../tx.js';
import { invalid, isId, requireText } from './util.js';

export interface MailboxState {
  uidValidity: string;
  lastUid: number;
  updatedAt: string;
}

export interface MailboxStateRepository {
  get(workspaceId: number, inboxId: number, mailbox: string): Promise<MailboxState | null>;
  save(
    workspaceId: number,
    inboxId: number,
    mailbox: string,
    state: { uidValidity: string; lastUid: number },
  ): Promise<void>;
}

const MAX_UID = 4_294_967_295;

export function createMailboxStateRepository(ctx: RepoContext): MailboxStateRepository {
  return {
    async get(workspaceId, inboxId, mailbox) {
      if (!isId(inboxId)) return null;
      const row = await ctx.db
        .selectFrom('mailbox_state')
        .select(['uid_validity', 'last_uid', 'updated_at'])
        .where('workspace_id', '=', workspaceId)
        .where('inbox_id', '=', inboxId)
        .where('mailbox', '=', mailbox)
        .executeTakeFirst();
      return row ? { uidValidity: row.uid_validity, lastUid: Number(row.last_uid), updatedAt: row.updated_at } : null;
    },

    async save(workspaceId, inboxId, mailbox, state) {
      requireText(mailbox, 'Mailbox', 1_000);
      requireText(state.uidValidity, 'UIDVALIDITY', 20);
      if (!Number.isSafeInteger(state.lastUid) || state.lastUid < 0 || state.lastUid > MAX_UID) {
        throw invalid('The last UID must be an unsigned 32-bit integer.');
      }
      await inTransaction(ctx, async (tx) => {
        // The inbox must be this workspace's; the composite foreign key says so too, but an
        // upsert that hits the conflict branch would not check it.
        const inbox = isId(inboxId)
          ? await tx.db
              .selectFrom('inboxes')
              .select('id')
              .where('workspace_id', '=', workspaceId)
              .where('id', '=', inboxId)
              .executeTakeFirst()
          : undefined;
        if (!inbox) throw notFound('Inbox');
        const at = nowIso(tx);
        await tx.db
          .insertInto('mailbox_state')
          .values({
            workspace_id: workspaceId,
            inbox_id: inboxId,
            mailbox,
            uid_validity: state.uidValidity,
            last_uid: state.lastUid,
            updated_at: at,
          })
          .onConflict((oc) =>
            oc
              .columns(['inbox_id', 'mailbox'])
              .doUpdateSet({ uid_validity: state.uidValidity, last_uid: state.lastUid, updated_at: at }),
          )
          .execute();
      });
    },
  };
}
