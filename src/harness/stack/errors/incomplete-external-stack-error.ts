/** Only one of REDIS_URL / DATABASE_URL is set: silently starting our own servers would ignore it. */
export class IncompleteExternalStackError extends Error {
  override readonly name = 'IncompleteExternalStackError';
  constructor(setVariable: string, missingVariable: string) {
    super(
      `${setVariable} is set but ${missingVariable} is not: set both to use your own servers, ` +
        `or unset ${setVariable} to let the provider start Redis and PostgreSQL.`,
    );
  }
}
