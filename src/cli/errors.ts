/**
 * The command line's named errors: each message is the whole story (what was wrong, what to type or
 * start), printed as it is; usage errors exit 2, an unreachable server 1.
 */

/** The command line was wrong. The message is the whole story: what was wrong and what to type. Exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
  readonly exitCode = 2;
}

/** The CLI could not open a connection to PostgreSQL. Exit code 1. */
export class DatabaseUnreachableError extends Error {
  override readonly name = 'DatabaseUnreachableError';
  readonly exitCode = 1;
  constructor(url: string, reason: string) {
    super(`cannot reach PostgreSQL at ${url} (${reason}); start it, or set DATABASE_URL to a server you can reach`);
  }
}
