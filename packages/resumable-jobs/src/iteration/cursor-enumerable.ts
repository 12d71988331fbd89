import type { EnumeratedPair, Enumeration } from './types.js';

/**
 * The steps of an enumeration as its maker produces them: a sync iterator when the pairs are at
 * hand (times, array, a user's generator), an async one when each may need I/O. The engine takes
 * sync steps without an await per item; everything else sees an async iterator.
 */
export type EnumerationSteps<Item, Cursor> = Iterator<EnumeratedPair<Item, Cursor>> | AsyncIterator<EnumeratedPair<Item, Cursor>>;

/**
 * What every builder on `this.enumerate` returns: an async iterable of [item, cursor] pairs that
 * remembers which builder made it and which cursor it was given. The engine compares `resumesAfter`
 * with the checkpoint to catch a buildEnumerator that did not pass its cursor on.
 */
export class CursorEnumerable<Item, Cursor> implements AsyncIterable<EnumeratedPair<Item, Cursor>> {
  constructor(
    /** e.g. 'records(Order)', 'throttle(array)' */
    readonly builder: string,
    /** The cursor the builder was given (`{ cursor: undefined }`: from the start); undefined when unknown (a wrapped custom iterable). */
    readonly resumesAfter: { cursor: unknown } | undefined,
    private readonly open: () => EnumerationSteps<Item, Cursor>,
    /**
     * How many items the whole enumeration holds, from its beginning, whatever the cursor
     * (job-iteration's `size`); absent when the builder cannot know it (a throttle, a wrapped iterable).
     */
    private readonly count?: () => number | undefined | Promise<number | undefined>,
  ) {}

  /** The total number of items (not the ones left after the cursor); undefined when unknown. */
  async size(): Promise<number | undefined> {
    return this.count?.();
  }

  /** The steps as the builder makes them (sync or async). */
  steps(): EnumerationSteps<Item, Cursor> {
    return this.open();
  }

  [Symbol.asyncIterator](): AsyncIterator<EnumeratedPair<Item, Cursor>> {
    return toAsync(this.open());
  }
}

/** True for anything `for await` accepts. */
export function isEnumeration(value: unknown): value is Enumeration<unknown, unknown> {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  return (
    typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function' ||
    typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function'
  );
}

/** The steps of a sync or async iterable, sync where it is sync (see EnumerationSteps). */
export function openSteps<Item, Cursor>(value: Enumeration<Item, Cursor>): EnumerationSteps<Item, Cursor> {
  if (value instanceof CursorEnumerable) return (value as CursorEnumerable<Item, Cursor>).steps();
  if (typeof (value as AsyncIterable<EnumeratedPair<Item, Cursor>>)[Symbol.asyncIterator] === 'function') {
    return (value as AsyncIterable<EnumeratedPair<Item, Cursor>>)[Symbol.asyncIterator]();
  }
  return (value as Iterable<EnumeratedPair<Item, Cursor>>)[Symbol.iterator]();
}

/** An async iterator over a sync or async iterable. */
export function openEnumeration<Item, Cursor>(value: Enumeration<Item, Cursor>): AsyncIterator<EnumeratedPair<Item, Cursor>> {
  return toAsync(openSteps(value));
}

function toAsync<T>(steps: Iterator<T> | AsyncIterator<T>): AsyncIterator<T> {
  if (typeof (steps as AsyncIterableIterator<T>)[Symbol.asyncIterator] === 'function') return steps as AsyncIterator<T>;
  const sync = steps as Iterator<T>;
  return {
    next: async () => sync.next(),
    return: async (v?: unknown) => sync.return?.(v as never) ?? { done: true, value: undefined },
  };
}

/** Ends an iterator early so generators run their `finally` (close files, release connections). */
export async function closeIterator(iterator: Iterator<unknown> | AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // A failing cleanup must not hide why the loop ended.
  }
}
