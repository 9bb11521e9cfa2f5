/** Drafts filed over a kept session, against Dovecot: reuse, recovery and idle close. */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DovecotServer } from '../../../test/servers/dovecot.js';
import { startDovecot } from '../../../test/servers/dovecot.js';
import { accountFor, openImap } from '../../../test/servers/imap-helpers.js';
import { buildReplyMime } from '../smtp/compose-reply.js';
import { isMailError } from '../smtp/mail-error.js';
import type { ImapAccount } from './account.js';
import { createDraftsAppender, type DraftsAppender } from './drafts-appender.js';

const PASSWORD = 'pw-appender';
let server: DovecotServer;

beforeAll(async () => {
  server = await startDovecot({
    users: ['a', 'b', 'c', 'd', 'e'].map((u) => ({ user: `${u}@shop.example`, password: PASSWORD })),
  });
});
afterAll(async () => {
  await server?.stop();
});

async function draft(n: number): Promise<Buffer> {
  const mime = await buildReplyMime({
    from: { address: 'support@shop.example', name: 'Support' },
    to: 'jane@customer.example',
    subject: `Order question ${n}`,
    inReplyTo: `<orig-${n}@customer.example>`,
    references: [],
    text: `Hi Jane, draft ${n}.`,
    draftId: n,
  });
  return mime.raw;
}

async function subjectsIn(user: string, mailbox = 'Drafts'): Promise<string[]> {
  const client = await openImap(server, user, PASSWORD);
  try {
    await client.mailboxOpen(mailbox);
    const subjects: string[] = [];
    for await (const message of client.fetch('1:*', { envelope: true })) subjects.push(message.envelope?.subject ?? '');
    return subjects.sort();
  } finally {
    await client.logout();
  }
}

/** A TCP hop to Dovecot whose connections the test can cut, as a dropped connection would be. */
async function startProxy(target: number): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const proxy: Server = createServer((inbound) => {
    const outbound = connect(target, '127.0.0.1');
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const address = proxy.address();
  if (address === null || typeof address === 'string') throw new Error('no proxy port');
  return {
    port: address.port,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise((resolve) => proxy.close(() => resolve())),
  };
}

/**
 * Files draft `first` for b@ through a cuttable hop, drops the connection as a server (or a NAT
 * box) would drop an idle one, then runs `then` with the same appender and account.
 */
async function afterADrop(
  first: number,
  then: (appender: DraftsAppender, account: ImapAccount) => Promise<void>,
): Promise<void> {
  const appender = createDraftsAppender();
  const proxy = await startProxy(server.port);
  try {
    const account = { ...accountFor(server, 'b@shop.example', PASSWORD), port: proxy.port };
    await appender.append(account, await draft(first));
    proxy.cut();
    await delay(50);
    await then(appender, account);
  } finally {
    await appender.close();
    await proxy.close();
  }
}

describe('createDraftsAppender', () => {
  it('files a burst of drafts over one session, each once', async () => {
    const appender = createDraftsAppender();
    try {
      const account = accountFor(server, 'a@shop.example', PASSWORD);
      const results = await Promise.all([1, 2, 3, 4, 5].map(async (n) => appender.append(account, await draft(n))));
      expect(results.map((r) => r.mailbox)).toEqual(['Drafts', 'Drafts', 'Drafts', 'Drafts', 'Drafts']);
      expect(new Set(results.map((r) => r.uid)).size).toBe(5);
      await appender.append(account, await draft(6));
      expect(appender.stats()).toEqual({ opened: 1, open: 1 });
      expect(await subjectsIn('a@shop.example')).toEqual([1, 2, 3, 4, 5, 6].map((n) => `Re: Order question ${n}`));
    } finally {
      await appender.close();
    }
    expect(appender.stats().open).toBe(0);
  });

  it('opens a new session after the connection dropped, and files the draft once', async () => {
    await afterADrop(1, async (appender, account) => {
      await appender.append(account, await draft(2));
      expect(appender.stats().opened).toBe(2);
      expect(await subjectsIn('b@shop.example')).toEqual(['Re: Order question 1', 'Re: Order question 2']);
    });
  });

  it('finds the Drafts folder again when it was deleted while the session was open', async () => {
    const appender = createDraftsAppender();
    try {
      const account = accountFor(server, 'c@shop.example', PASSWORD);
      await appender.append(account, await draft(1));
      const other = await openImap(server, 'c@shop.example', PASSWORD);
      await other.mailboxDelete('Drafts');
      await other.logout();
      await appender.append(account, await draft(2));
      expect(await subjectsIn('c@shop.example')).toEqual(['Re: Order question 2']);
      // The server refused the APPEND (TRYCREATE) on a live connection: the same session went on.
      expect(appender.stats()).toEqual({ opened: 1, open: 1 });
    } finally {
      await appender.close();
    }
  });

  it('drafts that arrive together after a drop share one new session, each filed once', async () => {
    await afterADrop(10, async (appender, account) => {
      // All four in the same tick, so they race for the new session.
      const raws = await Promise.all([11, 12, 13, 14].map(draft));
      await Promise.all(raws.map((raw) => appender.append(account, raw)));
      expect(appender.stats()).toEqual({ opened: 2, open: 1 });
      const subjects = await subjectsIn('b@shop.example');
      for (const n of [10, 11, 12, 13, 14]) {
        expect(subjects.filter((s) => s === `Re: Order question ${n}`)).toHaveLength(1);
      }
    });
  });

  it('closes a session left idle, and keeps separate sessions per mailbox user', async () => {
    const appender = createDraftsAppender({ idleMs: 200 });
    try {
      await appender.append(accountFor(server, 'd@shop.example', PASSWORD), await draft(1));
      await appender.append(accountFor(server, 'e@shop.example', PASSWORD), await draft(2));
      expect(appender.stats()).toEqual({ opened: 2, open: 2 });
      await delay(600);
      expect(appender.stats().open).toBe(0);
      await appender.append(accountFor(server, 'd@shop.example', PASSWORD), await draft(3));
      expect(appender.stats()).toEqual({ opened: 3, open: 1 });
      expect(await subjectsIn('d@shop.example')).toEqual(['Re: Order question 1', 'Re: Order question 3']);
    } finally {
      await appender.close();
    }
  });

  it('fails with one line for a wrong password, without the password, and keeps no session', async () => {
    const appender = createDraftsAppender();
    try {
      const error = await appender
        .append(accountFor(server, 'a@shop.example', 'hunter2-wrong'), await draft(1))
        .catch((e: unknown) => e);
      expect(isMailError(error, 'imap_auth_failed')).toBe(true);
      expect((error as Error).message).not.toContain('hunter2-wrong');
      expect(appender.stats()).toEqual({ opened: 0, open: 0 });
    } finally {
      await appender.close();
    }
  });
});
