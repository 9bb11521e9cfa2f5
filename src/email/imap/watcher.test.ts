/**
 * The watcher against a real Dovecot on loopback. Each test logs in as its own user, so tests
 * share one server but never one mailbox.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRepositories, generateSecretKey, openDatabase } from '../../db/index.js';
import type { Database } from '../../db/index.js';
import type { DovecotServer } from '../../../test/servers/dovecot.js';
import { startDovecot } from '../../../test/servers/dovecot.js';
import { accountFor, appendTo, crlf, openImap, sampleMessage } from '../../../test/servers/imap-helpers.js';
import { waitFor } from '../../../test/servers/wait.js';
import type { ImapMessageMeta, ImapWatcher, ImapWatcherOptions } from './watcher.js';
import { startImapWatcher } from './watcher.js';
import type { MailboxStateStore } from './state.js';
import { createDbMailboxStateStore, createMemoryMailboxStateStore } from './state.js';

const PASSWORD = 'correct horse';
const USERS = Array.from({ length: 12 }, (_, i) => `user${i + 1}@shop.example`);
const FAST = { initialMs: 50, maxMs: 400 };

let server: DovecotServer;
let nextUser = 0;
const watchers: ImapWatcher[] = [];

beforeAll(async () => {
  server = await startDovecot({ users: USERS.map((user) => ({ user, password: PASSWORD })) });
});
afterAll(async () => server?.stop());
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.stop()));
});

function freshUser(): string {
  const user = USERS[nextUser++];
  if (!user) throw new Error('Add more test users');
  return user;
}

interface Received {
  raw: Buffer;
  meta: ImapMessageMeta;
}

/** Starts a watcher that records what it is handed; `stored` mimics storeIncoming's Message-ID dedupe. */
function watch(user: string, state: MailboxStateStore, extra: Partial<ImapWatcherOptions> = {}) {
  const received: Received[] = [];
  const stored = new Map<string, Buffer>();
  const watcher = startImapWatcher({
    account: accountFor(server, user, PASSWORD),
    state,
    reconnect: FAST,
    onMessage: async (raw, meta) => {
      received.push({ raw, meta });
      const id = /^message-id:\s*(\S+)/im.exec(raw.toString('latin1'))?.[1] ?? `uid-${meta.uid}`;
      if (!stored.has(id)) stored.set(id, raw);
    },
    ...extra,
  });
  watchers.push(watcher);
  return { watcher, received, stored };
}

const subjects = (received: Received[]) =>
  received.map((r) => /^subject: (.*)$/im.exec(r.raw.toString('latin1'))?.[1]?.trim());

describe('IMAP watcher (Dovecot)', () => {
  it('hands on new mail that arrives while it idles, within a few seconds', async () => {
    const user = freshUser();
    const { watcher, received } = watch(user, createMemoryMailboxStateStore());
    await waitFor(() => watcher.status().connected, { what: 'connect' });
    expect(watcher.status().mode).toBe('idle');
    // Let IDLE start, so the message is announced by the server rather than found by a fetch.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await appendTo(server, user, PASSWORD, [sampleMessage('idle-1')]);
    await waitFor(() => received.length === 1, { timeoutMs: 5_000, what: 'the idle notification' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(received[0]?.raw.equals(Buffer.from(sampleMessage('idle-1')))).toBe(true);
    expect(received[0]?.meta.uid).toBe(1);
    expect(watcher.status()).toMatchObject({ connected: true, lastUid: 1, lastError: null });
    expect(watcher.status().lastMessageAt).not.toBeNull();
  });

  it('after a restart hands on exactly the messages that arrived meanwhile (state in the database)', async () => {
    const user = freshUser();
    const db: Database = await openDatabase({ dataDir: ':memory:' });
    try {
      const repos = createRepositories(db, generateSecretKey());
      const ws = await repos.workspaces.create({ slug: 'imap-restart', name: 'Shop' });
      const inbox = await repos.inboxes.create(ws.id, { name: 'Support', address: user });
      const state = () => createDbMailboxStateStore(repos, ws.id, inbox.id, 'INBOX');

      await appendTo(server, user, PASSWORD, [sampleMessage('r1'), sampleMessage('r2')]);
      const first = watch(user, state());
      await waitFor(() => first.received.length === 2, { what: 'the first two' });
      await first.watcher.stop();
      expect(await repos.mailboxState.get(ws.id, inbox.id, 'INBOX')).toMatchObject({ lastUid: 2 });

      await appendTo(server, user, PASSWORD, [sampleMessage('r3'), sampleMessage('r4'), sampleMessage('r5')]);
      const second = watch(user, state());
      await waitFor(() => second.watcher.status().lastUid === 5, { what: 'catch-up' });
      expect(subjects(second.received)).toEqual(['Where is order r3?', 'Where is order r4?', 'Where is order r5?']);
      expect(second.received.map((r) => r.meta.uid)).toEqual([3, 4, 5]);
    } finally {
      await db.close();
    }
  });

  it('replays, never loses, a message whose storage failed', async () => {
    const user = freshUser();
    await appendTo(server, user, PASSWORD, [sampleMessage('f1'), sampleMessage('f2')]);
    const state = createMemoryMailboxStateStore();
    let failOnce = true;
    const seen: number[] = [];
    const watcher = startImapWatcher({
      account: accountFor(server, user, PASSWORD),
      state,
      reconnect: FAST,
      onMessage: async (_raw, meta) => {
        seen.push(meta.uid);
        if (meta.uid === 2 && failOnce) {
          failOnce = false;
          throw new Error('database is down');
        }
      },
    });
    watchers.push(watcher);
    await waitFor(() => state.current()?.lastUid === 2, { what: 'the retry' });
    expect(seen).toEqual([1, 2, 2]);
  });

  it('rescans from UID 1 when UIDVALIDITY changes; the Message-ID dedupe keeps every message once', async () => {
    const user = freshUser();
    const setup = await openImap(server, user, PASSWORD);
    await setup.mailboxCreate('Support');
    for (const n of [1, 2]) await setup.append('Support', sampleMessage(`v${n}`));
    const state = createMemoryMailboxStateStore();
    // A short recheck: the change is found by the periodic pass, not by a notification.
    const { watcher, received, stored } = watch(user, state, { mailbox: 'Support', idleRecheckMs: 200 });
    await waitFor(() => received.length === 2, { what: 'the first pass' });
    const before = state.current()?.uidValidity;

    // Recreating the folder gives it a new UIDVALIDITY; the watcher notices on its next pass,
    // reconnects and finds the saved UIDs meaningless.
    await setup.mailboxDelete('Support');
    await setup.mailboxCreate('Support');
    for (const n of [1, 2, 3]) await setup.append('Support', sampleMessage(`v${n}`));
    await setup.logout();

    await waitFor(() => stored.size === 3 && state.current()?.lastUid === 3, { timeoutMs: 10_000, what: 'rescan' });
    expect(state.current()?.uidValidity).not.toBe(before);
    // Documented behaviour: everything in the new mailbox is handed on again (v1, v2 twice in total)...
    expect(subjects(received)).toEqual([
      'Where is order v1?',
      'Where is order v2?',
      'Where is order v1?',
      'Where is order v2?',
      'Where is order v3?',
    ]);
    // ...and storage keeps each Message-ID once.
    expect([...stored.keys()]).toEqual(['<mv1@customer.example>', '<mv2@customer.example>', '<mv3@customer.example>']);
    expect(watcher.status().connected).toBe(true);
  });

  it('after a UIDVALIDITY change rescans only mail since the checkpoint, never the old history', async () => {
    const user = freshUser();
    const setup = await openImap(server, user, PASSWORD);
    await setup.mailboxCreate('Archive');
    const monthAgo = new Date(Date.now() - 30 * 24 * 60 * 60 * 1000);
    for (const n of [1, 2]) await setup.append('Archive', sampleMessage(`old${n}`), [], monthAgo);
    await setup.append('Archive', sampleMessage('recent'));
    await setup.logout();
    // A checkpoint saved an hour ago under another UIDVALIDITY (the server renumbered the mailbox).
    const state = createMemoryMailboxStateStore({
      uidValidity: '1',
      lastUid: 40,
      savedAt: new Date(Date.now() - 60 * 60 * 1000).toISOString(),
    });
    const { received } = watch(user, state, { mailbox: 'Archive' });
    await waitFor(() => received.length === 1 && state.current()?.lastUid === 3, { what: 'the bounded rescan' });
    expect(subjects(received)).toEqual(['Where is order recent?']);
  });

  it('reconnects with backoff after the server goes away, and goes on', async () => {
    const user = freshUser();
    const { watcher, received } = watch(user, createMemoryMailboxStateStore());
    await waitFor(() => watcher.status().connected, { what: 'connect' });
    await appendTo(server, user, PASSWORD, [sampleMessage('d1')]);
    await waitFor(() => received.length === 1, { what: 'd1' });

    await server.restart();
    await waitFor(() => watcher.status().connected, { timeoutMs: 10_000, what: 'reconnect' });
    await appendTo(server, user, PASSWORD, [sampleMessage('d2')]);
    await waitFor(() => received.length === 2, { timeoutMs: 10_000, what: 'd2 after the restart' });
    expect(subjects(received)).toEqual(['Where is order d1?', 'Where is order d2?']);
  });

  it('hands on a 10 MB message byte for byte', async () => {
    const user = freshUser();
    const header = sampleMessage('big')
      .split('\r\n\r\n')[0]!
      .replace('text/plain; charset=utf-8', 'application/octet-stream');
    const body = Buffer.alloc(7_600_000, 7).toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(`${header}\r\nContent-Transfer-Encoding: base64\r\n\r\n${body}\r\n`);
    expect(raw.length).toBeGreaterThan(10_000_000);
    await appendTo(server, user, PASSWORD, [raw]);
    const { received } = watch(user, createMemoryMailboxStateStore());
    await waitFor(() => received.length === 1, { timeoutMs: 15_000, what: 'the big message' });
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(received[0]?.raw.length).toBe(raw.length);
    expect(sha(received[0]!.raw)).toBe(sha(raw));
  });

  it('hands on malformed, auto-reply, bulk, threaded and base64 non-ASCII mail intact, in order', async () => {
    const user = freshUser();
    const fixture = (name: string) => crlf(readFileSync(path.join('test/fixtures/mime', name)));
    const malformed = crlf(
      [
        'Message-ID: <broken-1@customer.example>',
        'From: broken sender without brackets @@',
        'This header line has no colon',
        'Content-Type: multipart/mixed; boundary="never-closed"',
        '',
        '--never-closed',
        'Content-Type: text/plain; charset=x-unknown-charset',
        'Content-Transfer-Encoding: base64',
        '',
        '%%% not base64 %%%',
        '',
      ].join('\n'),
    );
    const messages = [
      malformed,
      fixture('auto-reply-vacation.eml'),
      fixture('newsletter.eml'),
      fixture('reply-en.eml'),
      fixture('base64-utf8.eml'),
    ];
    await appendTo(server, user, PASSWORD, messages);
    const { received } = watch(user, createMemoryMailboxStateStore());
    await waitFor(() => received.length === messages.length, { what: 'all fixtures' });
    received.forEach((r, i) => expect(r.raw.equals(messages[i]!), `message ${i}`).toBe(true));
  });

  it('polls when the server has no IDLE', async () => {
    const noIdle = await startDovecot({
      users: [{ user: 'poll@shop.example', password: PASSWORD }],
      capabilities: 'IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS NAMESPACE',
    });
    try {
      const received: Buffer[] = [];
      const watcher = startImapWatcher({
        account: accountFor(noIdle, 'poll@shop.example', PASSWORD),
        state: createMemoryMailboxStateStore(),
        pollIntervalMs: 100,
        reconnect: FAST,
        onMessage: async (raw) => void received.push(raw),
      });
      watchers.push(watcher);
      await waitFor(() => watcher.status().connected, { what: 'connect' });
      expect(watcher.status().mode).toBe('poll');
      await appendTo(noIdle, 'poll@shop.example', PASSWORD, [sampleMessage('p1')]);
      await waitFor(() => received.length === 1, { what: 'the poll' });
      await watcher.stop();
    } finally {
      await noIdle.stop();
    }
  });

  it('reports a wrong password in status without the password, and keeps retrying', async () => {
    const user = freshUser();
    const watcher = startImapWatcher({
      account: accountFor(server, user, 'wrong-secret-pw'),
      state: createMemoryMailboxStateStore(),
      reconnect: FAST,
      onMessage: async () => undefined,
    });
    watchers.push(watcher);
    await waitFor(() => watcher.status().lastError !== null, { what: 'the login failure' });
    expect(watcher.status().connected).toBe(false);
    expect(watcher.status().lastError).toMatch(/login/i);
    expect(watcher.status().lastError).not.toContain('wrong-secret-pw');
  });
});
