import { UnrecoverableError } from 'bullmq';

// The enumerator builders' errors: bad builder arguments, queries they cannot page, malformed CSV.

/** An enumerator builder was called with arguments it cannot work with. */
export class InvalidEnumeratorOptionsError extends UnrecoverableError {
  override readonly name = 'InvalidEnumeratorOptionsError';
  constructor(builder: string, problem: string, fix: string) {
    super(`enumerate.${builder}: ${problem}; ${fix}`);
  }
}

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

/** The CSV file is malformed where the enumerator reached it. */
export class CsvParseError extends UnrecoverableError {
  override readonly name = 'CsvParseError';
  constructor(path: string, row: number, byteOffset: number, problem: string) {
    super(
      `CSV ${path}, data row ${row} (byte ${byteOffset}): ${problem}. Fix the file; the job resumes after its last ` +
        'checkpointed row once retried.',
    );
  }
}
