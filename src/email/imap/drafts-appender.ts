/**
 * Files drafts in a mailbox over a connection kept open between drafts. A fresh connection per
 * draft (connect, greeting, LOGIN, LIST, APPEND, LOGOUT) costs several round trips and a login on
 * the merchant's server for every email; with a session kept for `idleMs` after its last draft,
 * the next draft of a burst is one APPEND.
 *
 * - Sessions are keyed by server, user and credentials, so a changed password or host opens a new
 *   one (the old one closes when idle). Credentials are kept only as a digest in the key.
 * - A session that is no longer usable (the server closed it) is replaced before use. A reused
 *   session that fails is closed and the draft is tried once on a fresh one, which also finds
 *   the Drafts folder again (deleted or renamed meanwhile). A fresh session's failure is final.
 * - `close()` logs every session out (server shutdown); later drafts use one-off connections.
 */
import { createHash } from 'node:crypto';
import type { ImapFlow } from 'imapflow';
import type { ImapAccount } from './account.js';
import { createImapClient, toImapError } from './account.js';
import { appendDraftToMailbox, findDrafts, type AppendDraftResult } from './append-draft.js';

export interface DraftsAppender {
  append(account: ImapAccount, raw: Buffer | string): Promise<AppendDraftResult>;
  /** Sessions opened so far and open now (for tests and the operator's figures). */
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
}

const FLAGS = ['\\Draft', '\\Seen'];

export function createDraftsAppender(options: DraftsAppenderOptions = {}): DraftsAppender {
  const idleMs = options.idleMs ?? 30_000;
  const sessions = new Map<string, Promise<Session>>();
  let opened = 0;
  let closed = false;

  async function open(account: ImapAccount): Promise<Session> {
    const client = await createImapClient(account, { disableAutoIdle: true });
    client.on('error', () => undefined); // reported through the rejected command instead
    try {
      await client.connect();
      opened += 1;
      return { client, mailbox: await findDrafts(client), inFlight: 0, idleTimer: null };
    } catch (error) {
      client.close();
      throw error;
    }
  }

  function drop(key: string, pending: Promise<Session>, session: Session | null): void {
    if (sessions.get(key) === pending) sessions.delete(key);
    if (session) {
      if (session.idleTimer) clearTimeout(session.idleTimer);
      session.client.close();
    }
  }

  /** The usable session for `key`, opening one when there is none; `reused` says which. */
  async function acquire(key: string, account: ImapAccount): Promise<{ session: Session; reused: boolean }> {
    const existing = sessions.get(key);
    if (existing) {
      const session = await existing.catch(() => null);
      if (session?.client.usable) return { session, reused: true };
      drop(key, existing, session);
    }
    const pending = open(account);
    sessions.set(key, pending);
    try {
      return { session: await pending, reused: false };
    } catch (error) {
      drop(key, pending, null);
      throw error;
    }
  }

  async function appendOn(key: string, account: ImapAccount, raw: Buffer | string) {
    const { session, reused } = await acquire(key, account);
    const pending = sessions.get(key);
    if (session.idleTimer) clearTimeout(session.idleTimer);
    session.idleTimer = null;
    session.inFlight += 1;
    try {
      const appended = await session.client.append(session.mailbox, raw, FLAGS);
      if (!appended) throw new Error(`APPEND to ${session.mailbox} failed`);
      return { result: { mailbox: appended.destination ?? session.mailbox, uid: appended.uid ?? null }, reused };
    } catch (error) {
      if (pending) drop(key, pending, session);
      throw Object.assign(new Error('append failed'), { cause: error, reused });
    } finally {
      session.inFlight -= 1;
      if (session.inFlight === 0 && sessions.get(key) === pending && !session.idleTimer) {
        session.idleTimer = setTimeout(() => {
          if (pending && sessions.get(key) === pending) drop(key, pending, null);
          session.client.logout().catch(() => session.client.close());
        }, idleMs);
        session.idleTimer.unref();
      }
    }
  }

  return {
    async append(account, raw) {
      if (closed) return appendDraftToMailbox(account, { raw });
      const key = sessionKey(account);
      try {
        return (await appendOn(key, account, raw)).result;
      } catch (first) {
        const failure = first as { cause?: unknown; reused?: boolean };
        if (!failure.reused) throw toImapError(failure.cause ?? first, account);
        try {
          return (await appendOn(key, account, raw)).result;
        } catch (second) {
          throw toImapError((second as { cause?: unknown }).cause ?? second, account);
        }
      }
    },
    stats: () => ({ opened, open: sessions.size }),
    async close() {
      closed = true;
      const all = [...sessions.values()];
      sessions.clear();
      await Promise.all(
        all.map(async (pending) => {
          const session = await pending.catch(() => null);
          if (!session) return;
          if (session.idleTimer) clearTimeout(session.idleTimer);
          await session.client.logout().catch(() => session.client.close());
        }),
      );
    },
  };
}

/** Server, user and a digest of the credentials: equal accounts share a session. */
function sessionKey(account: ImapAccount): string {
  const secret = account.getAccessToken
    ? 'oauth'
    : 'password' in account.auth
      ? `password:${account.auth.password}`
      : `token:${account.auth.accessToken}`;
  const digest = createHash('sha256').update(secret).digest('base64url');
  return [account.host, account.port, account.secure, account.tlsRejectUnauthorized ?? true, account.user, digest].join(
    '\u0000',
  );
}
