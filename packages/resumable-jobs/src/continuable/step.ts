import { inspect, isDeepStrictEqual } from 'node:util';
import { findCursorProblem, jsonRoundTripOf, type Cursor } from '../runtime/cursor.js';
import { nextCursor, type CursorSuccessor } from './cursor-successor.js';
import { UnserializableCursorError } from './errors.js';

/** The body of a step: a block, or a method of the job (called with the job as `this`). */
export type StepBody<C extends Cursor = Cursor> = (step: Step<C>) => unknown;

/** Options of `this.step(name, body, options)`: where a fresh step starts, and whether it runs isolated. */
export interface StepOptions<C extends Cursor = Cursor> {
  /** The cursor a step starts from when it is not resumed (Rails `start:`); default undefined (no cursor yet). */
  start?: C;
  /**
   * Run this step as the first step of an execution: the job is interrupted (reason `isolating`)
   * before it, and before the step that follows it, when the execution has already made progress.
   */
  isolated?: boolean;
  /** How `advance()` finds the next cursor when it is not an integer. */
  successor?: CursorSuccessor<C>;
}

/** What a host answers for a checkpoint that lets the job go on at once: one shared, resolved promise. */
export const checkpointPassed: Promise<void> = Promise.resolve();

/** What a step needs from the execution running it. */
export interface StepHost {
  /**
   * Checks for an interruption (may throw ContinuationInterrupt) and may write the continuation;
   * `cursor` is the step's cursor at this checkpoint (an operator may ask to stop at one).
   * Answers `checkpointPassed` when the job goes on at once.
   */
  checkpoint(cursor: Cursor | undefined): Promise<void>;
  /** Called when a cursor change counts as an item of progress (for the item budget). */
  cursorMoved(): void;
}

/**
 * One step of a continuable job, handed to the step's body (Rails `Continuation::Step`).
 *
 * The cursor is the step's own record of progress: the body reads it to know where to start and
 * moves it as work gets done. `set(x)` stores x; `advance({ from })` stores the position after
 * `from` (Rails `from.succ`). Both, and `checkpoint()`, are checkpoints: the job may stop there,
 * and resumes this step later with the cursor as it was set.
 */
export class Step<C extends Cursor = Cursor> {
  private currentCursor: C | undefined;
  private readonly initialCursor: C | undefined;

  /** @internal The engine creates steps; a job receives them in its step bodies. */
  constructor(
    /** The step's name, as stored in the continuation. */
    readonly name: string,
    cursor: C | undefined,
    /** True when this step was in progress when the job last stopped, and picks up its cursor. */
    readonly resumed: boolean,
    private readonly host: StepHost,
    private readonly successor?: CursorSuccessor<C>,
  ) {
    this.initialCursor = cursor;
    this.currentCursor = cursor;
  }

  /**
   * Where the step is: the `start` option, the cursor it resumed with, or the last `set`;
   * undefined before any of them ("no cursor yet", on both engines).
   */
  get cursor(): C | undefined {
    return this.currentCursor;
  }

  /** Has the cursor moved during this execution? (Rails `advanced?`) */
  get advanced(): boolean {
    return !isDeepStrictEqual(this.initialCursor, this.currentCursor);
  }

  /**
   * Stores `cursor` as the step's progress, then checkpoints. Refuses (UnserializableCursorError)
   * a cursor that JSON would not give back unchanged. May throw ContinuationInterrupt: await it.
   * (Not `async`: a refused cursor throws at once, even where the call is not awaited.)
   */
  set(cursor: C): Promise<void> {
    assertCursorRoundTrips(this.name, cursor);
    // Two different primitives differ: the deep comparison is only for arrays and objects.
    const moved = cursor !== this.currentCursor && (typeof cursor !== 'object' || !isDeepStrictEqual(cursor, this.currentCursor));
    this.currentCursor = cursor;
    if (moved) this.host.cursorMoved();
    return this.checkpoint();
  }

  /**
   * Stores the position after `from` (default: the current cursor), then checkpoints. Integers
   * advance by one; other cursor types need the step's `successor` option, else
   * UnadvanceableCursorError. `advance({ from: record.id })` stores `record.id + 1`: the next
   * execution starts at, and includes, that position.
   */
  advance({ from }: { from?: C } = {}): Promise<void> {
    return this.set(nextCursor(this.name, from === undefined ? this.currentCursor : from, this.successor));
  }

  /** A point where the job may stop, without changing the cursor (Rails `checkpoint!`). */
  checkpoint(): Promise<void> {
    const done = this.host.checkpoint(this.currentCursor);
    // A checkpoint that is not awaited must not become an unhandled rejection that kills the
    // worker: the engine notices the lost interrupt when the step returns (SwallowedInterruptError).
    // The shared passed checkpoint cannot reject: no handler (and no promise) per item for it.
    if (done !== checkpointPassed) done.catch(() => undefined);
    return done;
  }

  /** How logs and interrupt messages name the position: `at 'process', cursor '433'`. */
  get description(): string {
    return `at '${this.name}', cursor '${JSON.stringify(this.currentCursor ?? null)}'`;
  }

  /** The stored form, `[name, cursor]` (JSON writes "no cursor yet" in the array as null). */
  toJSON(): [string, C | undefined] {
    return [this.name, this.currentCursor];
  }
}

/**
 * Refuses a cursor that would not come back unchanged from the job's data (JSON): checked where the
 * cursor is set, so the failure points at that line rather than at a later re-enqueue, and no job
 * ever resumes from a silently different cursor (rails/rails#58045: a Date came back a String).
 */
export function assertCursorRoundTrips(stepName: string, cursor: unknown): void {
  if (findCursorProblem(cursor) === undefined) return;
  throw new UnserializableCursorError(stepName, inspect(cursor, { depth: 4 }), jsonRoundTripOf(cursor));
}
