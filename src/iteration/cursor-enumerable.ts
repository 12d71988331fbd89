import type { EnumeratedPair, Enumeration } from './types.js';

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
    private readonly open: () => AsyncIterator<EnumeratedPair<Item, Cursor>>,
  ) {}

  [Symbol.asyncIterator](): AsyncIterator<EnumeratedPair<Item, Cursor>> {
    return this.open();
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

/** An async iterator over a sync or async iterable. */
export function openEnumeration<Item, Cursor>(value: Enumeration<Item, Cursor>): AsyncIterator<EnumeratedPair<Item, Cursor>> {
  if (typeof (value as AsyncIterable<EnumeratedPair<Item, Cursor>>)[Symbol.asyncIterator] === 'function') {
    return (value as AsyncIterable<EnumeratedPair<Item, Cursor>>)[Symbol.asyncIterator]();
  }
  const sync = (value as Iterable<EnumeratedPair<Item, Cursor>>)[Symbol.iterator]();
  return {
    next: async () => sync.next(),
    return: async (v?: unknown) => sync.return?.(v as never) ?? { done: true, value: undefined },
  };
}

/** Ends an iterator early so generators run their `finally` (close files, release connections). */
export async function closeIterator(iterator: AsyncIterator<unknown>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // A failing cleanup must not hide why the loop ended.
  }
}
