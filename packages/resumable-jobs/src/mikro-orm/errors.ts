import { UnrecoverableError } from 'bullmq';

// The MikroORM enumerators' errors: cursor columns they cannot compare, queries they cannot page.

/** A cursor column the keyset enumerator cannot compare exactly. */
export class UnsupportedCursorColumnError extends UnrecoverableError {
  override readonly name = 'UnsupportedCursorColumnError';
  constructor(entity: string, column: string, reason: string) {
    super(`Cannot use ${entity}.${column} as a cursor column: ${reason}`);
  }
}

/**
 * The records/batches enumerators own ORDER BY and LIMIT (keyset pagination). A query that brings
 * its own would be silently overridden, so it is refused (job-iteration's ConditionNotSupportedError).
 */
export class UnsupportedRecordsQueryError extends UnrecoverableError {
  override readonly name = 'UnsupportedRecordsQueryError';
  constructor(entity: string, option: string) {
    super(
      `The ${entity} query passed to the records/batches enumerator sets ${option}; the enumerator cannot use ORDER BY, ` +
        'LIMIT or OFFSET because it paginates by the cursor columns itself (WHERE (cols) > cursor ORDER BY cols LIMIT batchSize). ' +
        `Remove ${option}; choose the order with the \`columns\` option and the page size with \`batchSize\`.`,
    );
  }
}
