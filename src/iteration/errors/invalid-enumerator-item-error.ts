import { UnrecoverableError } from 'bullmq';

/** The enumerator yielded something other than an [item, cursor] pair. */
export class InvalidEnumeratorItemError extends UnrecoverableError {
  override readonly name = 'InvalidEnumeratorItemError';
  constructor(jobName: string, position: number, yielded: string) {
    super(
      `${jobName}'s enumerator yielded ${yielded} as item ${position} of this execution; every step must be an ` +
        '[item, cursor] pair (e.g. `yield [row, row.id]`), where cursor marks the item done. Use the builders on ' +
        'this.enumerate, or yield pairs from your own generator.',
    );
  }
}
