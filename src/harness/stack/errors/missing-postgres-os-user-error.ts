/** Running as root, PostgreSQL must run as another user, and there is no `postgres` OS user. */
export class MissingPostgresOsUserError extends Error {
  override readonly name = 'MissingPostgresOsUserError';
  constructor(cause: unknown) {
    super(
      'Running as root, and PostgreSQL refuses to run as root, but there is no "postgres" OS user to run it as ' +
        `(${String((cause as Error)?.message ?? cause).trim()}): create it (useradd --system postgres, or install ` +
        'the postgresql package), run the tests as a non-root user, or set REDIS_URL and DATABASE_URL.',
      { cause },
    );
  }
}
