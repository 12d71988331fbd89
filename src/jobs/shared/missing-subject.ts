import { UnrecoverableError } from 'bullmq';
import { SubjectNotFoundError } from '../../domain/errors/subject-not-found-error.js';
import type { Engine } from '../../domain/types.js';

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

/** Runs `work`; a SubjectNotFoundError from it fails the job once (MissingSubjectError). */
export async function failingOnceIfMissing<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SubjectNotFoundError) throw new MissingSubjectError(engine, error);
    throw error;
  }
}
