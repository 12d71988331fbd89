import { ContinuationError } from './continuation-error.js';

/** The job stopped again after `maxResumptions` resumptions (Rails `ResumeLimitError`). */
export class ResumeLimitError extends ContinuationError {
  override readonly name = 'ResumeLimitError';
  constructor(
    readonly maxResumptions: number,
    /** What stopped it this time, e.g. `interrupted at 'process', cursor '7' (flag)`. */
    readonly stoppedBecause: string,
    options: { cause?: unknown } = {},
  ) {
    super(
      `Job was resumed a maximum of ${maxResumptions} times; it stopped again (${stoppedBecause}): ` +
        'raise maxResumptions, or find why it keeps stopping',
    );
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
