import { CursorEnumerable } from '../cursor-enumerable.js';
import { describeValue } from '../describe-value.js';
import { InvalidEnumeratorOptionsError } from './errors.js';
import { indexCursor } from './index-cursor.js';

/** The elements of an array with their index as cursor; resumes after the index (job-iteration `array`). */
export function arrayEnumerator<T>(items: readonly T[], options: { cursor: number | undefined }): CursorEnumerable<T, number> {
  if (!Array.isArray(items)) {
    throw new InvalidEnumeratorOptionsError('array', `expected an array, got ${describeValue(items)}`, 'for database rows use enumerate.keyset (or records from resumable-jobs/mikro-orm)');
  }
  const start = indexCursor('array', options.cursor) + 1;
  return new CursorEnumerable('array', { cursor: options.cursor }, function* () {
    for (let i = start; i < items.length; i++) yield [items[i] as T, i] as const;
  }, () => items.length);
}
