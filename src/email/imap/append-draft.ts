/**
 * Puts a reply into the merchant's own Drafts folder, so it shows in their mail client as a
 * draft in the right thread (the MIME carries In-Reply-To/References, which clients thread by).
 */
import type { ImapFlow } from 'imapflow';
import type { ImapAccount } from './account.js';
import { createImapClient, toImapError } from './account.js';

export interface AppendDraftInput {
  raw: Buffer | string;
  /** A folder to use instead of looking up the Drafts folder. */
  mailbox?: string;
}

export interface AppendDraftResult {
  mailbox: string;
  /** The UID the server gave the draft (UIDPLUS), or null when it did not say. */
  uid: number | null;
}

export async function appendDraftToMailbox(account: ImapAccount, input: AppendDraftInput): Promise<AppendDraftResult> {
  let client: ImapFlow | null = null;
  try {
    client = await createImapClient(account, { disableAutoIdle: true });
    client.on('error', () => undefined); // reported through the rejected command instead
    await client.connect();
    const mailbox = input.mailbox ?? (await findDrafts(client));
    const appended = await client.append(mailbox, input.raw, ['\\Draft', '\\Seen']);
    if (!appended) throw new Error(`APPEND to ${mailbox} failed`);
    return { mailbox: appended.destination ?? mailbox, uid: appended.uid ?? null };
  } catch (error) {
    throw toImapError(error, account);
  } finally {
    if (client) await client.logout().catch(() => client?.close());
  }
}

/**
 * The folder flagged \Drafts (SPECIAL-USE, or imapflow's guess from localised names), else one
 * called "Drafts", created when missing.
 */
export async function findDrafts(client: ImapFlow): Promise<string> {
  const folders = await client.list();
  const flagged = folders.find((f) => f.specialUse === '\\Drafts');
  if (flagged) return flagged.path;
  const named = folders.find((f) => f.path.toLowerCase() === 'drafts');
  if (named) return named.path;
  const created = await client.mailboxCreate('Drafts');
  return created.path;
}
