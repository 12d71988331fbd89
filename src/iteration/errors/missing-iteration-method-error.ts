import { UnrecoverableError } from 'bullmq';

/** A job class (usually plain JavaScript) lacks buildEnumerator or eachIteration. */
export class MissingIterationMethodError extends UnrecoverableError {
  override readonly name = 'MissingIterationMethodError';
  constructor(jobName: string, method: 'buildEnumerator' | 'eachIteration') {
    const example =
      method === 'buildEnumerator'
        ? 'buildEnumerator(args, { cursor }) { return this.enumerate.array(items, { cursor }); }'
        : 'async eachIteration(item, args) { ... }';
    super(`${jobName} does not implement ${method}(); an iteration job needs both methods, e.g. ${example}`);
  }
}
