/** `npm run bench` was given arguments it does not take. */
export class BenchUsageError extends Error {
  override readonly name = 'BenchUsageError';
  constructor(problem: string) {
    super(`npm run bench: ${problem}; usage: npm run bench [-- --smoke] [-- --only 1,2,8]`);
  }
}
