import { UnrecoverableError } from 'bullmq';

/**
 * buildEnumerator declares fewer than two parameters, so it cannot see the cursor and every
 * resume would start over (job-iteration refuses a build_enumerator without the `cursor:` keyword).
 */
export class MissingCursorParameterError extends UnrecoverableError {
  override readonly name = 'MissingCursorParameterError';
  constructor(jobName: string, declared: number) {
    super(
      `${jobName}.buildEnumerator declares ${declared} parameter(s) but must take (args, { cursor }) and pass ` +
        'cursor to its enumerator, e.g. buildEnumerator(args, { cursor }) { return this.enumerate.records(em, Entity, where, { cursor }); }. ' +
        '(A default value on the second parameter also hides it from this check: drop the default.)',
    );
  }
}
