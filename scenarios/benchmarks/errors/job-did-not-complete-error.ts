/** A benchmark job failed, or was not completed before the deadline, so its timing means nothing. */
export class JobDidNotCompleteError extends Error {
  override readonly name = 'JobDidNotCompleteError';
  constructor(jobName: string, jobId: string, state: string, detail: string) {
    super(
      `Benchmark job ${jobName} (id ${jobId}) is "${state}" instead of completed: ${detail}; ` +
        'check that the worker started and that Redis answers, then run `npm run bench` again',
    );
  }
}
