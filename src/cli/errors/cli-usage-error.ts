/** The command line was wrong. The message is the whole story: what was wrong and what to type. Exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly exitCode = 2;
}
