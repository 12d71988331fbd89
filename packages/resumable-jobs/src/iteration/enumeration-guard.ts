import { compareCursors, findCursorProblem, sameCursor, type Cursor } from '../runtime/cursor.js';
import { CursorEnumerable, isEnumeration, openSteps, type EnumerationSteps } from './cursor-enumerable.js';
import { describeValue } from './describe-value.js';
import { CursorIgnoredError, CursorNotSerializableError, EnumeratorNotIterableError, InvalidEnumeratorItemError } from './errors.js';
import type { Enumeration } from './types.js';

/**
 * What the engine checks about a job's enumerator, so that a resume neither repeats nor skips items:
 * that buildEnumerator returned something iterable and was handed on the checkpoint's cursor, and,
 * for every step before its item runs, that it is an [item, cursor] pair whose cursor JSON keeps
 * (the first one of a resume coming strictly after the checkpoint).
 */
export class EnumerationGuard<Item, C> {
  /** Builders (and wrap) are checked exactly when built; only unmarked iterables get the order check. */
  private checkFirstCursorOrder = false;

  constructor(
    private readonly jobName: string,
    /** The checkpoint's cursor when the execution began (undefined: from the start). */
    private readonly resumedFrom: Cursor | undefined,
  ) {}

  /** Checks what buildEnumerator returned and opens it; undefined for null (skip the job). */
  open(built: unknown): EnumerationSteps<Item, C> | undefined {
    const { jobName } = this;
    if (built === null) return undefined;
    if (built === undefined) {
      throw new EnumeratorNotIterableError(jobName, 'undefined', 'Did you forget to return it? Return null to skip the job on purpose.');
    }
    if (Array.isArray(built)) {
      throw new EnumeratorNotIterableError(jobName, describeValue(built), 'An array carries no cursors, so it cannot resume: wrap it with this.enumerate.array(items, { cursor }).');
    }
    if (!isEnumeration(built)) {
      throw new EnumeratorNotIterableError(jobName, describeValue(built), 'It needs [Symbol.asyncIterator] or [Symbol.iterator], e.g. an async generator.');
    }
    // "Ignores cursor", exactly: a builder from this.enumerate knows the cursor it was handed.
    if (built instanceof CursorEnumerable && built.resumesAfter && !sameCursor(built.resumesAfter.cursor, this.resumedFrom)) {
      throw new CursorIgnoredError(jobName, this.resumedFrom ?? null, `buildEnumerator handed ${built.builder} the cursor ${JSON.stringify(built.resumesAfter.cursor ?? null)}`);
    }
    this.checkFirstCursorOrder = !(built instanceof CursorEnumerable && built.resumesAfter);
    return openSteps(built as Enumeration<Item, C>);
  }

  /**
   * Checks one step before its item runs (shape, resume position, JSON-safety of the cursor) and
   * answers it as the pair it now is known to be: the same array, no copy per item.
   */
  pair(value: unknown, position: number): readonly [Item, Cursor] {
    if (!Array.isArray(value) || value.length !== 2) throw new InvalidEnumeratorItemError(this.jobName, position, describeValue(value));
    const cursor: unknown = value[1];
    if (position === 1 && this.resumedFrom !== undefined) this.checkResumedAfter(cursor, this.resumedFrom);
    const problem = findCursorProblem(cursor);
    if (problem) throw new CursorNotSerializableError(this.jobName, position, problem.path, problem.problem);
    return value as [Item, Cursor];
  }

  /**
   * "Ignores cursor", for hand-written enumerators: the first item of a resume must come strictly
   * after the checkpoint. Repeating the checkpointed cursor is always wrong; being before it is
   * wrong when cursors ascend, which is judged only when they can be ordered (see compareCursors).
   */
  private checkResumedAfter(first: unknown, stored: Cursor): void {
    const { jobName } = this;
    if (sameCursor(first, stored)) {
      throw new CursorIgnoredError(jobName, stored, 'its enumerator yielded that same cursor again as its first item (enumerators must resume strictly after it)');
    }
    if (this.checkFirstCursorOrder && compareCursors(first, stored) === -1) {
      throw new CursorIgnoredError(
        jobName,
        stored,
        `its enumerator's first item has cursor ${JSON.stringify(first)}, before the checkpoint (if this enumerator's cursors do not ascend, build it with this.enumerate.wrap(iterable, { cursor }) to skip this check)`,
      );
    }
  }
}
