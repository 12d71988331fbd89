/** Nothing to run Redis and PostgreSQL on: no URLs, no Docker, no local binaries. */
export class StackUnavailableError extends Error {
  override readonly name = 'StackUnavailableError';
  constructor(dockerReason: string, missingBinaries: string[]) {
    super(
      'No Redis/PostgreSQL for the tests: REDIS_URL and DATABASE_URL are not set, ' +
        `no Docker engine answered (${dockerReason}), ` +
        `and local binaries are missing (${missingBinaries.join(', ')}). ` +
        'Fix one of: (1) set REDIS_URL and DATABASE_URL to servers you run; ' +
        '(2) start a Docker engine so testcontainers can start Redis and PostgreSQL; ' +
        '(3) install redis-server and PostgreSQL (apt-get install -y redis-server postgresql) ' +
        'so the tests start disposable local servers.',
    );
  }
}
