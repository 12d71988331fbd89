/**
 * How BullMQ notices a worker that died mid-job (SIGKILL, OOM, power loss) and hands the job on.
 *
 * A live worker's stalled check moves an active job whose lock expired back to wait. BullMQ counts
 * each stall on the job and never resets the count, and its default `maxStalledCount: 1` fails a
 * job on its *second* crash: wrong for jobs that run for hours across many deploys. Resumable jobs
 * checkpoint, so a stall is cheap; allow many.
 */
export interface CrashRecoverySettings {
  /** How long a lock lives without renewal; a dead worker's job is recoverable after this. */
  lockDurationMs: number;
  /** How often live workers look for expired locks. */
  stalledIntervalMs: number;
  /** Stalls a job may survive before BullMQ fails it. */
  maxStalledCount: number;
}

/** Production values: BullMQ's timing, but a job survives many crashes. */
export const productionCrashRecovery: CrashRecoverySettings = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 1_000,
};

/**
 * Scenario values: a killed worker's job is picked up again in about two seconds. (A 1 s lock is
 * faster still, but a loaded 2-core machine can then miss a renewal and lose a live job's lock.)
 */
export const fastCrashRecovery: CrashRecoverySettings = {
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
  maxStalledCount: 1_000,
};
