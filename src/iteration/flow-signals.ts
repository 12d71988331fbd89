/*
 * Control flow the engine needs to carry out of user code (job-iteration uses Ruby's catch/throw).
 * They are deliberately not Errors: code that catches and logs `Error`s should let them pass, and
 * the engine never reports them as failures.
 */

/** Thrown by `this.abort()`: end the iteration now, completed (onComplete runs) or not. */
export class IterationAbort {
  constructor(readonly skipComplete: boolean) {}
}

/** Thrown by the throttle enumerator before it fetches: re-enqueue after `backoffMs`. */
export class IterationThrottle {
  constructor(readonly backoffMs: number) {}
}
