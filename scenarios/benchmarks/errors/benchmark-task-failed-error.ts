/** A tinybench task threw or was aborted, so it has no statistics to report. */
export class BenchmarkTaskFailedError extends Error {
  override readonly name = 'BenchmarkTaskFailedError';
  constructor(benchmark: string, task: string, state: string, cause?: Error) {
    super(
      `Benchmark "${benchmark}", task "${task}" ended ${state}${cause ? `: ${cause.message}` : ''}; ` +
        'fix the cause above and run `npm run bench` again (no partial report is written)',
      cause ? { cause } : undefined,
    );
  }
}
