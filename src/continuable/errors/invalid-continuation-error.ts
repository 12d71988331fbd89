import { ContinuationError } from './continuation-error.js';

/**
 * The job's stored data is not a continuation this engine wrote: hand-edited, written by other
 * code, or enqueued without `jobData(args)`. Guessing would mean redoing or skipping work, so the
 * job fails and the message says how to recover.
 */
export class InvalidContinuationError extends ContinuationError {
  override readonly name = 'InvalidContinuationError';
  constructor(
    readonly jobId: string,
    readonly jobName: string,
    readonly problem: string,
  ) {
    super(
      `Job ${jobId} (${jobName}) has malformed continuation data: ${problem}. The engine will not guess where to ` +
        'resume. Fix the job data (shape: { args, continuation?: { completed: string[], current?: [step, cursor] }, ' +
        'resumptions?: number }) and retry the job, or remove it and enqueue it again to start over',
    );
  }
}
