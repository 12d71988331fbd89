export * from './types.js';
export * from './errors.js';
export { ControlFlags, parseControlFlag } from './control-flags.js';
export { compareCursors, cursorReached, findCursorProblem, jsonRoundTripOf, sameCursor, type Cursor, type CursorProblem } from './cursor.js';
export type { StoredProgress } from './stored-progress.js';
export { Interruption, type InterruptionOptions } from './interruption.js';
export { LifecycleBus, type LifecycleEventBase, type LifecycleEventMap, type AnyLifecycleEvent } from './lifecycle-events.js';
export { requeue, isRequeueSignal, type RequeueOptions, type ContinuedElsewhere } from './requeue.js';
export { createWorker, type SignalledProcessor, type WorkerSettings } from './worker-factory.js';
export { closeOnSignals, type GracefulShutdownOptions } from './graceful-shutdown.js';
export { productionCrashRecovery, fastCrashRecovery, type CrashRecoverySettings } from './crash-recovery.js';
export { Runtime, jobNameOf, type RuntimeOptions, type StartWorkerOptions, type EnqueueOptions } from './runtime.js';
export { ProgressPublisher, DEFAULT_PROGRESS_INTERVAL_MS, type ProgressPublisherOptions } from './progress-publisher.js';
export {
  readPublishedProgress,
  publishedProgressSchema,
  type PublishedProgress,
  type PublishedState,
  type ProgressEventFields,
  type ProgressVocabulary,
  type ProgressFieldsOf,
} from './published-progress.js';
