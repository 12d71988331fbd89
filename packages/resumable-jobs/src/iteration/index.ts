/**
 * The iteration engine: a port of Shopify job-iteration with Sidekiq-style Redis checkpoints, as an
 * application uses it (`resumable-jobs/iteration`): the job base, the enumerator builders (also
 * usable on their own as async iterables of [item, cursor]), settings, and readIterationProgress,
 * which reads a job's stored progress.
 *
 * @packageDocumentation
 */
export * from './types.js';
export * from './errors.js';
export * from './enumerators/errors.js';
export * from './signals.js';
export type { Cursor } from '../runtime/cursor.js';
export type * from './events.js';
export { IterationJob } from './iteration-job.js';
export { CheckpointStore } from './checkpoint-store.js';
export { readIterationProgress, type IterationProgress, type IterationJobAddress } from './progress.js';
export { configureIteration, iterationSettings, resetIterationSettings, defaultIterationSettings } from './settings.js';
export { MAX_JOB_RUNTIME_EXCEEDED } from './should-exit.js';
export { iterationLogLine, logIterationEvents } from './log-lines.js';
export { iterationPerItemEvents } from './per-item-events.js';
export { CursorEnumerable, type EnumerationSteps } from './cursor-enumerable.js';
export { instrumentPageQuery, type PageQuery } from './query-instrumentation.js';
export { EnumeratorBuilder, enumeratorBuilder, type NestedLevel } from './enumerators/enumerator-builder.js';
export type * from './enumerators/types.js';
export { ParallelFanOut, type ParallelCursor, type PartitionBuilder } from './enumerators/parallel.js';
