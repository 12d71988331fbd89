/**
 * REDIS_URL or DATABASE_URL (or a URL handed to the runtime) cannot be used as given. The message
 * names the variable, says what is wrong and the shape expected; the password is never shown.
 */
export class InvalidConnectionUrlError extends Error {
  override readonly name = 'InvalidConnectionUrlError';
  /** A configuration mistake, like a usage error: exit code 2 in a CLI. */
  readonly exitCode = 2;
  constructor(
    readonly variable: string,
    shownValue: string,
    problem: string,
    expected: string,
  ) {
    super(`${variable} ${shownValue} ${problem}; expected ${expected}`);
  }
}
