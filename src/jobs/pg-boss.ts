/**
 * The queue for several processes: pg-boss on the same PostgreSQL database as our state.
 *
 * - **Enqueue, transactionally.** `pgBossEnqueueHook` runs inside the transaction that stores a
 *   message and its row in our `jobs` table (`messages.storeIncoming`) and sends the pg-boss job
 *   through that transaction's connection (pg-boss `send(…, { db })`). The message, our job row
 *   and the pg-boss job commit together or not at all; a redelivered message inserts nothing, so
 *   there is exactly one queue job per message.
 * - **Claim and retry.** pg-boss owns claiming (`FOR UPDATE SKIP LOCKED`), retries with backoff,
 *   and expiry: a job whose worker died (kill -9) stays `active` until `expireInSeconds`, then
 *   pg-boss's maintenance (any worker process; the interval is configurable) puts it back for
 *   another attempt. The handler is idempotent by message and draft id, so a second run is safe.
 * - **Our row follows.** After each attempt the `jobs` row is settled (`done`, `queued` with the
 *   error, or `failed`, which also fails the message after the last attempt), so the web app
 *   shows the same state whichever queue runs.
 * - **Dispatch.** One fetch loop per process keeps up to `concurrency` jobs running, fetching as
 *   many as there are free slots; when the queue is empty it waits `pollMs` or until `wake()`,
 *   which the server calls when an enqueue NOTIFYs (`notify.ts`), so a new job starts within
 *   milliseconds in any worker process; the poll is only the fallback.
 *   pg-boss's own `work()` sleeps its polling interval even after a busy fetch, which caps a
 *   worker at a few jobs per second, hence our loop.
 * - **Graceful stop.** `stop()` stops fetching and waits for the jobs in flight up to
 *   `stopTimeoutMs`; whatever is still running then is handed back (`fail` → retried at once
 *   elsewhere) rather than left to expire.
 */
import { setTimeout as delay } from 'node:timers/promises';
import PgBoss from 'pg-boss';
import type { ClaimedJob, JobEnqueuedHook, JobsRepository } from '../db/index.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import type { JobHandler, JobQueue } from './types.js';

/** What travels in the pg-boss job: enough to rebuild the `ClaimedJob` the handler expects. */
export interface PgBossJobData {
  jobId: number;
  workspaceId: number;
  kind: string;
  messageId: number | null;
  payload: unknown;
  runAt: string;
}

export interface PgBossRetryOptions {
  /** Attempts after the first (default 4, i.e. 5 in all like the embedded queue). */
  retryLimit?: number;
  /** First retry delay in seconds, doubled per retry with jitter (default 5). */
  retryDelaySeconds?: number;
  /** An active job older than this is presumed dead and retried (default 300). */
  expireInSeconds?: number;
}

export interface OpenPgBossOptions {
  url: string;
  /** Queue names = job kinds; each is created when missing. */
  kinds: string[];
  /** Run pg-boss maintenance (expiry of dead workers' jobs) in this process. Workers do. */
  supervise?: boolean;
  /** How often maintenance runs (default 15 s). Only one process runs it per interval. */
  maintenanceIntervalSeconds?: number;
  /** Connections in pg-boss's own pool (default 4). */
  poolSize?: number;
  schema?: string;
  logger?: Logger;
}

/** Starts pg-boss (creating its schema on first use) and the queues for `kinds`. */
export async function openPgBoss(options: OpenPgBossOptions): Promise<PgBoss> {
  const logger = options.logger ?? silentLogger;
  const boss = new PgBoss({
    connectionString: options.url,
    schema: options.schema ?? 'pgboss',
    max: options.poolSize ?? 4,
    application_name: 'snoooz',
    supervise: options.supervise ?? true,
    schedule: false,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 15,
  });
  // Unhandled, an 'error' event would kill the process; a lost connection is retried by the loop.
  boss.on('error', (error) => logger.warn({ err: describeError(error) }, 'pg-boss error'));
  await boss.start();
  for (const kind of options.kinds) {
    try {
      if (!(await boss.getQueue(kind))) await boss.createQueue(kind);
    } catch (error) {
      // Two processes starting at once both try; the loser finds the queue there.
      if (!(await boss.getQueue(kind))) throw error;
    }
  }
  return boss;
}

/**
 * The hook `createRepositories` runs in the transaction that inserts a job row: the pg-boss job is
 * sent on the same connection. Kinds without a pg-boss queue stay in our table only.
 */
export function pgBossEnqueueHook(boss: PgBoss, kinds: string[], retry: PgBossRetryOptions = {}): JobEnqueuedHook {
  const known = new Set(kinds);
  return async (job, executor) => {
    if (!known.has(job.kind)) return;
    const data: PgBossJobData = {
      jobId: job.id,
      workspaceId: job.workspaceId,
      kind: job.kind,
      messageId: job.messageId,
      payload: job.payload,
      runAt: job.runAt,
    };
    await boss.send(job.kind, data as unknown as object, {
      db: executor,
      retryLimit: retry.retryLimit ?? 4,
      retryDelay: retry.retryDelaySeconds ?? 5,
      retryBackoff: true,
      expireInSeconds: retry.expireInSeconds ?? 300,
      startAfter: new Date(job.runAt),
    });
  };
}

export interface PgBossQueueOptions {
  boss: PgBoss;
  /** Our `jobs` rows are settled after each attempt. */
  jobs: JobsRepository;
  kinds: string[];
  /** Jobs run at once in this process (default 4). */
  concurrency?: number;
  /** Idle wait between fetches when the queue is empty (default 250 ms); `wake()` cuts it short. */
  pollMs?: number;
  /** How long `stop()` waits for jobs in flight before handing them back (default 30 s). */
  stopTimeoutMs?: number;
  logger?: Logger;
}

export interface PgBossQueue extends JobQueue {
  /** Jobs running in this process now. */
  inFlight(): number;
}

export function createPgBossQueue(options: PgBossQueueOptions): PgBossQueue {
  const { boss, jobs } = options;
  const logger = options.logger ?? silentLogger;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const pollMs = Math.max(10, options.pollMs ?? 250);
  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  const stopping = new AbortController();
  const running = new Map<string, { name: string; done: Promise<void> }>();
  let sleeper: (() => void) | null = null;
  let woken = false;
  let loop: Promise<void> | null = null;
  let stopped: Promise<void> | null = null;

  const wake = (): void => {
    if (sleeper) {
      sleeper();
      sleeper = null;
    } else woken = true;
  };

  const idle = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (woken || stopping.signal.aborted) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        sleeper = null;
        resolve();
      }, ms);
      sleeper = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function runOne(handler: JobHandler, job: PgBoss.JobWithMetadata<PgBossJobData>): Promise<void> {
    const data = job.data;
    const attempts = job.retryCount + 1;
    const claimed: ClaimedJob = {
      id: data.jobId,
      workspaceId: data.workspaceId,
      kind: data.kind,
      payload: data.payload,
      messageId: data.messageId,
      state: 'running',
      attempts,
      runAt: data.runAt,
      lockedUntil: new Date(Date.now() + Number(job.expireInSeconds) * 1000).toISOString(),
      lastError: null,
      createdAt: new Date(job.createdOn).toISOString(),
      updatedAt: new Date().toISOString(),
      lockToken: job.id,
    };
    try {
      // pg-boss 10 has no heartbeat: expiry is a fixed budget per attempt (expireInSeconds).
      await handler(claimed, { heartbeat: async () => undefined, signal: stopping.signal });
      await boss.complete(job.name, job.id);
      await jobs.settle(data.workspaceId, data.jobId, { state: 'done', attempts });
    } catch (error) {
      const final = job.retryCount >= job.retryLimit;
      const message = describeError(error);
      logger.warn({ jobId: data.jobId, kind: data.kind, attempts, final, err: message }, 'job failed');
      await boss
        .fail(job.name, job.id, { message })
        .catch((e: unknown) => logger.warn({ jobId: data.jobId, err: describeError(e) }, 'could not fail the job'));
      await jobs
        .settle(data.workspaceId, data.jobId, { state: final ? 'failed' : 'queued', attempts, error: message })
        .catch((e: unknown) =>
          logger.warn({ jobId: data.jobId, err: describeError(e) }, 'could not record the failure'),
        );
    }
  }

  async function dispatch(handler: JobHandler): Promise<void> {
    let kindIndex = 0;
    while (!stopping.signal.aborted) {
      const free = concurrency - running.size;
      if (free <= 0) {
        await idle(pollMs);
        continue;
      }
      let fetched: PgBoss.JobWithMetadata<PgBossJobData>[] = [];
      const kind = options.kinds[kindIndex % options.kinds.length] ?? '';
      kindIndex += 1;
      try {
        fetched = await boss.fetch<PgBossJobData>(kind, { batchSize: free, includeMetadata: true });
      } catch (error) {
        logger.error({ err: describeError(error) }, 'could not fetch jobs');
        await delay(Math.min(pollMs * 4, 2_000));
      }
      for (const job of fetched) {
        const done = runOne(handler, job).finally(() => {
          running.delete(job.id);
          wake();
        });
        running.set(job.id, { name: job.name, done });
      }
      if (fetched.length === 0) await idle(pollMs);
    }
  }

  async function handBack(): Promise<void> {
    const left = [...running.entries()];
    if (left.length === 0) return;
    logger.warn({ jobs: left.length }, 'handing back jobs still running at shutdown');
    await Promise.all(
      left.map(([id, { name }]) =>
        boss.fail(name, id, { message: 'The worker shut down; the job runs again.' }).catch(() => undefined),
      ),
    );
  }

  return {
    start(handler) {
      if (loop) throw new Error('The queue is already started.');
      if (options.kinds.length === 0) throw new Error('The queue has no job kinds to work on.');
      loop = dispatch(handler);
    },
    wake,
    inFlight: () => running.size,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        wake();
        await loop;
        const all = Promise.all([...running.values()].map((r) => r.done));
        const timedOut = await Promise.race([all.then(() => false), delay(stopTimeoutMs, true, { ref: false })]);
        if (timedOut) await handBack();
        await boss.stop({ graceful: false, close: true, wait: true });
      })();
      return stopped;
    },
  };
}
