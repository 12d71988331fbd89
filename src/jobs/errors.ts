import { UnrecoverableError } from 'bullmq';
import type { SubjectNotFoundError } from '../domain/errors.js';
import type { Engine } from '../domain/types.js';

// The demo jobs' own errors.

/**
 * A demo job reached an order, customer, recipient or campaign that is not in the database. No retry
 * can bring it back, so it is an UnrecoverableError: the job fails once, saying which subject and,
 * in its engine's words, how the job came to it, instead of using up every attempt.
 */
export class MissingSubjectError extends UnrecoverableError {
  override readonly name = 'MissingSubjectError';
  constructor(engine: Engine, cause: SubjectNotFoundError) {
    const how = engine === 'iteration' ? 'its enumerator yielded it' : 'one of its steps reached it';
    super(`${cause.message}; ${how}, and a retry cannot bring it back, so the job fails now: enqueue it again with ids from this database`);
    this.cause = cause;
  }
}
