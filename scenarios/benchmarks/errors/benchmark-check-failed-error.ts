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
