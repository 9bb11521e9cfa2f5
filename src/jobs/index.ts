export { createEmbeddedQueue } from './embedded.js';
export type { EmbeddedQueueOptions } from './embedded.js';
export type { JobContext, JobHandler, JobQueue } from './types.js';
export { createPgBossQueue, openPgBoss, pgBossEnqueueHook } from './pg-boss.js';
export type {
  OpenPgBossOptions,
  PgBossJobData,
  PgBossQueue,
  PgBossQueueOptions,
  PgBossRetryOptions,
} from './pg-boss.js';
