/** A disposable local server did not become ready; carries the end of its output to show why. */
export class LocalServerStartError extends Error {
  override readonly name = 'LocalServerStartError';
  constructor(server: string, problem: string, outputTail: string) {
    super(
      `${server} did not start: ${problem}. ` +
        'Check that its binaries work when run by hand, or set REDIS_URL and DATABASE_URL to servers you run.' +
        (outputTail ? `\n--- last output of ${server} ---\n${outputTail}` : ''),
    );
  }
}
