import { UnrecoverableError } from 'bullmq';

// The enumerator builders' errors: bad builder arguments, pages that break the keyset, malformed CSV.

/** An enumerator builder was called with arguments it cannot work with. */
export class InvalidEnumeratorOptionsError extends UnrecoverableError {
  override readonly name = 'InvalidEnumeratorOptionsError';
  constructor(builder: string, problem: string, fix: string) {
    super(`enumerate.${builder}: ${problem}; ${fix}`);
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

/**
 * A page from the keyset enumerator's fetchPage broke the keyset: not an array, a row without a
 * cursor, or a row at or before the cursor it was asked to start after (which would repeat rows or
 * loop forever).
 */
export class KeysetPageError extends UnrecoverableError {
  override readonly name = 'KeysetPageError';
  constructor(builder: string, problem: string, fix: string) {
    super(`enumerate.${builder}: ${problem}; ${fix}`);
  }
}
