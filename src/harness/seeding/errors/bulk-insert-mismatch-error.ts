/** A bulk insert returned fewer (or more) ids than rows: the seeder cannot hand back reliable ids. */
export class BulkInsertMismatchError extends Error {
  override readonly name = 'BulkInsertMismatchError';
  constructor(entity: string, rows: number, ids: number) {
    super(
      `Inserted ${rows} ${entity} rows but got ${ids} ids back; the table needs a serial primary key ` +
        'returned by INSERT … RETURNING (check the entity definition)',
    );
  }
}
