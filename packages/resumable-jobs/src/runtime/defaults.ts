import { defaultCrashRecovery, worstCaseRecoveryMs, type CrashRecoverySettings } from './crash-recovery.js';

/**
 * How often both engines make a running job's progress durable by default: iteration flushes its
 * checkpoint hash (Sidekiq's 5 s), continuable writes its continuation into the job's data. A
 * SIGKILL therefore loses at most this much work on either engine.
 */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 5_000;

/** How long `closeOnSignals` waits for active jobs to checkpoint before it gives up and exits 1. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** What a user gets without options, in one place (benchmarks and docs read it from here). */
export interface ResumableJobsDefaults {
  /** Both engines' periodic durable write: what a crash loses at most. */
  checkpointIntervalMs: number;
  /** SIGTERM to exit, at most. */
  shutdownGraceMs: number;
  /** Lock and stalled check of every worker the runtime starts. */
  crashRecovery: Readonly<CrashRecoverySettings>;
  /** A SIGKILLed job runs again on another worker within this (plus the time to fetch it). */
  worstCaseRecoveryMs: number;
}

/** The defaults a user gets without options: checkpoint interval, shutdown grace, crash recovery and its worst case. */
export const resumableJobsDefaults: Readonly<ResumableJobsDefaults> = Object.freeze({
  checkpointIntervalMs: DEFAULT_CHECKPOINT_INTERVAL_MS,
  shutdownGraceMs: DEFAULT_SHUTDOWN_GRACE_MS,
  crashRecovery: defaultCrashRecovery,
  worstCaseRecoveryMs: worstCaseRecoveryMs(defaultCrashRecovery),
});
