import { InvalidEnumeratorOptionsError } from './errors.js';

/** Validates an index cursor (array, times, csv row); -1 means "nothing done yet". */
export function indexCursor(builder: string, cursor: unknown): number {
  if (cursor === undefined || cursor === null) return -1;
  if (typeof cursor === 'number' && Number.isSafeInteger(cursor) && cursor >= 0) return cursor;
  throw new InvalidEnumeratorOptionsError(
    builder,
    `cursor ${JSON.stringify(cursor)} is not an index this enumerator produced`,
    'pass the cursor buildEnumerator received; if the job switched enumerators while jobs were in flight, repair or delete their checkpoints',
  );
}
