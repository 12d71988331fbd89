import { UnrecoverableError } from 'bullmq';

// The continuable engine's errors. The interrupt a checkpoint throws is not one of them: see signals.ts.

/**
 * Base of every error the continuable engine raises about a job's own code or state (Rails
 * `ActiveJob::Continuation::Error`). These are bugs or bad data, so retrying cannot help: it extends
 * BullMQ's UnrecoverableError, which fails the job at once whatever its `attempts`, and the engine
 * never resumes after one.
 */
export class ContinuationError extends UnrecoverableError {
  override readonly name: string = 'ContinuationError';
}

/** Which rule a step broke (Rails validation.rb, plus the two an async port needs). */
export type InvalidStepRule =
  | 'name'
  | 'method'
  | 'duplicate'
  | 'nested'
  | 'unexpected'
  | 'reordered'
  | 'unawaited';

/**
 * A step broke a rule of `perform()`: a bad or duplicate name, a step inside a step, or a step list
 * that no longer matches the stored continuation (the code changed between an interrupt and its
 * resumption). Rails' messages come first, verbatim in shape; what to do follows.
 */
export class InvalidStepError extends ContinuationError {
  override readonly name = 'InvalidStepError';
  constructor(
    message: string,
    readonly rule: InvalidStepRule,
  ) {
    super(message);
  }
}

/** `advance()` was asked for the next position of a cursor that has none (Rails: no `succ`). */
export class UnadvanceableCursorError extends ContinuationError {
  override readonly name = 'UnadvanceableCursorError';
  constructor(
    readonly stepName: string,
    /** 'null', 'float', 'unsafe integer', 'string', 'boolean', 'array', 'object'… */
    readonly cursorType: string,
    shown: string,
  ) {
    super(
      `Cursor of type '${cursorType}' has no successor (step '${stepName}', cursor ${shown}): advance() finds the ` +
        'next integer; give the step a { start } (e.g. 0), a { successor } for other cursor types, or call set(next)',
    );
  }
}

/**
 * A cursor would not come back as it went in once stored in the job's data as JSON (NaN, Infinity,
 * a Date, a class instance, `undefined` in an object, a BigInt). Raised where it is set, not when the
 * job is re-enqueued, so the stack trace points at the line to fix.
 */
export class UnserializableCursorError extends ContinuationError {
  override readonly name = 'UnserializableCursorError';
  constructor(
    readonly stepName: string,
    shown: string,
    cameBackAs: string,
  ) {
    super(
      `Cursor ${shown} of step '${stepName}' does not survive a JSON round trip (it would come back as ${cameBackAs}): ` +
        'cursors are stored in the job data as JSON; use strings, finite numbers, booleans, null, arrays and ' +
        'plain objects (e.g. an ISO string for a date)',
    );
  }
}

/**
 * The job's stored data is not a continuation this engine wrote: hand-edited, written by other
 * code, or enqueued without `jobData(args)`. Guessing would mean redoing or skipping work, so the
 * job fails and the message says how to recover.
 */
export class InvalidContinuationError extends ContinuationError {
  override readonly name = 'InvalidContinuationError';
  constructor(
    readonly jobId: string,
    readonly jobName: string,
    readonly problem: string,
  ) {
    super(
      `Job ${jobId} (${jobName}) has malformed continuation data: ${problem}. The engine will not guess where to ` +
        'resume. Fix the job data (shape: { args, continuation?: { completed: string[], current?: [step, cursor] }, ' +
        'resumptions?: number }) and retry the job, or remove it and enqueue it again to start over',
    );
  }
}

/** The job stopped again after `maxResumptions` resumptions (Rails `ResumeLimitError`). */
export class ResumeLimitError extends ContinuationError {
  override readonly name = 'ResumeLimitError';
  constructor(
    readonly maxResumptions: number,
    /** What stopped it this time, e.g. `interrupted at 'process', cursor '7' (flag)`. */
    readonly stoppedBecause: string,
    options: { cause?: unknown } = {},
  ) {
    super(
      `Job was resumed a maximum of ${maxResumptions} times; it stopped again (${stoppedBecause}): ` +
        'raise maxResumptions, or find why it keeps stopping',
    );
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

/**
 * A checkpoint threw the engine's ContinuationInterrupt and the code around it went on as if nothing
 * happened: a catch-all `try/catch` swallowed it, or a `step.set/advance/checkpoint()` was not
 * awaited. Completing the step now could mark unfinished work as done, so the job fails instead.
 */
export class SwallowedInterruptError extends ContinuationError {
  override readonly name = 'SwallowedInterruptError';
  constructor(where: string, interruptMessage: string) {
    super(
      `${where} returned normally after it was interrupted (${interruptMessage}): a catch block swallowed the ` +
        'ContinuationInterrupt, or a step.set()/advance()/checkpoint() was not awaited. Await every checkpoint and ' +
        'rethrow interrupts from catch blocks: if (isContinuationInterrupt(error)) throw error',
    );
  }
}

/** `args`, `job` or `step()` was used outside `perform()`: they exist only while the job runs. */
export class ContinuableJobNotRunningError extends Error {
  override readonly name = 'ContinuableJobNotRunningError';
  constructor(jobName: string, what: string) {
    super(
      `${jobName} is not running, so it has no ${what}: use args, job, resumptions and step() only inside ` +
        'perform() (the runtime constructs the job and calls execute())',
    );
  }
}

/**
 * A checkpoint ran while a database transaction was open (Rails `CheckpointError`, "Cannot
 * checkpoint job with open transactions"). A stop there would unwind the transaction, rolling back
 * work the cursor already counts as done; so the job fails at once instead of resuming.
 */
export class CheckpointInTransactionError extends ContinuationError {
  override readonly name = 'CheckpointInTransactionError';
  constructor(jobName: string, where: string) {
    super(
      `Cannot checkpoint job with open transactions: ${jobName} ${where}; ` +
        'commit first: call step.set()/advance()/checkpoint() after the transaction, not inside it',
    );
  }
}
