import { ContinuationError } from './continuation-error.js';

/**
 * A cursor would not come back as it went in once stored in the job's data as JSON (NaN, Infinity,
 * a Date, a class instance, `undefined` in an object, a BigInt). Raised where it is set, not when the
 * job is re-enqueued, so the stack trace points at the line to fix.
 */
export class UnserializableCursorError extends ContinuationError {
  override readonly name = 'UnserializableCursorError';
  constructor(
    readonly stepName: string,
    shown: string,
    cameBackAs: string,
  ) {
    super(
      `Cursor ${shown} of step '${stepName}' does not survive a JSON round trip (it would come back as ${cameBackAs}): ` +
        'cursors are stored in the job data as JSON; use strings, finite numbers, booleans, null, arrays and ' +
        'plain objects (e.g. an ISO string for a date)',
    );
  }
}
