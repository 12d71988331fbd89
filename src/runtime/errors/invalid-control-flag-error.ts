import { UnrecoverableError } from 'bullmq';

/**
 * The control key held something other than a ControlFlag; refusing beats guessing. Both engines
 * fail the job at once (an UnrecoverableError: retrying would read the same bad flag).
 */
export class InvalidControlFlagError extends UnrecoverableError {
  override readonly name = 'InvalidControlFlagError';
  constructor(key: string, raw: string, detail: string) {
    super(
      `Control key ${key} holds ${JSON.stringify(raw.slice(0, 120))}, which is not a control flag (${detail}); ` +
        'write one with ControlFlags.set(), e.g. {"kind":"now"}',
    );
  }
}
