/**
 * The runtime both engines share on BullMQ, as an application uses it (`resumable-jobs/runtime`):
 * a Runtime to register jobs, start workers and enqueue; graceful shutdown; crash-recovery presets;
 * control flags to interrupt a running job; lifecycle events; the types a job execution sees.
 * The engines reach the runtime's inner parts (requeue, the worker factory, cursor checks) file by file.
 *
 * @packageDocumentation
 */
export * from './types.js';
export * from './errors.js';
export { ControlFlags, type StoredControlFlag, type CancelFlag } from './control-flags.js';
export { ControlFlagPoller, type PolledFlag } from './control-flag-poller.js';
export { isCancelledResult, type CancelledMark } from './cancelled-result.js';
export type { Cursor } from './cursor.js';
export type { StoredProgress } from './stored-progress.js';
export { Interruption, type InterruptionOptions } from './interruption.js';
export { LifecycleBus, type LifecycleEventBase, type LifecycleEventName, type LifecycleEventMap, type AnyLifecycleEvent, type OnAnyOptions } from './lifecycle-events.js';
export { closeOnSignals, type GracefulShutdownOptions, type GracefulClosable, type ShutdownResult, type CloseReport } from './graceful-shutdown.js';
export { resumableJobsDefaults, DEFAULT_CHECKPOINT_INTERVAL_MS, DEFAULT_SHUTDOWN_GRACE_MS, type ResumableJobsDefaults } from './defaults.js';
export {
  defaultCrashRecovery,
  bullmqTimingCrashRecovery,
  fastCrashRecovery,
  worstCaseRecoveryMs,
  crashRecoveryWorkerOptions,
  type CrashRecoverySettings,
} from './crash-recovery.js';
export { refusedCheckpoints } from './refused-checkpoints.js';
export { Runtime, type RuntimeOptions, type StartWorkerOptions, type ProcessorOptions } from './runtime.js';
export { JobProducer, jobNameOf, type JobProducerOptions, type EnqueueOptions, type EnqueueableJob, type ArgsOf } from './job-producer.js';
export { isRedisClient, type RedisSource } from './redis-source.js';
export type { SignalledProcessor } from './worker-factory.js';
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
export { validateRedisUrl, validateDatabaseUrl, REDIS_URL_SHAPE, DATABASE_URL_SHAPE, type RedisAddress } from './connection-url.js';
export { redactUrl, redactSecrets, registerSecret, registerUrlSecret } from './redact.js';
export { logger, loggerFor, serializeError, type Logger } from './logger.js';
export { RedisErrorReporter, isRedisAuthError, type RedisErrorReporterOptions } from './redis-error-reporter.js';
export { defaultRetryPolicy, withRetryPolicy, type RetryPolicy } from './retry-policy.js';
export { readableFailureReason, MAX_FAILURE_REASON } from './failure-reason.js';
export { assertValidArgs, type ArgsSchema } from './job-arguments.js';
export { onEngineKey } from './engine-key-type.js';
export { connectRedis, scanTargets, isClusterUrl, hasHashTag, type RedisConnection } from './redis-connection.js';
export { requeue, type RequeueOptions, type ContinuedElsewhere } from './requeue.js';
