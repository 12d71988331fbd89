/**
 * The continuable engine: a port of Rails 8.1 `ActiveJob::Continuable` on BullMQ, as an application
 * uses it (`resumable-jobs/continuable`). Start with continuation.ts (the model) and
 * continuable-job.ts (the base class); readContinuableProgress reads a job's stored progress.
 *
 * @packageDocumentation
 */
export { ContinuableJob } from './continuable-job.js';
export { Step, type StepBody, type StepOptions } from './step.js';
export type { Continuation } from './continuation.js';
export type { CursorSuccessor } from './cursor-successor.js';
export { parseJobData, jobDataWith, type ParsedJobData } from './job-data.js';
export { continuableLogLine, logContinuableEvents, type LogLevel } from './log-lines.js';
export { readContinuableProgress, type ContinuableProgress } from './progress.js';
export type { Cursor } from '../runtime/cursor.js';
export * from './errors.js';
export * from './signals.js';
export type * from './events.js';
export type * from './types.js';
