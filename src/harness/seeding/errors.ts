/**
 * The seeders' named errors: sizes that are not row counts, unknown customers, inserts whose ids
 * cannot be trusted.
 */

/** A seeding function got a size that is not a whole number of rows. */
export class InvalidSeedSizeError extends Error {
  override readonly name = 'InvalidSeedSizeError';
  constructor(what: string, value: number) {
    super(`Cannot seed ${value} ${what}: pass a whole number of 0 or more (at least 1 for customers)`);
  }
}

/** seedCampaign was asked to address a customer id that is not in the database. */
export class UnknownSeedCustomerError extends Error {
  override readonly name = 'UnknownSeedCustomerError';
  constructor(id: number) {
    super(`Customer ${id} does not exist; pass ids returned by an earlier seeding call, or omit customerIds`);
  }
}

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
