/**
 * The benchmarks' named errors: wrong arguments, and runs whose own checks failed, so no number that
 * would time the wrong thing reaches the report.
 */

/** A benchmark's own check of what it did failed, so its numbers would time the wrong thing. */
export class BenchmarkCheckFailedError extends Error {
  override readonly name = 'BenchmarkCheckFailedError';
  constructor(benchmark: string, expected: string, found: string) {
    super(
      `Benchmark "${benchmark}" expected ${expected}, found ${found}; its numbers would not mean what the report ` +
        'says, so none are written: look for a change in the engine or the domain code it exercises',
    );
  }
}

/** `npm run bench` was given arguments it does not take. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
  constructor(problem: string) {
    super(`npm run bench: ${problem}; usage: npm run bench [-- --smoke] [-- --only 1,2,8]`);
  }
}

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
