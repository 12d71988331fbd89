/** A job asked a service to handle an order, customer or recipient id that is not in the database. */
export class SubjectNotFoundError extends Error {
  override readonly name = 'SubjectNotFoundError';
  constructor(
    readonly entity: string,
    readonly id: number,
  ) {
    super(
      `${entity} ${id} does not exist in this database (was it given a wrong id, or was the data reset or ` +
        'reseeded while the job was paused?)',
    );
  }
}
