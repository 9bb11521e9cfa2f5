export { createEmbeddedQueue } from './embedded.js';
export type { EmbeddedQueueOptions } from './embedded.js';
export type { JobContext, JobHandler, JobQueue } from './types.js';
