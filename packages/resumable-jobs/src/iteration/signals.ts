/*
 * Control flow the iteration engine carries out of user code (job-iteration uses Ruby's
 * catch/throw). Not errors, and deliberately not Error instances: code that catches and logs
 * `Error`s lets them pass, and the engine never reports them as failures (its errors are in errors.ts).
 */

/** Thrown by `this.abort()`: end the iteration now, completed (onComplete runs) or not. */
export class IterationAbort {
  constructor(readonly skipComplete: boolean) {}
}

/** Thrown by the throttle enumerator before it fetches: re-enqueue after `backoffMs`. */
export class IterationThrottle {
  constructor(readonly backoffMs: number) {}
}

/** True for what `this.abort()` throws: a `catch` in `eachIteration` rethrows it when this says so. */
export function isIterationAbort(value: unknown): value is IterationAbort {
  return value instanceof IterationAbort;
}

/** True for what the throttle enumerator throws: a `catch` around enumeration rethrows it when this says so. */
export function isIterationThrottle(value: unknown): value is IterationThrottle {
  return value instanceof IterationThrottle;
}
