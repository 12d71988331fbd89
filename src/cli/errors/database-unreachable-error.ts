/** The CLI could not open a connection to PostgreSQL. Exit code 1. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
  readonly exitCode = 1;
  constructor(url: string, reason: string) {
    super(`cannot reach PostgreSQL at ${url} (${reason}); start it, or set DATABASE_URL to a server you can reach`);
  }
}
