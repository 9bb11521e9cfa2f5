/**
 * One IMAP watcher (`startImapWatcher` from src/email/imap) per inbox that has IMAP settings.
 *
 * - Each watcher hands every new message to `ingestRaw`, which resolves only after the message
 *   is stored; the watcher saves its checkpoint (UIDVALIDITY, last UID) in `mailbox_state` after
 *   that, so a restart neither misses nor repeats mail (a replay is absorbed by the Message-ID
 *   dedupe in storage).
 * - A mailbox connected for the first time (no checkpoint yet) starts from the mail that arrives
 *   from then on (`initialSync: 'new'`): a merchant connecting a mailbox with years of mail
 *   must not get thousands of drafts (and LLM calls, or rule-sent replies to stale mail). Mail
 *   that was already there can be imported over the HTTP API. Later restarts resume from the
 *   checkpoint, so nothing that arrived while the server was down is lost.
 * - An inbox that signs in with Google or Microsoft gets a fresh access token before every
 *   login; one whose grant was refused ("needs reconnect") is not watched until reconnected.
 * - Inboxes added, changed (settings or password) or removed while the server runs are picked
 *   up by `refresh()`, which runs every `rescanMs`.
 * - With several processes, each mailbox is watched by exactly one of them: a watcher runs only
 *   while this process holds the inbox's lease (`imap:inbox:<id>` in the `leases` table), renewed
 *   every `renewMs`. A process that dies stops renewing; after `ttlMs` another process's next
 *   renewal round takes the lease and starts the watcher (resuming from the shared checkpoint).
 *   A lease that could not be renewed (taken by someone else) stops the local watcher.
 */
import { createHash } from 'node:crypto';
import type { Database, LeasesRepository, Repositories } from '../db/index.js';
import {
  createDbMailboxStateStore,
  startImapWatcher,
  type ImapWatcher,
  type ImapWatcherOptions,
  type ImapWatcherStatus,
} from '../email/index.js';
import { describeError } from '../shared/errors.js';
import { STRICT_EGRESS, type EgressPolicy } from '../shared/egress.js';
import type { Logger } from '../shared/logger.js';
import { inboxImapAccount, type InboxTokenSource } from './mail.js';
import type { AppServices } from './services.js';

export interface ImapWatchers {
  /** How many watchers run. */
  count(): number;
  /** The watcher's status for an inbox of that workspace, or null when none runs for it. */
  status(workspaceId: number, inboxId: number): ImapWatcherStatus | null;
  /** Starts, restarts or stops watchers to match the inboxes in the database. */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

export interface ImapWatchersDeps {
  db: Database;
  repos: Repositories;
  services: Pick<AppServices, 'ingestRaw'>;
  logger: Logger;
  /** How often to look for added, changed or removed IMAP inboxes. Default 60 s; 0: never. */
  rescanMs?: number;
  /** Passed to every watcher (tests shorten the reconnect backoff). */
  watcherOptions?: Pick<ImapWatcherOptions, 'pollIntervalMs' | 'idleRecheckMs' | 'reconnect'>;
  /** Share mailboxes between processes by lease; without it this process watches them all. */
  lease?: ImapLeaseOptions;
  /** Starts one watcher (tests replace it); default `startImapWatcher`. */
  startWatcher?: (options: ImapWatcherOptions) => ImapWatcher;
  /** Which private IMAP hosts the operator allows (default: public addresses only). */
  egress?: EgressPolicy;
  /** Access tokens of inboxes that sign in with Google or Microsoft. */
  tokens?: InboxTokenSource | null;
}

export interface ImapLeaseOptions {
  leases: LeasesRepository;
  /** Unique per process (host, pid, random). */
  owner: string;
  /** How long a lease lasts without renewal (default 30 s). */
  ttlMs?: number;
  /** How often leases are renewed and free ones taken (default a third of ttlMs). */
  renewMs?: number;
}

export function imapLeaseName(inboxId: number): string {
  return `imap:inbox:${inboxId}`;
}

interface Running {
  workspaceId: number;
  fingerprint: string;
  watcher: ImapWatcher;
}

export async function startImapWatchers(deps: ImapWatchersDeps): Promise<ImapWatchers> {
  const running = new Map<number, Running>();
  const held = new Set<number>();
  const lease = deps.lease;
  const leaseTtlMs = lease?.ttlMs ?? 30_000;
  const start = deps.startWatcher ?? startImapWatcher;
  let stopped = false;
  let refreshing: Promise<void> = Promise.resolve();

  async function reconcile(): Promise<void> {
    const rows = await deps.db.kysely
      .selectFrom('inboxes')
      .select(['id', 'workspace_id'])
      .where('imap', 'is not', null)
      // Refused by its provider: nothing logs in until an owner reconnects (then it resumes from
      // its checkpoint, so mail that arrived meanwhile is read then).
      .where('needs_reconnect', 'is', null)
      .execute();
    const wanted = new Set<number>();
    for (const row of rows) {
      if (stopped) return;
      if (lease) {
        const ours = await lease.leases
          .acquire(imapLeaseName(row.id), lease.owner, leaseTtlMs)
          .catch((error: unknown) => {
            deps.logger.warn({ inboxId: row.id, err: describeError(error) }, 'could not renew the IMAP lease');
            return false;
          });
        if (!ours) {
          held.delete(row.id);
          continue; // not wanted here: a watcher we run for it is stopped below
        }
        held.add(row.id);
      }
      wanted.add(row.id);
      try {
        const inbox = await deps.repos.inboxes.getWithSecret(row.workspace_id, row.id);
        if (!inbox.imap) continue;
        const fingerprint = createHash('sha256')
          // Not the refresh token: a rotation must not restart the watcher.
          .update(JSON.stringify([inbox.imap, inbox.password, inbox.oauthProvider]))
          .digest('hex');
        const current = running.get(row.id);
        if (current?.fingerprint === fingerprint) continue;
        if (current) {
          running.delete(row.id);
          await current.watcher.stop();
        }
        const watcher = start({
          ...deps.watcherOptions,
          account: inboxImapAccount(inbox, inbox.imap, deps.egress ?? STRICT_EGRESS, deps.tokens ?? null),
          state: createDbMailboxStateStore(deps.repos, row.workspace_id, row.id),
          initialSync: 'new',
          // Resolves after the store commits, so the watcher records the UID only then.
          onMessage: async (raw) => {
            await deps.services.ingestRaw({ workspaceId: row.workspace_id, inboxId: row.id, raw, source: 'imap' });
          },
          logger: deps.logger.child({ workspaceId: row.workspace_id, inboxId: row.id }),
        });
        running.set(row.id, { workspaceId: row.workspace_id, fingerprint, watcher });
      } catch (error) {
        deps.logger.warn({ inboxId: row.id, err: describeError(error) }, 'could not start the IMAP watcher');
      }
    }
    for (const [inboxId, current] of running) {
      if (wanted.has(inboxId)) continue;
      running.delete(inboxId);
      await current.watcher.stop();
    }
    if (lease) {
      // Inboxes that lost their IMAP settings or were deleted: give their leases back.
      for (const inboxId of [...held]) {
        if (wanted.has(inboxId)) continue;
        held.delete(inboxId);
        await lease.leases.release(imapLeaseName(inboxId), lease.owner).catch(() => undefined);
      }
    }
  }

  /** One reconcile at a time; a failed one is logged and the next rescan tries again. */
  const refresh = (): Promise<void> => {
    refreshing = refreshing
      .then(() => (stopped ? undefined : reconcile()))
      .catch((error: unknown) => deps.logger.warn({ err: describeError(error) }, 'IMAP inbox rescan failed'));
    return refreshing;
  };

  await refresh();
  const rescanMs = deps.rescanMs ?? 60_000;
  // With leases the rescan doubles as the renewal, so it runs at least every `renewMs`.
  const renewMs = lease ? (lease.renewMs ?? Math.max(Math.floor(leaseTtlMs / 3), 10)) : 0;
  const periodMs = lease ? (rescanMs > 0 ? Math.min(rescanMs, renewMs) : renewMs) : rescanMs;
  const timer = periodMs > 0 ? setInterval(() => void refresh(), periodMs) : null;
  timer?.unref();
  deps.logger.info({ inboxes: running.size }, 'IMAP watchers started');

  return {
    count: () => running.size,
    status(workspaceId, inboxId) {
      const current = running.get(inboxId);
      return current && current.workspaceId === workspaceId ? current.watcher.status() : null;
    },
    refresh,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await refreshing;
      const all = [...running.values()];
      running.clear();
      await Promise.all(all.map((r) => r.watcher.stop().catch(() => undefined)));
      if (lease) {
        // Handed over at once rather than after the TTL: another process takes them next round.
        await Promise.all(
          [...held].map((id) => lease.leases.release(imapLeaseName(id), lease.owner).catch(() => undefined)),
        );
        held.clear();
      }
    },
  };
}
