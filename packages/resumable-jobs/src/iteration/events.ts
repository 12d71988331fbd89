import type { LifecycleEventBase } from '../runtime/lifecycle-events.js';
import type { Cursor } from '../runtime/cursor.js';
import type { InterruptReason } from '../runtime/interruption.js';
import type { FlushTrigger } from './types.js';

/** Every iteration event names the execution (1 for a job's first run, +1 per resume or retry). */
export interface IterationEventBase extends LifecycleEventBase {
  engine: 'iteration';
  execution: number;
}

/** Before buildEnumerator runs; `cursor` is where this execution resumes (null: from the start). */
export interface IterationBuildEnumeratorEvent extends IterationEventBase {
  cursor: Cursor | null;
}

/** buildEnumerator returned null: the job completes at once, no callbacks. */
export type IterationNilEnumeratorEvent = IterationEventBase;

/** A parallel enumerator's first execution enqueued one job per partition instead of iterating. */
export interface IterationEnqueueParallelJobsEvent extends IterationEventBase {
  instances: number;
  childJobIds: string[];
}

/** The enumerator knows how many items it holds in all (its `size`), as of this execution. */
export interface IterationSizeEvent extends IterationEventBase {
  size: number;
}

/**
 * A database enumerator ran one page query (job-iteration's `active_record_cursor.iteration`):
 * which builder, after which cursor, how many rows, how long it took.
 */
export interface IterationPageQueryEvent extends IterationEventBase {
  builder: string;
  after: unknown;
  rows: number;
  durationMs: number;
}

/** A later execution (after an interruption, a throttle, a retry or a crash) starts. */
export interface IterationResumedEvent extends IterationEventBase {
  cursor: Cursor | null;
  interruptions: number;
  failures: number;
  throttles: number;
  runtimeMs: number;
}

/** One item completed; `cursor` is its cursor, `items` counts this execution's items. */
export interface IterationItemEvent extends IterationEventBase {
  cursor: Cursor;
  items: number;
}

/** The checkpoint hash was written. */
export interface IterationFlushedEvent extends IterationEventBase {
  trigger: FlushTrigger;
  cursor: Cursor | null;
  flushes: number;
  runtimeMs: number;
}

/** A throttle enumerator asked to back off; the job is re-enqueued after `backoffMs`. */
export interface IterationThrottledEvent extends IterationEventBase {
  cursor: Cursor | null;
  backoffMs: number;
  throttles: number;
}

/** The execution stopped early and the job was re-enqueued (never a failed attempt). */
export interface IterationInterruptedEvent extends IterationEventBase {
  reason: InterruptReason;
  cursor: Cursor | null;
  items: number;
  interruptions: number;
  runtimeMs: number;
}

/** The enumerator yielded nothing in this execution. */
export interface IterationNotFoundEvent extends IterationEventBase {
  interruptions: number;
}

/** `this.abort()` ended the iteration. */
export interface IterationAbortedEvent extends IterationEventBase {
  cursor: Cursor | null;
  skipComplete: boolean;
}

/** onComplete ran and the checkpoint was deleted. */
export interface IterationCompletedEvent extends IterationEventBase {
  cursor: Cursor | null;
  interruptions: number;
  throttles: number;
  failures: number;
  runtimeMs: number;
  /** Checkpoint writes over the job's life. */
  flushes: number;
  aborted: boolean;
}

/** The job was cancelled: onCancel ran, the checkpoint was deleted, the job completes as cancelled. */
export interface IterationCancelledEvent extends IterationEventBase {
  /** The last completed item's cursor: no item after it ran. */
  cursor: Cursor | null;
  items: number;
  cancelledAt: number;
}

/**
 * Redis refused to write the checkpoint hash (or to re-enqueue the job after writing it): nothing
 * may say it was saved. The hash keeps its previous value (every write is one script) and the job
 * stays active; it resumes from `resumesFrom` once its lock expires, without using an attempt.
 */
export interface IterationCheckpointRefusedEvent extends IterationEventBase {
  /** Redis's answer, one line. */
  error: string;
  lost: string;
  resumesFrom: string;
  /** The cursor that could not be stored, and the one the hash holds. */
  cursor: Cursor | null;
  storedCursor: Cursor | null;
}

/** The execution threw; the checkpoint holds the last completed item, so a retry resumes at the failing one. */
export interface IterationFailedEvent extends IterationEventBase {
  cursor: Cursor | null;
  errorName: string;
  error: string;
  failures: number;
}

declare module '../runtime/lifecycle-events.js' {
  interface LifecycleEventMap {
    'iteration.build-enumerator': IterationBuildEnumeratorEvent;
    'iteration.nil-enumerator': IterationNilEnumeratorEvent;
    'iteration.enqueue-parallel-jobs': IterationEnqueueParallelJobsEvent;
    'iteration.size': IterationSizeEvent;
    'iteration.page-query': IterationPageQueryEvent;
    'iteration.resumed': IterationResumedEvent;
    'iteration.iteration': IterationItemEvent;
    'iteration.flushed': IterationFlushedEvent;
    'iteration.throttled': IterationThrottledEvent;
    'iteration.interrupted': IterationInterruptedEvent;
    'iteration.not-found': IterationNotFoundEvent;
    'iteration.aborted': IterationAbortedEvent;
    'iteration.completed': IterationCompletedEvent;
    'iteration.failed': IterationFailedEvent;
    'iteration.cancelled': IterationCancelledEvent;
    'iteration.checkpoint-refused': IterationCheckpointRefusedEvent;
  }
}

/** The name of an iteration event (`iteration.interrupted`, `iteration.completed`, ...). */
export type IterationEventName =
  | 'iteration.build-enumerator'
  | 'iteration.nil-enumerator'
  | 'iteration.enqueue-parallel-jobs'
  | 'iteration.size'
  | 'iteration.page-query'
  | 'iteration.resumed'
  | 'iteration.iteration'
  | 'iteration.flushed'
  | 'iteration.throttled'
  | 'iteration.interrupted'
  | 'iteration.not-found'
  | 'iteration.aborted'
  | 'iteration.completed'
  | 'iteration.failed'
  | 'iteration.cancelled'
  | 'iteration.checkpoint-refused';
