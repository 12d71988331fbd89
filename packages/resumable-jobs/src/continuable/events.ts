import type { LifecycleEventBase } from '../runtime/lifecycle-events.js';
import type { Cursor } from '../runtime/cursor.js';
import type { InterruptReason } from '../runtime/interruption.js';
import type { SerializedContinuation } from './types.js';

/**
 * The continuable engine's lifecycle events (Rails' `*.active_job` instrumentation: interrupt,
 * resume, step_started, step_skipped, step), plus what a BullMQ port adds: where a resumption was
 * scheduled, periodic checkpoint writes and completion. Interrupts are not failures: nothing here
 * counts them as one.
 */
export interface ContinuableEventBase extends LifecycleEventBase {
  engine: 'continuable';
  /** Which run of the job this is: BullMQ's attemptsStarted (Rails `executions`). */
  execution: number;
}

/** Where the continuation stands, as Rails' `instrumentation` payload gives it. */
export interface ContinuationSnapshot {
  /** `at 'process', cursor '433'`, `after 'load'` or `not started`. */
  description: string;
  completed: string[];
  current?: [name: string, cursor: Cursor | undefined];
}

export interface ContinuableInterruptEvent extends ContinuableEventBase, ContinuationSnapshot {
  reason: InterruptReason;
}

export interface ContinuableResumeEvent extends ContinuableEventBase, ContinuationSnapshot {
  /** Resumptions so far, this one included. */
  resumptions: number;
}

export interface ContinuableStepStartedEvent extends ContinuableEventBase {
  step: string;
  /** undefined: no cursor yet. */
  cursor: Cursor | undefined;
  /** Picked up where an earlier execution stopped (then `cursor` is the stored one). */
  resumed: boolean;
}

export interface ContinuableStepSkippedEvent extends ContinuableEventBase {
  step: string;
}

/** A step's body ended: it completed, was interrupted, or threw. */
export interface ContinuableStepCompletedEvent extends ContinuableEventBase {
  step: string;
  /** undefined: no cursor yet. */
  cursor: Cursor | undefined;
  durationMs: number;
  interrupted: boolean;
  error?: { name: string; message: string };
}

/**
 * The job was re-enqueued to resume (after an interrupt, or an error after progress): emitted only
 * once Redis acknowledged both the continuation and the move, so "saved" is true when it is said.
 */
export interface ContinuableResumeScheduledEvent extends ContinuableEventBase {
  cause: 'interrupt' | 'error';
  reason?: InterruptReason;
  error?: { name: string; message: string };
  delayMs: number;
  queue: string;
  /** Resumptions so far; the next execution will be resumption `resumptions + 1`. */
  resumptions: number;
  continuation: SerializedContinuation;
  /** Periodic writes made by this execution before it stopped. */
  checkpointWrites: number;
}

/** `checkpointEveryMs` wrote the continuation into the job's data at a checkpoint. */
export interface ContinuableCheckpointWrittenEvent extends ContinuableEventBase {
  /** Writes made by this execution, this one included. */
  checkpointWrites: number;
  continuation: SerializedContinuation;
}

/**
 * Redis refused to store the continuation (or to re-enqueue the job after storing it): nothing may
 * say it was saved. The job stays active and resumes from `resumesFrom` once its lock expires.
 */
export interface ContinuableCheckpointRefusedEvent extends ContinuableEventBase {
  /** Redis's answer, one line. */
  error: string;
  lost: string;
  resumesFrom: string;
  /** The continuation that could not be stored. */
  continuation: SerializedContinuation;
}

export interface ContinuableCompletedEvent extends ContinuableEventBase {
  completed: string[];
  resumptions: number;
  checkpointWrites: number;
  /** This execution's duration. */
  durationMs: number;
}

/** The job was cancelled: onCancel ran, and the job completes as cancelled (no step after the cancel ran). */
export interface ContinuableCancelledEvent extends ContinuableEventBase {
  completed: string[];
  current?: [name: string, cursor: Cursor | undefined];
  resumptions: number;
  cancelledAt: number;
}

/** Every event the continuable engine emits on `runtime.events`, by name, with its payload. */
export interface ContinuableEventMap {
  'continuable.interrupt': ContinuableInterruptEvent;
  'continuable.resume': ContinuableResumeEvent;
  'continuable.step-started': ContinuableStepStartedEvent;
  'continuable.step-skipped': ContinuableStepSkippedEvent;
  'continuable.step-completed': ContinuableStepCompletedEvent;
  'continuable.resume-scheduled': ContinuableResumeScheduledEvent;
  'continuable.checkpoint-written': ContinuableCheckpointWrittenEvent;
  'continuable.checkpoint-refused': ContinuableCheckpointRefusedEvent;
  'continuable.completed': ContinuableCompletedEvent;
  'continuable.cancelled': ContinuableCancelledEvent;
}

/** The name of a continuable event (`continuable.interrupt`, `continuable.completed`, ...). */
export type ContinuableEventName = keyof ContinuableEventMap;

/** What each event adds to the base fields, i.e. what the engine supplies when it emits. */
export type ContinuableEventDetail<K extends ContinuableEventName> = Omit<
  ContinuableEventMap[K],
  keyof ContinuableEventBase
>;

declare module '../runtime/lifecycle-events.js' {
  interface LifecycleEventMap extends ContinuableEventMap {}
}
