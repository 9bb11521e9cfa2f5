/**
 * The queue as the rest of the app sees it. The embedded implementation polls our own `jobs`
 * table (one process, SQLite or PostgreSQL); a queue spanning processes (pg-boss or BullMQ)
 * implements the same interface later, so the handler and the services do not change.
 */
import type { ClaimedJob } from '../db/index.js';

export interface JobContext {
  /** Extends the lease; the queue also does this on a timer while the handler runs. */
  heartbeat(): Promise<void>;
  /** Aborted when the queue stops; a handler may finish its current step and return. */
  signal: AbortSignal;
}

/** Resolve = done; throw = retry later with backoff (the queue fails the job after the last attempt). */
export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<void>;

export interface JobQueue {
  start(handler: JobHandler): void;
  /** Something was enqueued in this process: look now instead of at the next poll. */
  wake(): void;
  /** Stops claiming, waits for the jobs in flight to finish, then resolves. */
  stop(): Promise<void>;
}
