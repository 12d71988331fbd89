import { UnrecoverableError } from 'bullmq';

/**
 * A cursor that would not come back unchanged from JSON. Refused at the item that produced it, before
 * the item runs: storing it would corrupt the resume (job-iteration deferred this check and paid for it).
 */
export class CursorNotSerializableError extends UnrecoverableError {
  override readonly name = 'CursorNotSerializableError';
  constructor(jobName: string, position: number, path: string, problem: string) {
    super(
      `${jobName}'s enumerator yielded a cursor that does not survive JSON at item ${position} of this execution: ` +
        `${path} is ${problem}. Cursors are stored in Redis as JSON; yield strings, finite numbers, booleans, ` +
        'null, arrays or plain objects (e.g. a Date as toISOString(), a BigInt as a string).',
    );
  }
}
