/**
 * The Inboxes page's "test" button: log in, look at INBOX read-only, log out. Resolves with what
 * the page shows, or rejects with a MailError whose message is safe to show.
 */
import type { ImapFlow } from 'imapflow';
import type { ImapAccount } from './account.js';
import { createImapClient, toImapError } from './account.js';

export interface ImapTestResult {
  ok: true;
  /** Whether new mail arrives instantly (IDLE) or by polling. */
  idle: boolean;
  inboxMessages: number;
}

export async function testImapAccount(
  account: ImapAccount,
  options: { timeoutMs?: number } = {},
): Promise<ImapTestResult> {
  let client: ImapFlow | null = null;
  try {
    client = await createImapClient(account, {
      disableAutoIdle: true,
      connectionTimeoutMs: options.timeoutMs ?? 15_000,
    });
    client.on('error', () => undefined); // the failing command rejects with the same error
    await client.connect();
    const inbox = await client.mailboxOpen('INBOX', { readOnly: true });
    return { ok: true, idle: client.capabilities.has('IDLE'), inboxMessages: inbox.exists };
  } catch (error) {
    throw toImapError(error, account);
  } finally {
    if (client) await client.logout().catch(() => client?.close());
  }
}
