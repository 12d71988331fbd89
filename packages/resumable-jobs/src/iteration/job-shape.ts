import { MissingCursorParameterError, MissingIterationMethodError, PerformDefinedError } from './errors.js';

/**
 * job-iteration checks a job's shape when it is created: no perform of its own, both methods present,
 * and build_enumerator taking the `cursor:` keyword. TypeScript cannot see a destructured parameter's
 * name at runtime, so the cursor check is by arity: buildEnumerator(args) (length 1) cannot be
 * passing a cursor on. The engine adds a runtime check on resume (see IterationExecution): a builder
 * that was handed a different cursor, or a first item that repeats the checkpoint, fails the job too.
 */
export function assertIterationShape(job: object, jobName: string, engineExecute: unknown): void {
  const methods = job as Record<string, unknown>;
  if (typeof methods.perform === 'function') throw new PerformDefinedError(jobName, 'perform');
  if (methods.execute !== engineExecute) throw new PerformDefinedError(jobName, 'execute');
  if (typeof methods.buildEnumerator !== 'function') throw new MissingIterationMethodError(jobName, 'buildEnumerator');
  if (typeof methods.eachIteration !== 'function') throw new MissingIterationMethodError(jobName, 'eachIteration');
  const declared = (methods.buildEnumerator as (...args: unknown[]) => unknown).length;
  if (declared < 2) throw new MissingCursorParameterError(jobName, declared);
}
