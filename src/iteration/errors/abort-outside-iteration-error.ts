import { UnrecoverableError } from 'bullmq';

/** abort() was called where there is no iteration left to stop (onShutdown, onComplete). */
export class AbortOutsideIterationError extends UnrecoverableError {
  override readonly name = 'AbortOutsideIterationError';
  constructor(jobName: string, where: string) {
    super(
      `${jobName} called abort() in ${where}, after iteration ended; call it from onStart, onResume, ` +
        'aroundIteration or eachIteration (or return null from buildEnumerator to skip the job).',
    );
  }
}
