/** The Inboxes page's "test" button for sending: connect, log in, quit; nothing is sent. */
import type { SmtpAccount } from './sender.js';
import { createSmtpSender } from './sender.js';

export async function testSmtpAccount(account: SmtpAccount): Promise<{ ok: true }> {
  const sender = createSmtpSender({ ...account, timeoutMs: account.timeoutMs ?? 15_000 });
  try {
    await sender.verify();
    return { ok: true };
  } finally {
    sender.close();
  }
}
