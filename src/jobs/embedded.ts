/**
 * The embedded queue: workers in this process claim jobs from the database with a lease
 * (`jobs.claimNext`), renew it while a job runs, and complete or fail it. A crashed process
 * simply stops renewing; the lease expires and the job runs again elsewhere (or after restart).
 * Latency is low without a tight poll: `wake()` interrupts the wait. The server calls it when a
 * job commits in this process (`onJobCommitted`) and, on PostgreSQL, when another process's
 * enqueue NOTIFYs (`notify.ts`).
 */
import type { ClaimedJob, FailOptions, JobsRepository } from '../db/index.js';
import { DEFAULT_LOCK_MS, DEFAULT_MAX_ATTEMPTS, defaultBackoffMs } from '../db/index.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';
import type { JobHandler, JobQueue } from './types.js';

export interface EmbeddedQueueOptions {
  jobs: JobsRepository;
  /** How long an idle worker waits before looking again (default 1 s). */
  pollMs?: number;
  /** Lease length (default 5 min); renewed every `heartbeatMs` (default a third of it). */
  lockMs?: number;
  heartbeatMs?: number;
  maxAttempts?: number;
  backoffMs?: (attempts: number) => number;
  /** Jobs run at once (default 2). */
  concurrency?: number;
  kinds?: string[];
  logger?: Logger;
}

export function createEmbeddedQueue(options: EmbeddedQueueOptions): JobQueue {
  const pollMs = options.pollMs ?? 1_000;
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const heartbeatMs = options.heartbeatMs ?? Math.max(Math.floor(lockMs / 3), 10);
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const failOptions: FailOptions = { maxAttempts, backoffMs: options.backoffMs ?? defaultBackoffMs };
  const logger = options.logger ?? silentLogger;
  const stopping = new AbortController();
  const sleepers = new Set<() => void>();
  let loops: Promise<void>[] = [];
  // A wake-up that arrives while every worker is busy claiming must not be lost.
  let woken = false;

  const wake = (): void => {
    woken = sleepers.size === 0;
    for (const resolve of sleepers) resolve();
    sleepers.clear();
  };

  /**
   * Waits `pollMs`, or less when woken or stopped. A claim still running when `stop()` woke the
   * sleepers ends here afterwards, so a stopping queue never starts a sleep (it would hold
   * `stop()` for a whole poll interval).
   */
  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      if (stopping.signal.aborted) {
        resolve();
        return;
      }
      if (woken) {
        woken = false;
        resolve();
        return;
      }
      const done = (): void => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      sleepers.add(done);
    });

  async function runOne(handler: JobHandler, job: ClaimedJob): Promise<void> {
    let held = job;
    const heartbeat = async (): Promise<void> => {
      held = await options.jobs.heartbeat(held, lockMs);
    };
    const timer = setInterval(() => {
      heartbeat().catch((error: unknown) =>
        logger.warn({ jobId: job.id, err: describeError(error) }, 'heartbeat failed'),
      );
    }, heartbeatMs);
    try {
      await handler(held, { heartbeat, signal: stopping.signal });
      clearInterval(timer);
      await options.jobs.complete(held);
    } catch (error) {
      clearInterval(timer);
      const failed = await options.jobs.fail(held, describeError(error), failOptions).catch((failError: unknown) => {
        // Lease lost: someone else holds the job now, and their outcome counts.
        logger.warn({ jobId: job.id, err: describeError(failError) }, 'could not record the job failure');
        return null;
      });
      logger.warn(
        {
          jobId: job.id,
          kind: job.kind,
          attempts: job.attempts,
          final: failed?.state === 'failed',
          err: describeError(error),
        },
        'job failed',
      );
    }
  }

  async function loop(handler: JobHandler): Promise<void> {
    while (!stopping.signal.aborted) {
      let job: ClaimedJob | null = null;
      try {
        job = await options.jobs.claimNext({
          lockMs,
          maxAttempts,
          ...(options.kinds ? { kinds: options.kinds } : {}),
        });
      } catch (error) {
        logger.error({ err: describeError(error) }, 'could not claim a job');
      }
      if (job) await runOne(handler, job);
      else await idle();
    }
  }

  return {
    start(handler) {
      if (loops.length > 0) throw new Error('The queue is already started.');
      loops = Array.from({ length: Math.max(options.concurrency ?? 2, 1) }, () => loop(handler));
    },
    wake,
    async stop() {
      stopping.abort();
      wake();
      await Promise.all(loops);
    },
  };
}
