import type { CursorEnumerable } from '../cursor-enumerable.js';
import { timesEnumerator } from './times.js';

/** A single iteration (job-iteration `once`): for jobs that want callbacks and interruption around one unit of work. */
export function onceEnumerator(options: { cursor: number | undefined }): CursorEnumerable<number, number> {
  return timesEnumerator(1, options);
}
