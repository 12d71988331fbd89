/** A control flag was asked for a job that has already completed or failed for good. */
export class ControlFlagForEndedJobError extends Error {
  override readonly name = 'ControlFlagForEndedJobError';
  constructor(queueName: string, jobId: string) {
    super(
      `Job ${jobId} in queue ${queueName} has already ended, so there is nothing to interrupt; ` +
        'a flag kept for it would stop the next job that reuses the id. Flag a running or waiting job instead',
    );
  }
}
