/**
 * The operator side's errors: each message says what went wrong and what to do, in one line, so a
 * command prints it as it is (exit code 1).
 */
export class OperatorError extends Error {
  override readonly name: string = 'OperatorError';
  readonly exitCode = 1;
}

/** Neither REDIS_URL/DATABASE_URL nor a recorded stack: nothing to talk to. */
export class ServersNotFoundError extends OperatorError {
  override readonly name = 'ServersNotFoundError';
}

/** The detached stack could not be started or stopped. */
export class StackHolderError extends OperatorError {
  override readonly name = 'StackHolderError';
}

/** A job id that the queue does not know. */
export class UnknownDemoJobError extends OperatorError {
  override readonly name = 'UnknownDemoJobError';
  constructor(jobId: string) {
    super(`no job "${jobId}" in the demo queue; npm run jobs -- list shows the jobs there are`);
  }
}

/** A job in the queue that is not one of the six demo jobs. */
export class NotADemoJobError extends OperatorError {
  override readonly name = 'NotADemoJobError';
  constructor(jobId: string, jobName: string) {
    super(`job "${jobId}" is a ${jobName}, not one of the demo jobs`);
  }
}

/** A demo run did not end as it should (a job failed, or did not finish in time). */
export class DemoRunError extends OperatorError {
  override readonly name = 'DemoRunError';
}

/** Another `stack up` holds the start lock: two would start two stacks and record one. */
export class StackStartingError extends OperatorError {
  override readonly name = 'StackStartingError';
  constructor(lockFile: string) {
    super(`another \`npm run stack -- up\` is starting a stack right now (lock ${lockFile}); wait for it, then npm run stack -- status`);
  }
}
