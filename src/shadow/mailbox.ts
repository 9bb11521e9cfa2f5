/**
 * Reading past mail for a shadow run, strictly read-only: folders are opened with EXAMINE
 * (imapflow's `readOnly`), bodies fetched with BODY.PEEK[], nothing is appended, moved, flagged
 * or expunged, so \Seen and every other flag stay exactly as the team left them.
 *
 * Two reads: the source (an IMAP folder, or a SINCE/BEFORE date range of INBOX) and the team's
 * replies in the Sent folder (special-use \Sent, else a folder named "Sent"; none is fine: the
 * run then has drafts without team replies).
 */
import type { ImapFlow } from 'imapflow';
import type { ImapAccount } from '../email/imap/account.js';
import { createImapClient, toImapError } from '../email/imap/account.js';

export interface ShadowSource {
  /** Default "INBOX". */
  folder?: string;
  /** Messages on or after this day (IMAP SINCE, by internal date). */
  since?: Date | null;
  /** Messages before this day (IMAP BEFORE). */
  until?: Date | null;
}

export interface ShadowMailbox {
  /** The source folder's messages, oldest first (at most `maxMessages`). */
  messages: Array<{ uid: number; raw: Buffer }>;
  /** The Sent folder's messages from the earliest source date on (or all when the source has no date). */
  sent: Array<{ uid: number; raw: Buffer }>;
  sentFolder: string | null;
  /** True when the source had more messages than `maxMessages` (the newest were kept). */
  truncated: boolean;
}

export interface ReadShadowMailboxOptions {
  maxMessages?: number;
  maxSent?: number;
}

export const DEFAULT_MAX_SHADOW_MESSAGES = 500;

export async function readShadowMailbox(
  account: ImapAccount,
  source: ShadowSource,
  options: ReadShadowMailboxOptions = {},
): Promise<ShadowMailbox> {
  const maxMessages = options.maxMessages ?? DEFAULT_MAX_SHADOW_MESSAGES;
  const maxSent = options.maxSent ?? maxMessages * 4;
  let client: ImapFlow | null = null;
  try {
    client = await createImapClient(account, { disableAutoIdle: true });
    client.on('error', () => undefined); // reported through the rejected command instead
    await client.connect();
    const folder = source.folder?.trim() || 'INBOX';
    const query: { since?: Date; before?: Date } = {};
    if (source.since) query.since = source.since;
    if (source.until) query.before = source.until;
    const picked = await readFolder(client, folder, query, maxMessages);

    const sentFolder = await findSent(client);
    let sent: ShadowMailbox['sent'] = [];
    if (sentFolder && sentFolder !== folder) {
      // Replies are written after the emails they answer: nothing older than the source matters.
      sent = (await readFolder(client, sentFolder, source.since ? { since: source.since } : {}, maxSent)).messages;
    }
    return { messages: picked.messages, sent, sentFolder, truncated: picked.truncated };
  } catch (error) {
    throw toImapError(error, account);
  } finally {
    if (client) await client.logout().catch(() => client?.close());
  }
}

async function readFolder(
  client: ImapFlow,
  folder: string,
  query: { since?: Date; before?: Date },
  max: number,
): Promise<{ messages: Array<{ uid: number; raw: Buffer }>; truncated: boolean }> {
  // EXAMINE: the server itself refuses any change to this folder for the whole session.
  await client.mailboxOpen(folder, { readOnly: true });
  const search = Object.keys(query).length ? query : { all: true };
  const found = (await client.search(search, { uid: true })) || [];
  const uids = [...found].sort((a, b) => a - b);
  const kept = uids.slice(-max);
  const messages: Array<{ uid: number; raw: Buffer }> = [];
  if (kept.length > 0) {
    for await (const message of client.fetch(kept.join(','), { uid: true, source: true }, { uid: true })) {
      if (message.source) messages.push({ uid: message.uid, raw: message.source });
    }
  }
  messages.sort((a, b) => a.uid - b.uid);
  return { messages, truncated: uids.length > kept.length };
}

/** The folder flagged \Sent (SPECIAL-USE, or imapflow's guess from localised names), else "Sent". */
async function findSent(client: ImapFlow): Promise<string | null> {
  const folders = await client.list();
  const flagged = folders.find((f) => f.specialUse === '\\Sent');
  if (flagged) return flagged.path;
  return folders.find((f) => f.path.toLowerCase() === 'sent')?.path ?? null;
}
