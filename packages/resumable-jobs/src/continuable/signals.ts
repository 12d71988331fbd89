import type { InterruptReason } from '../runtime/interruption.js';

/*
 * Control flow the continuable engine carries out of user code. Not errors: nothing here is a
 * failure, and the engine never reports one as such (the engine's errors are in errors.ts).
 */

/**
 * Not an error: the signal a checkpoint throws to unwind `perform()` when the job must stop (Rails
 * `Continuation::Interrupt`). The engine catches it, stores the continuation and re-enqueues the job.
 *
 * Rails derives it from `Exception` so that `rescue => e` does not catch it; JavaScript has no such
 * split, so a catch-all in a step will catch it too. Rethrow it (`isContinuationInterrupt`), or the
 * engine fails the job with SwallowedInterruptError rather than complete a step that was cut short.
 * (It extends Error, unlike the iteration engine's signals, for its message and stack: a swallowed
 * interrupt is reported with both.)
 */
export class ContinuationInterrupt extends Error {
  override readonly name = 'ContinuationInterrupt';
  constructor(
    readonly reason: InterruptReason,
    readonly description: string,
  ) {
    super(`Interrupted ${description} (${reason})`);
  }
}

/** True for the interrupt a checkpoint throws: a `catch` in a step rethrows it when this says so. */
export function isContinuationInterrupt(value: unknown): value is ContinuationInterrupt {
  return value instanceof ContinuationInterrupt;
}
