import { UnrecoverableError } from 'bullmq';

/**
 * A job's arguments do not match its class's `argsSchema`: thrown by `enqueue` (nothing is added)
 * and at execution (the job fails at once: retrying the same arguments cannot help). One line,
 * naming the job and the first field that is wrong.
 */
export class InvalidJobArgumentsError extends UnrecoverableError {
  override readonly name = 'InvalidJobArgumentsError';
  constructor(
    readonly jobName: string,
    readonly field: string,
    problem: string,
    when: 'enqueue' | 'execution',
  ) {
    super(
      `${jobName}: argument ${field} ${problem}` +
        (when === 'enqueue' ? '; fix the arguments and enqueue again' : '; the job cannot run with these arguments, enqueue it again with valid ones'),
    );
  }
}
