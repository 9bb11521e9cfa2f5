/**
 * Where a watcher got to in a mailbox. The watcher saves after each message storage accepted,
 * so after a restart it asks the server only for UIDs above `lastUid`.
 */
import type { Repositories } from '../../db/index.js';

export interface MailboxCheckpoint {
  /** The mailbox's UIDVALIDITY as a decimal string (it is unsigned 32-bit). */
  uidValidity: string;
  /** The highest UID handed to `onMessage` and accepted; 0 before the first. */
  lastUid: number;
  /**
   * When the checkpoint was last saved (ISO 8601), when the store knows. After a UIDVALIDITY
   * change the watcher rescans only mail received since then (minus a margin), not the history.
   */
  savedAt?: string;
}

export interface MailboxStateStore {
  load(): Promise<MailboxCheckpoint | null>;
  save(state: MailboxCheckpoint): Promise<void>;
}

/** For tests and the database-less CLI: state lives as long as the object. */
export function createMemoryMailboxStateStore(initial: MailboxCheckpoint | null = null): MailboxStateStore & {
  current(): MailboxCheckpoint | null;
} {
  let state = initial;
  return {
    load: async () => (state ? { ...state } : null),
    save: async (next) => {
      state = { ...next };
    },
    current: () => state,
  };
}

export function createDbMailboxStateStore(
  repos: Pick<Repositories, 'mailboxState'>,
  workspaceId: number,
  inboxId: number,
  mailbox = 'INBOX',
): MailboxStateStore {
  return {
    async load() {
      const row = await repos.mailboxState.get(workspaceId, inboxId, mailbox);
      return row ? { uidValidity: row.uidValidity, lastUid: row.lastUid, savedAt: row.updatedAt } : null;
    },
    save: (state) => repos.mailboxState.save(workspaceId, inboxId, mailbox, state),
  };
}
