/**
 * Wake-up across processes on PostgreSQL: the transaction that enqueues a job also runs
 * `pg_notify`, and every worker holds one connection that LISTENs on the channel. PostgreSQL
 * delivers a notification only when its transaction commits (and never when it rolls back), so a
 * worker woken this way always finds the job; the fetch loop's poll stays as the fallback for a
 * lost connection.
 */
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { JobEnqueuedHook } from '../db/index.js';
import { describeError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { silentLogger } from '../shared/logger.js';

/** One channel for every job kind; the payload is the kind. */
export const JOBS_CHANNEL = 'snoooz_jobs';

/**
 * Wraps an enqueue hook (pg-boss's, or none for the embedded queue) so the same transaction also
 * notifies the workers. Only for PostgreSQL executors.
 */
export function notifyingEnqueueHook(inner?: JobEnqueuedHook): JobEnqueuedHook {
  return async (job, executor) => {
    await inner?.(job, executor);
    await executor.executeSql('SELECT pg_notify($1, $2)', [JOBS_CHANNEL, job.kind]);
  };
}

export interface JobListener {
  /**
   * Starts listening; resolves once LISTEN is in place (later wake-ups are not lost), or when the
   * first attempt failed, in which case it keeps trying while the queue polls.
   */
  start(onJob: (kind: string) => void): Promise<void>;
  stop(): Promise<void>;
}

export interface JobListenerOptions {
  url: string;
  logger?: Logger;
  /** Wait before reconnecting after the connection drops (default 1 s). */
  reconnectMs?: number;
}

/** A dedicated connection LISTENing on `JOBS_CHANNEL`, reconnected when it drops. */
export function createJobListener(options: JobListenerOptions): JobListener {
  const logger = options.logger ?? silentLogger;
  const reconnectMs = options.reconnectMs ?? 1_000;
  let client: pg.Client | null = null;
  let stopped = false;
  let reconnecting = false;
  let onJob: (kind: string) => void = () => undefined;

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.url, application_name: 'snoooz-listen' });
    next.on('notification', (message) => {
      if (message.channel === JOBS_CHANNEL) onJob(message.payload ?? '');
    });
    next.on('error', (error) => logger.warn({ err: describeError(error) }, 'job listener connection error'));
    next.on('end', () => {
      if (client === next) client = null;
      if (!stopped) void reconnect();
    });
    await next.connect();
    await next.query(`LISTEN ${JOBS_CHANNEL}`);
    client = next;
    // Jobs enqueued while we were not listening are found by the wake-up itself.
    onJob('');
  }

  async function reconnect(): Promise<void> {
    if (reconnecting) return;
    reconnecting = true;
    while (!stopped && !client) {
      await delay(reconnectMs, undefined, { ref: false });
      if (stopped) return;
      try {
        await connect();
      } catch (error) {
        logger.warn({ err: describeError(error) }, 'job listener could not reconnect; polling meanwhile');
      }
    }
    reconnecting = false;
  }

  return {
    async start(handler) {
      onJob = handler;
      stopped = false;
      try {
        await connect();
      } catch (error) {
        logger.warn({ err: describeError(error) }, 'job listener could not connect; polling meanwhile');
        void reconnect();
      }
    },
    async stop() {
      stopped = true;
      const open = client;
      client = null;
      await open?.end().catch(() => undefined);
    },
  };
}
