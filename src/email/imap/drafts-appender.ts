/**
 * Files drafts in a mailbox over a connection kept open between drafts. A fresh connection per
 * draft (connect, greeting, LOGIN, LIST, APPEND, LOGOUT) costs several round trips and a login on
 * the merchant's server for every email; with a session kept for `idleMs` after its last draft,
 * the next draft of a burst is one APPEND.
 *
 * - Sessions are keyed by the account's owner (`ImapAccount.sessionOwner`, an inbox), server, user
 *   and credentials, so a changed password or host opens a new one (the old one closes when idle)
 *   and two inboxes never share one. Credentials are kept only as an HMAC under a key made for this
 *   process.
 * - A session the server closed is replaced before use. When the connection fails during a draft
 *   on a kept session, the session is closed and the draft tried once on a fresh one (the usual
 *   cause is an idle connection the server dropped unnoticed). A refusal on a live connection
 *   keeps the session: the Drafts folder is looked up again and the draft tried once more only
 *   when the server says the folder is gone (TRYCREATE); any other refusal is that draft's alone.
 * - `close()` logs every session out (server shutdown); drafts after it use one-off connections.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { ImapAccount } from './account.js';
import { createImapClient, toImapError } from './account.js';
import { appendDraftToMailbox, findDrafts, type AppendDraftResult } from './append-draft.js';

export interface DraftsAppender {
  append(account: ImapAccount, raw: Buffer | string): Promise<AppendDraftResult>;
  /** Sessions opened so far, and sessions open now (connected clients, not map entries). */
  stats(): { opened: number; open: number };
  close(): Promise<void>;
}

export interface DraftsAppenderOptions {
  /** How long a session stays open after its last draft (default 30 s). */
  idleMs?: number;
}

interface Session {
  client: ImapFlow;
  mailbox: string;
  inFlight: number;
  idleTimer: NodeJS.Timeout | null;
  /** Set once the session is closed or on its way out; it is never used again. */
  retired: boolean;
}

const FLAGS = ['\\Draft', '\\Seen'];

export function createDraftsAppender(options: DraftsAppenderOptions = {}): DraftsAppender {
  const idleMs = options.idleMs ?? 30_000;
  const keyOf = sessionKeyer();
  const sessions = new Map<string, Promise<Session>>();
  const live = new Set<Session>();
  let opened = 0;
  let closed = false;

  async function open(account: ImapAccount): Promise<Session> {
    const client = await createImapClient(account, { disableAutoIdle: true });
    client.on('error', () => undefined); // reported through the rejected command instead
    try {
      await client.connect();
      const session: Session = {
        client,
        mailbox: await findDrafts(client),
        inFlight: 0,
        idleTimer: null,
        retired: false,
      };
      opened += 1;
      live.add(session);
      return session;
    } catch (error) {
      client.close();
      throw error;
    }
  }

  /** Closes a session for good (a logout when it is idle and healthy, else a hard close). */
  function retire(key: string, entry: Promise<Session>, session: Session | null, gently = false): void {
    if (sessions.get(key) === entry) sessions.delete(key);
    if (!session || session.retired) return;
    session.retired = true;
    live.delete(session);
    if (session.idleTimer) clearTimeout(session.idleTimer);
    if (gently) void session.client.logout().catch(() => session.client.close());
    else session.client.close();
  }

  /** The usable session for `key` and the map entry it came from, opening one when needed. */
  async function acquire(key: string, account: ImapAccount): Promise<{ entry: Promise<Session>; reused: boolean }> {
    for (;;) {
      const existing = sessions.get(key);
      if (!existing) break;
      const session = await existing.catch(() => null);
      // Another caller may have replaced the entry meanwhile: look again.
      if (sessions.get(key) !== existing) continue;
      if (session && !session.retired && session.client.usable) return { entry: existing, reused: true };
      retire(key, existing, session);
    }
    const entry = open(account);
    sessions.set(key, entry);
    try {
      await entry;
    } catch (error) {
      if (sessions.get(key) === entry) sessions.delete(key);
      throw error;
    }
    return { entry, reused: false };
  }

  function idleLater(key: string, entry: Promise<Session>, session: Session): void {
    if (session.inFlight > 0 || session.retired) return;
    if (session.idleTimer) clearTimeout(session.idleTimer);
    session.idleTimer = setTimeout(() => retire(key, entry, session, true), idleMs);
    session.idleTimer.unref();
  }

  async function appendOnce(key: string, account: ImapAccount, raw: Buffer | string): Promise<AppendDraftResult> {
    const { entry, reused } = await acquire(key, account);
    const session = await entry;
    if (session.idleTimer) clearTimeout(session.idleTimer);
    session.idleTimer = null;
    session.inFlight += 1;
    let refoundFolder = false;
    try {
      for (;;) {
        try {
          const appended = await session.client.append(session.mailbox, raw, FLAGS);
          if (!appended) throw new Error(`APPEND to ${session.mailbox} failed`);
          return { mailbox: appended.destination ?? session.mailbox, uid: appended.uid ?? null };
        } catch (error) {
          if (session.client.usable && !refoundFolder && serverCode(error) === 'TRYCREATE') {
            // The Drafts folder was deleted or renamed while the session was open.
            refoundFolder = true;
            session.mailbox = await findDrafts(session.client);
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      if (session.client.usable) throw new AppendFailure(error, false); // refused: this draft only
      retire(key, entry, session);
      throw new AppendFailure(error, reused);
    } finally {
      session.inFlight -= 1;
      if (!closed) idleLater(key, entry, session);
    }
  }

  return {
    async append(account, raw) {
      if (closed) return appendDraftToMailbox(account, { raw });
      const key = keyOf(account);
      try {
        return await appendOnce(key, account, raw);
      } catch (first) {
        if (!(first instanceof AppendFailure)) throw toImapError(first, account);
        if (!first.retryOnFreshSession || closed) throw toImapError(first.cause, account);
        try {
          return await appendOnce(key, account, raw);
        } catch (second) {
          throw toImapError(second instanceof AppendFailure ? second.cause : second, account);
        }
      }
    },
    stats: () => ({ opened, open: live.size }),
    async close() {
      closed = true;
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(
        all.map(async (entry) => {
          const session = await entry.catch(() => null);
          if (!session || session.retired) return;
          session.retired = true;
          live.delete(session);
          if (session.idleTimer) clearTimeout(session.idleTimer);
          // Drafts still in flight (a stop that timed out) finish or fail with the connection.
          await session.client.logout().catch(() => session.client.close());
        }),
      );
    },
  };
}

/** A failed APPEND and whether a fresh session may take the draft (the connection broke). */
class AppendFailure extends Error {
  constructor(
    override readonly cause: unknown,
    readonly retryOnFreshSession: boolean,
  ) {
    super('append failed');
  }
}

function serverCode(error: unknown): string | null {
  const code = (error as { serverResponseCode?: unknown } | null)?.serverResponseCode;
  return typeof code === 'string' ? code.toUpperCase() : null;
}

/** Owner, server, user and an HMAC of the credentials (keyed per process): equal accounts share. */
function sessionKeyer(): (account: ImapAccount) => string {
  const hmacKey = randomBytes(32);
  return (account) => {
    const secret = account.getAccessToken
      ? 'oauth'
      : 'password' in account.auth
        ? `password:${account.auth.password}`
        : `token:${account.auth.accessToken}`;
    const digest = createHmac('sha256', hmacKey).update(secret).digest('base64url');
    return [
      account.sessionOwner ?? '',
      account.host,
      account.port,
      account.secure,
      account.tlsRejectUnauthorized ?? true,
      account.user,
      digest,
    ].join('\u0000');
  };
}
