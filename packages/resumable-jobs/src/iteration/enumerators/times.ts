import { CursorEnumerable } from '../cursor-enumerable.js';
import { InvalidEnumeratorOptionsError } from './errors.js';
import { indexCursor } from './index-cursor.js';

/** 0..n-1, each its own cursor (job-iteration `times`). */
export function timesEnumerator(n: number, options: { cursor: number | undefined }): CursorEnumerable<number, number> {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidEnumeratorOptionsError('times', `n must be a non-negative integer, got ${String(n)}`, 'pass a count such as times(10, { cursor })');
  }
  const start = indexCursor('times', options.cursor) + 1;
  return new CursorEnumerable('times', { cursor: options.cursor }, function* () {
    for (let i = start; i < n; i++) yield [i, i] as const;
  }, () => n);
}
