import { UnrecoverableError } from 'bullmq';

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
