import { UnrecoverableError } from 'bullmq';

/**
 * Base of every error the continuable engine raises about a job's own code or state (Rails
 * `ActiveJob::Continuation::Error`). These are bugs or bad data, so retrying cannot help: it extends
 * BullMQ's UnrecoverableError, which fails the job at once whatever its `attempts`, and the engine
 * never resumes after one.
 */
export class ContinuationError extends UnrecoverableError {
  override readonly name: string = 'ContinuationError';
}
