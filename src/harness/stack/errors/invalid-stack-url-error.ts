/** REDIS_URL or DATABASE_URL does not parse as a URL of the right kind. */
export class InvalidStackUrlError extends Error {
  override readonly name = 'InvalidStackUrlError';
  constructor(variable: string, redactedValue: string, expectedShape: string) {
    super(`${variable} (${redactedValue}) is not a valid URL for it: use ${expectedShape}.`);
  }
}
