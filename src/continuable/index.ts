/**
 * The continuable engine: a port of Rails 8.1 `ActiveJob::Continuable` on BullMQ, as an application
 * uses it (`resumable-jobs/continuable`). Start with continuation.ts (the model) and
 * continuable-job.ts (the base class); parseJobData reads a job's stored progress.
 */
export { ContinuableJob } from './continuable-job.js';
export { Step } from './step.js';
export type { Continuation } from './continuation.js';
export { parseJobData, type ParsedJobData } from './job-data.js';
export * from './errors/index.js';
export type * from './events.js';
export type * from './types.js';
