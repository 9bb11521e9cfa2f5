/**
 * Watches one IMAP mailbox and hands every new message, in UID order, to `onMessage`.
 *
 * Delivery contract (at least once, made exactly once by storage):
 * - the checkpoint (UIDVALIDITY, last UID) is saved only after `onMessage` resolved, so a crash
 *   between the two replays that message instead of losing it; `onMessage` must therefore be
 *   idempotent, which `storeIncoming` is (one row per inbox and Message-ID);
 * - `onMessage` rejecting means "not stored, try again later": the watcher drops the connection
 *   and retries with backoff from the same UID. Unparseable mail must be stored as failed by
 *   `onMessage`, not thrown, or it would block the mailbox;
 * - when the mailbox's UIDVALIDITY differs from the saved one, every old UID is meaningless: the
 *   watcher rescans the mail received since the checkpoint was saved (minus a day, SEARCH SINCE
 *   works on dates), relying on the Message-ID dedupe downstream, so nothing is missed and nothing
 *   already stored is stored twice. Never the whole history: a mailbox connected "from now on"
 *   must not turn years of old mail into drafts because its server renumbered it. Only a
 *   checkpoint with no save time (the in-memory store) rescans from UID 1.
 *
 * New mail is noticed with IDLE (imapflow's `exists` event), or by polling every
 * `pollIntervalMs` when the server lacks IDLE. A dropped connection is retried with exponential
 * backoff and jitter until `stop()`.
 */
import type { ImapFlow } from 'imapflow';
import { describeError } from '../../shared/errors.js';
import type { Logger } from '../../shared/logger.js';
import { silentLogger } from '../../shared/logger.js';
import type { ImapAccount } from './account.js';
import { createImapClient, toImapError } from './account.js';
import type { MailboxCheckpoint, MailboxStateStore } from './state.js';
import { isMailError } from '../smtp/mail-error.js';

export interface ImapMessageMeta {
  uid: number;
  uidValidity: string;
}

export interface ImapWatcherOptions {
  account: ImapAccount;
  /** Default INBOX. */
  mailbox?: string;
  state: MailboxStateStore;
  onMessage: (raw: Buffer, meta: ImapMessageMeta) => Promise<void>;
  logger?: Logger;
  /** How often to look for new mail when the server has no IDLE. Default 60 s. */
  pollIntervalMs?: number;
  /**
   * With IDLE, how often to look anyway and restart IDLE (servers end IDLE after 30 minutes,
   * and a lost notification must not delay mail for long). Default 5 minutes.
   */
  idleRecheckMs?: number;
  /** Backoff after a dropped or failed connection. Default 1 s doubling up to 5 minutes. */
  reconnect?: { initialMs: number; maxMs: number };
  /**
   * With no saved state (a newly connected inbox): 'all' processes the messages already in the
   * mailbox, 'new' only those that arrive from now on. Default 'all'.
   */
  initialSync?: 'all' | 'new';
}

export interface ImapWatcherStatus {
  connected: boolean;
  /** 'idle' or 'poll' once connected, null before. */
  mode: 'idle' | 'poll' | null;
  lastUid: number | null;
  lastError: string | null;
  lastMessageAt: string | null;
}

export interface ImapWatcher {
  stop(): Promise<void>;
  status(): ImapWatcherStatus;
}

export function startImapWatcher(options: ImapWatcherOptions): ImapWatcher {
  const mailbox = options.mailbox ?? 'INBOX';
  const { account, state, onMessage } = options;
  const log = (options.logger ?? silentLogger).child({ component: 'imap-watcher', host: account.host, mailbox });
  const reconnect = options.reconnect ?? { initialMs: 1_000, maxMs: 300_000 };
  const status: ImapWatcherStatus = {
    connected: false,
    mode: null,
    lastUid: null,
    lastError: null,
    lastMessageAt: null,
  };
  const stopping = new AbortController();
  let client: ImapFlow | null = null;
  let draining: Promise<void> | null = null;

  const recordError = (error: unknown, what: string) => {
    status.lastError =
      error instanceof Error && 'uidFailure' in error ? error.message : toImapError(error, account).message;
    if (!stopping.signal.aborted) log.warn({ err: status.lastError }, what);
  };

  /** One connection's life: open, catch up, then wait for new mail until the connection closes. */
  async function session(imap: ImapFlow, healthy: () => void): Promise<void> {
    const closed = new Promise<void>((resolve) => imap.once('close', resolve));
    const box = await imap.mailboxOpen(mailbox);
    const uidValidity = box.uidValidity.toString();
    let checkpoint = await state.load();
    if (checkpoint?.uidValidity !== uidValidity) {
      if (checkpoint) log.warn({ was: checkpoint.uidValidity, now: uidValidity }, 'UIDVALIDITY changed: rescanning');
      const lastUid = checkpoint
        ? await rescanStart(imap, checkpoint, box.uidNext)
        : options.initialSync === 'new'
          ? Math.max(0, box.uidNext - 1)
          : 0;
      checkpoint = { uidValidity, lastUid };
      await state.save(checkpoint);
    }
    let cp: MailboxCheckpoint = checkpoint;
    status.lastUid = cp.lastUid;
    status.connected = true;

    // The server may announce a new UIDVALIDITY mid-session (re-SELECT): start over cleanly.
    imap.on('mailboxOpen', (opened: { uidValidity: bigint }) => {
      if (opened.uidValidity.toString() !== uidValidity) imap.close();
    });

    async function fetchNew(recheck: boolean): Promise<void> {
      if (recheck) {
        // A mailbox deleted and recreated under us (new UIDVALIDITY) is not announced to a
        // session that has it selected, and Dovecot answers STATUS from the session's stale
        // view; a fresh SELECT tells. A change ends the session and the reconnect rescans.
        const reopened = await imap.mailboxOpen(mailbox);
        if (reopened.uidValidity.toString() !== uidValidity) throw new Error(`UIDVALIDITY of ${mailbox} changed`);
      }
      const found = await imap.search({ uid: `${cp.lastUid + 1}:*` }, { uid: true });
      if (found === false || found === undefined) throw new Error('UID SEARCH failed');
      // "n:*" also matches the highest UID when it is below n, hence the filter.
      const uids = found.filter((uid) => uid > cp.lastUid).sort((a, b) => a - b);
      for (const uid of uids) {
        if (stopping.signal.aborted) return;
        const message = await imap.fetchOne(String(uid), { source: true }, { uid: true });
        // A message expunged since the search is simply gone: move past it.
        if (message && message.source) {
          try {
            await onMessage(message.source, { uid, uidValidity });
          } catch (error) {
            throw Object.assign(new Error(`Storing UID ${uid} failed: ${describeError(error)}`), { uidFailure: true });
          }
          status.lastMessageAt = new Date().toISOString();
        }
        cp = { uidValidity, lastUid: uid };
        await state.save(cp);
        status.lastUid = uid;
      }
    }

    // Single flight: a notification during a fetch asks for one more pass, never a parallel one.
    let again = false;
    let recheckPending = false;
    const drain = (recheck = false): Promise<void> => {
      recheckPending ||= recheck;
      if (draining) {
        again = true;
        return draining;
      }
      draining = (async () => {
        do {
          again = false;
          const verify = recheckPending;
          recheckPending = false;
          await fetchNew(verify);
        } while (again && !stopping.signal.aborted);
      })().finally(() => {
        draining = null;
      });
      return draining;
    };

    const useIdle = imap.capabilities.has('IDLE');
    status.mode = useIdle ? 'idle' : 'poll';
    const idle = () => {
      // Any later command (the next drain) ends this IDLE; imapflow sends DONE first.
      if (useIdle && !draining && imap.usable && !stopping.signal.aborted) void imap.idle().catch(() => undefined);
    };
    const kick = (recheck = false) => {
      drain(recheck)
        .then(idle)
        .catch((error: unknown) => {
          recordError(error, 'IMAP fetch failed; reconnecting');
          imap.close();
        });
    };

    await drain();
    status.lastError = null;
    healthy();
    imap.on('exists', () => kick());
    const timer = setInterval(
      () => kick(true),
      useIdle ? (options.idleRecheckMs ?? 300_000) : (options.pollIntervalMs ?? 60_000),
    );
    idle();
    try {
      await closed;
    } finally {
      clearInterval(timer);
    }
  }

  async function run(): Promise<void> {
    let attempt = 0;
    while (!stopping.signal.aborted) {
      try {
        client = await createImapClient(account, { disableAutoIdle: true });
        // imapflow emits at most one 'error' per connection and closes it; without a listener it would crash us.
        client.on('error', (error: unknown) => recordError(error, 'IMAP connection error'));
        await client.connect();
        log.info('IMAP connected');
        await session(client, () => {
          attempt = 0;
        });
      } catch (error) {
        recordError(error, 'IMAP session failed');
        if (account.getAccessToken && isMailError(toImapError(error, account), 'imap_auth_failed')) {
          account.onTokenRefused?.();
        }
      } finally {
        status.connected = false;
        client?.close();
        client = null;
      }
      if (stopping.signal.aborted) break;
      const delay = backoffDelay(attempt, reconnect);
      attempt += 1;
      log.info({ delayMs: delay }, 'IMAP reconnecting');
      await sleep(delay, stopping.signal);
    }
  }

  const done = run();

  return {
    status: () => ({ ...status }),
    async stop() {
      if (stopping.signal.aborted) return done;
      stopping.abort();
      // Let a message being handed on finish and its checkpoint be saved before logging out.
      await draining?.catch(() => undefined);
      const open = client;
      if (open) await open.logout().catch(() => open.close());
      await done;
    },
  };
}

/** Exponential backoff with jitter (half fixed, half random) so many inboxes do not reconnect in step. */
export function backoffDelay(attempt: number, limits: { initialMs: number; maxMs: number }): number {
  const ceiling = Math.min(limits.maxMs, limits.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

const RESCAN_MARGIN_MS = 24 * 60 * 60 * 1000;

/** The UID to continue after, following a UIDVALIDITY change: just before the first recent message. */
async function rescanStart(imap: ImapFlow, checkpoint: MailboxCheckpoint, uidNext: number): Promise<number> {
  const savedAt = checkpoint.savedAt ? Date.parse(checkpoint.savedAt) : Number.NaN;
  if (Number.isNaN(savedAt)) return 0;
  const found = await imap.search({ since: new Date(savedAt - RESCAN_MARGIN_MS) }, { uid: true });
  if (!found || found.length === 0) return Math.max(0, uidNext - 1);
  return Math.max(0, Math.min(...found) - 1);
}
