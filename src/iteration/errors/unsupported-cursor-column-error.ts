import { UnrecoverableError } from 'bullmq';

/** A cursor column the keyset enumerator cannot compare exactly. */
export class UnsupportedCursorColumnError extends UnrecoverableError {
  override readonly name = 'UnsupportedCursorColumnError';
  constructor(entity: string, column: string, reason: string) {
    super(`Cannot use ${entity}.${column} as a cursor column: ${reason}`);
  }
}
