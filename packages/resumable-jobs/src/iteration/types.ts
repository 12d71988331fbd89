import type { Cursor } from '../runtime/cursor.js';
import type { InterruptReason } from '../runtime/interruption.js';

/** One step of an enumerator: the item to process and the cursor that marks it done. */
export type EnumeratedPair<Item, C> = readonly [item: Item, cursor: C];

/** What `buildEnumerator` may return: a (sync or async) iterable of `[item, cursor]` pairs. */
export type Enumeration<Item, C> = AsyncIterable<EnumeratedPair<Item, C>> | Iterable<EnumeratedPair<Item, C>>;

/** The second argument of `buildEnumerator`: where to resume (strictly after `cursor`). */
export interface BuildEnumeratorOptions<C> {
  /** Cursor of the last completed item, or undefined on a fresh start. */
  cursor: C | undefined;
}

/** What `shouldExit()` may answer: a reason to stop, `true` (reason "interrupted"), or nothing. */
export type ExitDecision = InterruptReason | boolean | null | undefined;

/** `this.abort()` completes early (onComplete runs); `{ skipComplete: true }` stops without it. */
export interface AbortOptions {
  skipComplete?: boolean;
}

/** Job data as the engine enqueues it: progress never lives here, only in the checkpoint hash. */
export interface IterationJobData<Args> {
  args: Args;
}

/** Engine-wide settings (job-iteration's `JobIteration.max_job_runtime`, `default_retry_backoff`). */
export interface IterationSettings {
  /** Interrupt an execution after this long; a job class may set a lower one (the lower wins). */
  maxJobRuntimeMs: number | undefined;
  /** Delay before an interrupted job runs again; 0 puts it straight back in the wait list. */
  retryBackoffMs: number;
  /** Write the cursor at an item boundary at least this often, bounding what a crash loses. */
  flushIntervalMs: number;
  /** The checkpoint hash expires this long after its last write (refreshed on every write). */
  checkpointTtlMs: number;
}

/** The per-class knobs a job may declare as statics. */
export interface IterationClassSettings {
  maxJobRuntimeMs?: number;
  retryBackoffMs?: number;
  flushIntervalMs?: number;
}

/** The checkpoint hash, parsed. Counters absent from the hash read as 0. */
export interface CheckpointState {
  /** Cursor of the last completed item; undefined when no item was ever checkpointed. */
  cursor: Cursor | undefined;
  /** Executions started, this one included once `begin()` ran. */
  executions: number;
  /** Interruptions (shutdown, flag, time, budget, custom): never failed attempts. */
  interruptions: number;
  /** Executions that ended with an error (BullMQ then retries if attempts remain). */
  failures: number;
  /** Throttle re-enqueues (counted apart from interruptions). */
  throttles: number;
  /** Time spent iterating, summed over executions, as of the last write. */
  runtimeMs: number;
  /** Checkpoint writes so far (interval, interrupt, error, throttle). */
  flushes: number;
}

/** Why the engine wrote the checkpoint. */
export type FlushTrigger = 'interval' | 'interrupt' | 'error' | 'throttle' | 'requeue';

/** How an execution that did not throw ended. */
export type IterationOutcome =
  | { kind: 'completed' }
  | { kind: 'aborted'; skipComplete: boolean }
  | { kind: 'interrupted'; reason: InterruptReason }
  | { kind: 'throttled'; backoffMs: number }
  | { kind: 'cancelled'; cancelledAt: number };

/** The BullMQ return value of a finished iteration job (kept in the job's `returnvalue`). */
export interface IterationResult {
  /** `fanned-out`: a parallel enumerator's parent, which enqueued its partitions' jobs and iterated nothing. */
  outcome: 'completed' | 'aborted' | 'skipped' | 'cancelled' | 'fanned-out';
  /** Only on a cancelled job: when the cancel was asked for (ms since the epoch). */
  cancelled?: { at: number };
  cursor: Cursor | null;
  executions: number;
  interruptions: number;
  throttles: number;
  failures: number;
  runtimeMs: number;
  /** Checkpoint writes over the job's life (the hash itself is gone once the job completes). */
  flushes: number;
}

/** The job's methods as the engine calls them (bound closures, so the job's hooks can stay protected). */
export interface IterationHooks<Args, Item, C> {
  jobName: string;
  buildEnumerator(args: Args, options: BuildEnumeratorOptions<C>): unknown;
  eachIteration(item: Item, args: Args): unknown;
  onStart(): unknown;
  onResume(): unknown;
  onShutdown(): unknown;
  onComplete(): unknown;
  onCancel(): unknown;
  /** Absent when the job does not wrap its items: the engine then calls eachIteration directly. */
  aroundIteration?(next: () => Promise<void>, item: Item): unknown;
  /** Absent when the job keeps the default decision: the engine then asks it directly. */
  shouldExit?(): ExitDecision | Promise<ExitDecision>;
}

/** The settings one execution runs with (global and per-class settings resolved). */
export interface ExecutionConfig {
  maxJobRuntimeMs: number | undefined;
  retryBackoffMs: number;
  flushIntervalMs: number;
  /** How long a checkpoint hash lives after its last write (also for the hashes a fan-out seeds). */
  checkpointTtlMs: number;
}

/** The result of starting an execution: what earlier executions left, and this execution's state. */
export interface BegunExecution {
  /** undefined on a job's first execution. */
  previous: CheckpointState | undefined;
  state: CheckpointState;
  /** A hash left by an earlier job with the same id was deleted first (this job starts afresh). */
  discarded?: boolean;
}
