/**
 * The continuable engine: a port of Rails 8.1 `ActiveJob::Continuable` on BullMQ.
 * Start with continuation.ts (the model) and continuable-job.ts (the base class).
 */
export { ContinuableJob } from './continuable-job.js';
export { Step } from './step.js';
export { Continuation } from './continuation.js';
export { nextCursor, cursorType } from './cursor-successor.js';
export { assertCursorRoundTrips } from './cursor-round-trip.js';
export { parseJobData, type ParsedJobData } from './job-data.js';
export { continuableLogLine, logContinuableEvents, type LogLevel } from './log-lines.js';
export * from './errors/index.js';
export type * from './events.js';
export type * from './types.js';
