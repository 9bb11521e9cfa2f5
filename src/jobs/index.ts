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
export { createJobListener, JOBS_CHANNEL, notifyingEnqueueHook } from './notify.js';
export type { JobListener, JobListenerOptions } from './notify.js';
