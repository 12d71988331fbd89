import { sameCursor, type Cursor } from '../../runtime/cursor.js';
import { CursorEnumerable, closeIterator, isEnumeration, openEnumeration } from '../cursor-enumerable.js';
import { describeValue } from '../describe-value.js';
import type { Enumeration } from '../types.js';
import { InvalidEnumeratorOptionsError } from './errors.js';
import type { NestedCursor, NestedResumePoint } from './types.js';

/** A level: receives the items of the levels above it, then its own cursor (undefined: from the start). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Level = (...args: any[]) => Enumeration<unknown, unknown> | Promise<Enumeration<unknown, unknown>>;

/**
 * Nested iteration (job-iteration `nested`): for each outer item, an inner enumerator built from it;
 * yields the innermost items. Unlike job-iteration, the cursor records WHICH outer item the inner
 * cursor belongs to (`at`), and an inner cursor is only ever applied to that same outer item:
 * - #615 (data changes between runs): an outer item that appears before the current one, or in its
 *   place, starts its inner enumerator from the beginning instead of inheriting a stale inner cursor;
 * - #614 (an inner enumerator becomes empty): no inner cursor is carried over to the next outer item,
 *   so an emptied outer item cannot make the next one skip items.
 * Resume re-enters the current outer item (the outer enumerator resumes after `after`).
 */
export function nestedEnumerator<Item>(levels: readonly Level[], options: { cursor: NestedCursor | undefined }): CursorEnumerable<Item, NestedCursor> {
  if (!Array.isArray(levels) || levels.length === 0 || !levels.every((level) => typeof level === 'function')) {
    throw new InvalidEnumeratorOptionsError(
      'nested',
      `levels must be a non-empty array of functions, got ${describeValue(levels)}`,
      'e.g. nested([(cursor) => records(em, Customer, {}, { cursor }), (customer, cursor) => this.enumerate.array(customer.items, { cursor })], { cursor })',
    );
  }
  const resume = parseNestedResumePoint(levels.length, options.cursor);
  return new CursorEnumerable('nested', { cursor: options.cursor }, () =>
    iterateLevel(levels, 0, [], [], resume) as AsyncGenerator<readonly [Item, NestedCursor]>,
  );
}

async function* iterateLevel(
  levels: readonly Level[],
  depth: number,
  parents: unknown[],
  prefix: Cursor[],
  resume: NestedResumePoint | undefined,
): AsyncGenerator<readonly [unknown, NestedCursor]> {
  const innermost = depth === levels.length - 1;
  const start = innermost ? resume?.inner : resume?.slots[0]?.[0];
  const enumeration = await levels[depth]!(...parents, start ?? undefined);
  if (!isEnumeration(enumeration)) {
    throw new InvalidEnumeratorOptionsError('nested', `level ${depth} returned ${describeValue(enumeration)}`, 'every level must return an enumerator, e.g. this.enumerate.array(items, { cursor })');
  }
  const iterator = openEnumeration(enumeration);
  try {
    let previous: Cursor | null = (start ?? null) as Cursor | null;
    // The deeper resume point waits for the outer item it belongs to; other items start fresh.
    let pending = resume;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      const pair = next.value as unknown;
      if (!Array.isArray(pair) || pair.length !== 2) {
        throw new InvalidEnumeratorOptionsError('nested', `level ${depth} yielded ${describeValue(pair)}`, 'levels must yield [item, cursor] pairs');
      }
      const [item, cursor] = pair as [unknown, Cursor];
      if (innermost) {
        yield [item, [...prefix, cursor]] as const;
        continue;
      }
      let deeper: NestedResumePoint | undefined;
      if (pending && sameCursor(cursor, pending.slots[0]![1])) {
        deeper = { slots: pending.slots.slice(1), inner: pending.inner };
        pending = undefined;
      }
      yield* iterateLevel(levels, depth + 1, [...parents, item], [...prefix, [previous, cursor]], deeper);
      previous = cursor;
    }
  } finally {
    await closeIterator(iterator);
  }
}

function parseNestedResumePoint(depth: number, cursor: NestedCursor | undefined): NestedResumePoint | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  const slots = Array.isArray(cursor) ? cursor.slice(0, -1) : [];
  const fits =
    Array.isArray(cursor) &&
    cursor.length === depth &&
    slots.every((slot) => Array.isArray(slot) && slot.length === 2);
  if (!fits) {
    throw new InvalidEnumeratorOptionsError(
      'nested',
      `cursor ${JSON.stringify(cursor)} does not fit ${depth} levels (expected [[after, at], ..., innerCursor])`,
      'pass the cursor buildEnumerator received, and keep the number of levels the same while jobs are in flight',
    );
  }
  return {
    slots: slots as (readonly [Cursor | null, Cursor])[],
    inner: cursor[cursor.length - 1] ?? null,
  };
}
