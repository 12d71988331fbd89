import { SubjectNotFoundError } from '../../domain/errors.js';
import type { Engine } from '../../domain/types.js';
import { MissingSubjectError } from '../errors.js';

/** Runs `work`; a SubjectNotFoundError from it fails the job once (MissingSubjectError), not every attempt. */
export async function failingOnceIfMissing<T>(engine: Engine, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SubjectNotFoundError) throw new MissingSubjectError(engine, error);
    throw error;
  }
}
