/**
 * The continuable engine: a port of Rails 8.1 `ActiveJob::Continuable` on BullMQ.
 * Start with continuation.ts (the model) and continuable-job.ts (the base class).
 */
export { ContinuableJob } from './continuable-job.js';
export { Step, assertCursorRoundTrips, type StepBody, type StepOptions } from './step.js';
export { Continuation } from './continuation.js';
export { nextCursor, cursorType, type CursorSuccessor } from './cursor-successor.js';
export { parseJobData, type ParsedJobData } from './job-data.js';
export { readContinuableProgress, type ContinuableProgress } from './progress.js';
export type { Cursor } from '../runtime/cursor.js';
export * from './errors.js';
export * from './signals.js';
export type * from './events.js';
export type * from './types.js';
