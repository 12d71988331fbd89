import { UnrecoverableError } from 'bullmq';

/** The checkpoint says "resume after X" but the enumerator started somewhere else. */
export class CursorIgnoredError extends UnrecoverableError {
  override readonly name = 'CursorIgnoredError';
  constructor(jobName: string, stored: unknown, detail: string) {
    super(
      `${jobName} resumed with checkpoint cursor ${JSON.stringify(stored)} but ${detail}, so items would be ` +
        'repeated or skipped. Pass the cursor buildEnumerator receives to the enumerator it returns: ' +
        'buildEnumerator(args, { cursor }) { return this.enumerate.array(items, { cursor }); }, and make custom ' +
        'enumerators start strictly after it.',
    );
  }
}
