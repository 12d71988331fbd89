/** Every scenario file gets its own database, so the admin URL's user must be allowed to create them. */
export class DatabaseUserCannotCreateDatabasesError extends Error {
  override readonly name = 'DatabaseUserCannotCreateDatabasesError';
  constructor(user: string, redactedUrl: string) {
    super(
      `The PostgreSQL user "${user}" of ${redactedUrl} may not create databases, but each scenario file ` +
        `gets its own: run ALTER ROLE "${user}" CREATEDB, or point DATABASE_URL at a superuser.`,
    );
  }
}
