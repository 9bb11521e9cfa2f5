/** Drafts in the merchant's own mailbox, and the Inboxes page's IMAP test, against Dovecot. */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DovecotServer } from '../../../test/servers/dovecot.js';
import { startDovecot } from '../../../test/servers/dovecot.js';
import { accountFor, openImap } from '../../../test/servers/imap-helpers.js';
import { freePort } from '../../../test/servers/wait.js';
import { buildReplyMime } from '../smtp/compose-reply.js';
import { isMailError } from '../smtp/mail-error.js';
import { appendDraftToMailbox } from './append-draft.js';
import { testImapAccount } from './test-connection.js';

const PASSWORD = 'pw-drafts';
let plain: DovecotServer;
let withSpecialUse: DovecotServer;

beforeAll(async () => {
  [plain, withSpecialUse] = await Promise.all([
    startDovecot({ users: [{ user: 'a@shop.example', password: PASSWORD }] }),
    startDovecot({ users: [{ user: 'b@shop.example', password: PASSWORD }], specialUse: { Brouillons: '\\Drafts' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([plain?.stop(), withSpecialUse?.stop()]);
});

async function reply() {
  return buildReplyMime({
    from: { address: 'support@shop.example', name: 'Support' },
    to: 'jane@customer.example',
    subject: 'Where is my order?',
    inReplyTo: '<orig-1@customer.example>',
    references: [],
    text: 'Hi Jane, it shipped.',
    draftId: 5,
  });
}

describe('appendDraftToMailbox', () => {
  it('creates "Drafts" when the server has none, and appends a \\Draft threaded to the original', async () => {
    const mime = await reply();
    const result = await appendDraftToMailbox(accountFor(plain, 'a@shop.example', PASSWORD), { raw: mime.raw });
    expect(result.mailbox).toBe('Drafts');

    const client = await openImap(plain, 'a@shop.example', PASSWORD);
    try {
      await client.mailboxOpen('Drafts');
      const found = await client.fetchOne('*', { source: true, flags: true });
      expect(found && [...(found.flags ?? [])]).toContain('\\Draft');
      const parsed = await simpleParser(found ? found.source! : Buffer.alloc(0));
      expect(parsed.inReplyTo).toBe('<orig-1@customer.example>');
      expect(parsed.messageId).toBe(mime.messageId);
      expect(parsed.subject).toBe('Re: Where is my order?');
    } finally {
      await client.logout();
    }
    // A second draft goes into the same folder rather than a new one.
    expect((await appendDraftToMailbox(accountFor(plain, 'a@shop.example', PASSWORD), { raw: mime.raw })).mailbox).toBe(
      'Drafts',
    );
  });

  it('uses the folder the server flags \\Drafts, whatever its name', async () => {
    const result = await appendDraftToMailbox(accountFor(withSpecialUse, 'b@shop.example', PASSWORD), {
      raw: (await reply()).raw,
    });
    expect(result.mailbox).toBe('Brouillons');
    const client = await openImap(withSpecialUse, 'b@shop.example', PASSWORD);
    try {
      const folders = (await client.list()).map((f) => f.path);
      expect(folders).not.toContain('Drafts');
      expect((await client.mailboxOpen('Brouillons')).exists).toBe(1);
    } finally {
      await client.logout();
    }
  });
});

describe('testImapAccount', () => {
  it('passes with the right password', async () => {
    await expect(testImapAccount(accountFor(plain, 'a@shop.example', PASSWORD))).resolves.toMatchObject({
      ok: true,
      idle: true,
    });
  });

  it('reports a wrong password as imap_auth_failed, without the password', async () => {
    const error = await testImapAccount(accountFor(plain, 'a@shop.example', 'hunter2-wrong')).catch((e: unknown) => e);
    expect(isMailError(error, 'imap_auth_failed')).toBe(true);
    expect((error as Error).message).not.toContain('hunter2-wrong');
    expect((error as Error).message.split('\n')).toHaveLength(1);
  });

  it('reports a closed port as imap_unavailable (retryable)', async () => {
    const port = await freePort();
    const error = await testImapAccount({ ...accountFor(plain, 'a@shop.example', PASSWORD), port }).catch(
      (e: unknown) => e,
    );
    expect(isMailError(error, 'imap_unavailable')).toBe(true);
    expect((error as { retryable: boolean }).retryable).toBe(true);
  });
});
