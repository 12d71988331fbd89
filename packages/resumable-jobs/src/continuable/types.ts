import type { Cursor } from '../runtime/cursor.js';

/** Where and when an interrupted job (or one resumed after an error) runs again. */
export interface ResumeOptions {
  /** Wait before the job runs again (Rails `resume_options: { wait: 5.seconds }`). */
  delayMs: number;
  /** Resume on another queue of the same runtime (a worker must consume it). */
  queue?: string;
}

/**
 * The continuation as stored in the job's data: the steps completed, in order, and the step in
 * progress with its cursor. Rails stores exactly this under `job_data["continuation"]`.
 */
export interface SerializedContinuation {
  completed: string[];
  current?: [name: string, cursor: Cursor | undefined];
}

/** A continuable job's BullMQ data. `jobData(args)` builds the first one: `{ args }`. */
export interface ContinuableJobData<Args = unknown> {
  args: Args;
  continuation?: SerializedContinuation;
  /**
   * Executions that resumed a started continuation, as of the last time the job stopped (Rails
   * stores it the same way: the run that resumes adds one in memory, and stores it if it stops).
   */
  resumptions?: number;
  /**
   * Re-enqueues after an error rather than an interrupt, counted when re-enqueued (Rails keeps
   * a count per error message in `exception_executions`).
   */
  errorResumptions?: number;
}

/** Per-class settings, read from the job class's statics. */
export interface ContinuableSettings {
  resume: ResumeOptions;
  /** Fail with ResumeLimitError instead of resuming more than this many times (undefined: no limit). */
  maxResumptions: number | undefined;
  /** Resume instead of failing when an error follows progress made in this execution. */
  resumeErrorsAfterAdvancing: boolean;
  /** Also write the continuation at a checkpoint once this long has passed since the last write; false: never (Rails). */
  checkpointEveryMs: number | false;
  /** True while a database transaction is open: a checkpoint then fails the job (Rails' guard). */
  isInTransaction: () => boolean;
}

/** The BullMQ return value of a cancelled continuable job (a job that completes keeps perform's). */
export interface ContinuableCancelledResult {
  cancelled: { at: number };
  /** Where the job stood: the steps completed and the step it was in, with its cursor. */
  continuation: SerializedContinuation;
  resumptions: number;
}
