/**
 * The embedded in-process queue. A claim is a lease: the job is `running` until `locked_until`;
 * a worker that dies mid-job simply stops renewing it, and the next `claimNext` after the lease
 * expires picks the job up again (crash recovery without a coordinator). Each claim gets a
 * fresh token, so a worker whose lease lapsed cannot complete or fail a job someone else holds.
 *
 * The queue is shared by all workspaces: `claimNext` is the one deliberately unscoped read;
 * every job carries its `workspaceId`, and its handler uses the scoped repositories with it.
 */
import { randomBytes } from 'node:crypto';
import { DbError, notFound } from '../errors.js';
import type { JobRow, JobState } from '../schema.js';
import type { RepoContext } from '../tx.js';
import { executorFor, inTransaction, jobInserted, nowIso } from '../tx.js';
import { invalid, isId, parseJson, requireText } from './util.js';

export interface Job {
  id: number;
  workspaceId: number;
  kind: string;
  payload: unknown;
  messageId: number | null;
  state: JobState;
  /** How many times the job was claimed. */
  attempts: number;
  runAt: string;
  lockedUntil: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ClaimedJob extends Job {
  state: 'running';
  lockedUntil: string;
  /** Proof of this claim; required to complete or fail the job. */
  lockToken: string;
}

export interface EnqueueInput {
  kind: string;
  payload?: unknown;
  messageId?: number | null;
  runAt?: Date | string;
}

export interface ClaimOptions {
  /** Lease length (default 5 minutes). */
  lockMs?: number;
  kinds?: string[];
  /** A job whose lease expires after this many claims is failed instead of retried (default 5). */
  maxAttempts?: number;
}

export interface FailOptions {
  maxAttempts?: number;
  /** Delay before the next attempt, given the attempts made so far. */
  backoffMs?: (attempts: number) => number;
}

export interface JobsRepository {
  enqueue(workspaceId: number, input: EnqueueInput): Promise<Job>;
  get(workspaceId: number, id: number): Promise<Job>;
  listForMessage(workspaceId: number, messageId: number): Promise<Job[]>;
  claimNext(options?: ClaimOptions): Promise<ClaimedJob | null>;
  /** Extends the lease of a long job. */
  heartbeat(job: ClaimedJob, lockMs?: number): Promise<ClaimedJob>;
  complete(job: ClaimedJob): Promise<void>;
  /** Requeues with backoff, or fails for good after `maxAttempts` (and fails the message too). */
  fail(job: ClaimedJob, error: string, options?: FailOptions): Promise<Job>;
  /**
   * For an external queue (pg-boss) that owns retries and leases: records the outcome of one
   * attempt on our row (`attempts` is the queue's count). `failed` also fails the message.
   */
  settle(
    workspaceId: number,
    id: number,
    outcome: { state: 'done' | 'queued' | 'failed'; attempts: number; error?: string | null },
  ): Promise<void>;
}

export const DEFAULT_LOCK_MS = 5 * 60_000;
export const DEFAULT_MAX_ATTEMPTS = 5;

/** 30 s, 1 min, 2 min, … capped at one hour. */
export function defaultBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(attempts - 1, 0), 3_600_000);
}

/** Used inside other repositories' transactions (a message and its job are one write). */
export async function insertJob(ctx: RepoContext, workspaceId: number, input: EnqueueInput): Promise<Job> {
  const kind = requireText(input.kind, 'Job kind', 100);
  const runAt = input.runAt === undefined ? ctx.now() : new Date(input.runAt);
  if (Number.isNaN(runAt.getTime())) throw invalid('runAt is not a date.');
  const at = nowIso(ctx);
  const row = await ctx.db
    .insertInto('jobs')
    .values({
      workspace_id: workspaceId,
      kind,
      payload: JSON.stringify(input.payload ?? null),
      message_id: input.messageId ?? null,
      state: 'queued',
      attempts: 0,
      run_at: runAt.toISOString(),
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const job = toJob(row);
  await ctx.onJobEnqueued?.(job, executorFor(ctx.db));
  jobInserted(ctx, job);
  return job;
}

function lockLost(job: Job): DbError {
  return new DbError('conflict', `Job ${job.id} is no longer held by this worker (its lease expired).`);
}

function clip(error: string): string {
  return error.length > 2_000 ? `${error.slice(0, 2_000)}…` : error;
}

export function createJobsRepository(ctx: RepoContext): JobsRepository {
  async function failMessage(c: RepoContext, workspaceId: number, messageId: number | null, reason: string) {
    if (messageId === null) return;
    await c.db
      .updateTable('messages')
      .set({ state: 'failed', state_reason: reason, updated_at: nowIso(c) })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', messageId)
      .where('state', 'in', ['received', 'processing'])
      .execute();
  }

  /** Jobs that crashed the worker on every attempt stop here instead of looping forever. */
  async function retireExpired(maxAttempts: number): Promise<void> {
    await inTransaction(ctx, async (tx) => {
      const now = nowIso(tx);
      const dead = await tx.db
        .selectFrom('jobs')
        .select(['id', 'workspace_id', 'message_id', 'attempts'])
        .where('state', '=', 'running')
        .where('locked_until', '<=', now)
        .where('attempts', '>=', maxAttempts)
        .execute();
      for (const job of dead) {
        const reason = `The worker stopped during each of ${job.attempts} attempts (lease expired).`;
        await tx.db
          .updateTable('jobs')
          .set({ state: 'failed', locked_until: null, locked_by: null, last_error: reason, updated_at: now })
          .where('id', '=', job.id)
          .where('state', '=', 'running')
          .execute();
        await failMessage(tx, job.workspace_id, job.message_id, reason);
      }
    });
  }

  return {
    enqueue: (workspaceId, input) => insertJob(ctx, workspaceId, input),

    async get(workspaceId, id) {
      const row = isId(id)
        ? await ctx.db
            .selectFrom('jobs')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', id)
            .executeTakeFirst()
        : undefined;
      if (!row) throw notFound('Job');
      return toJob(row);
    },

    async listForMessage(workspaceId, messageId) {
      const rows = await ctx.db
        .selectFrom('jobs')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('message_id', '=', messageId)
        .orderBy('id')
        .execute();
      return rows.map(toJob);
    },

    async claimNext(options = {}) {
      const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
      await retireExpired(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      const now = ctx.now();
      const nowText = now.toISOString();
      const token = randomBytes(12).toString('hex');
      const kinds = options.kinds ?? [];
      // One UPDATE … WHERE id = (SELECT … LIMIT 1) is atomic on both databases; on PostgreSQL,
      // FOR UPDATE SKIP LOCKED lets several workers claim different jobs without waiting.
      const row = await ctx.db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          attempts: eb('attempts', '+', 1),
          locked_until: new Date(now.getTime() + lockMs).toISOString(),
          locked_by: token,
          updated_at: nowText,
        }))
        .where('id', '=', (eb) =>
          eb
            .selectFrom('jobs')
            .select('id')
            .where((w) =>
              w.or([
                w.and([w('state', '=', 'queued'), w('run_at', '<=', nowText)]),
                w.and([w('state', '=', 'running'), w('locked_until', '<=', nowText)]),
              ]),
            )
            .$if(kinds.length > 0, (q) => q.where('kind', 'in', kinds))
            .orderBy('run_at')
            .orderBy('id')
            .limit(1)
            .$if(ctx.dialect === 'postgres', (q) => q.forUpdate().skipLocked()),
        )
        .returningAll()
        .executeTakeFirst();
      if (!row) return null;
      return { ...toJob(row), state: 'running', lockedUntil: row.locked_until ?? nowText, lockToken: token };
    },

    async heartbeat(job, lockMs = DEFAULT_LOCK_MS) {
      const lockedUntil = new Date(ctx.now().getTime() + lockMs).toISOString();
      const result = await ctx.db
        .updateTable('jobs')
        .set({ locked_until: lockedUntil, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', job.workspaceId)
        .where('id', '=', job.id)
        .where('state', '=', 'running')
        .where('locked_by', '=', job.lockToken)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw lockLost(job);
      return { ...job, lockedUntil };
    },

    async complete(job) {
      const result = await ctx.db
        .updateTable('jobs')
        .set({ state: 'done', locked_until: null, locked_by: null, last_error: null, updated_at: nowIso(ctx) })
        .where('workspace_id', '=', job.workspaceId)
        .where('id', '=', job.id)
        .where('state', '=', 'running')
        .where('locked_by', '=', job.lockToken)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw lockLost(job);
    },

    async settle(workspaceId, id, outcome) {
      const error = outcome.error ? clip(outcome.error) : null;
      await inTransaction(ctx, async (tx) => {
        await tx.db
          .updateTable('jobs')
          .set({
            state: outcome.state,
            attempts: outcome.attempts,
            locked_until: null,
            locked_by: null,
            last_error: error,
            updated_at: nowIso(tx),
          })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          // A job that already finished stays finished (a late duplicate attempt changes nothing).
          .where('state', 'in', ['queued', 'running'])
          .execute();
        if (outcome.state === 'failed') {
          const row = await tx.db
            .selectFrom('jobs')
            .select('message_id')
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', id)
            .executeTakeFirst();
          await failMessage(tx, workspaceId, row?.message_id ?? null, error ?? 'The job failed.');
        }
      });
    },

    async fail(job, error, options = {}) {
      const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      const backoff = options.backoffMs ?? defaultBackoffMs;
      const message = clip(error);
      return inTransaction(ctx, async (tx) => {
        const current = await tx.db
          .selectFrom('jobs')
          .select(['attempts', 'locked_by', 'state'])
          .where('workspace_id', '=', job.workspaceId)
          .where('id', '=', job.id)
          .$if(tx.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        if (!current || current.state !== 'running' || current.locked_by !== job.lockToken) throw lockLost(job);
        const final = current.attempts >= maxAttempts;
        const now = tx.now();
        const row = await tx.db
          .updateTable('jobs')
          .set({
            state: final ? 'failed' : 'queued',
            run_at: final ? now.toISOString() : new Date(now.getTime() + backoff(current.attempts)).toISOString(),
            locked_until: null,
            locked_by: null,
            last_error: message,
            updated_at: now.toISOString(),
          })
          .where('workspace_id', '=', job.workspaceId)
          .where('id', '=', job.id)
          .returningAll()
          .executeTakeFirstOrThrow();
        if (final) await failMessage(tx, job.workspaceId, job.messageId, message);
        return toJob(row);
      });
    },
  };
}

function toJob(row: JobRow): Job {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    kind: row.kind,
    payload: parseJson(row.payload),
    messageId: row.message_id,
    state: row.state,
    attempts: row.attempts,
    runAt: row.run_at,
    lockedUntil: row.locked_until,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
