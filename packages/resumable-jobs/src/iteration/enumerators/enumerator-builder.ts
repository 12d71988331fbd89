import { CursorEnumerable, isEnumeration, openSteps } from '../cursor-enumerable.js';
import { describeValue } from '../describe-value.js';
import { InvalidEnumeratorOptionsError } from './errors.js';
import type { Enumeration } from '../types.js';
import type { Cursor } from '../../runtime/cursor.js';
import { arrayEnumerator } from './array.js';
import { csvEnumerator } from './csv.js';
import { keysetBatchesEnumerator, keysetEnumerator } from './keyset.js';
import { nestedEnumerator } from './nested.js';
import { onceEnumerator } from './once.js';
import { parallelArrayEnumerator, parallelEnumerator, type ParallelCursor, type ParallelFanOut, type PartitionBuilder } from './parallel.js';
import { throttleEnumerator } from './throttle.js';
import { timesEnumerator } from './times.js';
import type { CsvBatchOptions, CsvCursor, CsvOptions, CsvRow, KeysetFetchOptions, NestedCursor, PageFetcher, ThrottleOptions } from './types.js';


/* eslint-disable @typescript-eslint/no-explicit-any -- nested levels receive whatever the level above yields */
/** One level of a nested enumeration: given the items of the levels above and its own cursor, its enumeration. */
export type NestedLevel<Parents extends unknown[], Item> = (...args: [...Parents, cursor: any]) => Enumeration<Item, any> | Promise<Enumeration<Item, any>>;

/**
 * The enumerator builders, as `this.enumerate` on every iteration job (job-iteration's
 * `enumerator_builder`). Each returns a CursorEnumerable of [item, cursor] pairs that resumes
 * strictly after the cursor it is given.
 */
export class EnumeratorBuilder {
  /** One iteration: cursor 0. */
  once(options: { cursor: number | undefined }): CursorEnumerable<number, number> {
    return onceEnumerator(options);
  }

  /** 0..n-1; cursor = the number. */
  times(n: number, options: { cursor: number | undefined }): CursorEnumerable<number, number> {
    return timesEnumerator(n, options);
  }

  /** Elements with their index as cursor. */
  array<T>(items: readonly T[], options: { cursor: number | undefined }): CursorEnumerable<T, number> {
    return arrayEnumerator(items, options);
  }

  /**
   * Rows one at a time over your own page query, by keyset: `fetchPage(after, limit)` returns up to
   * `limit` rows whose cursor is greater than `after` (every row from the start when `after` is
   * undefined), ordered by it. Cursor = `cursorOf(row)` (default `row.id`); a resume starts strictly
   * after it. Works with any client: pg, Knex, Prisma, Drizzle, an HTTP API that pages by key.
   *
   * @example
   * buildEnumerator(_args: Args, { cursor }: BuildEnumeratorOptions<number>) {
   *   return this.enumerate.keyset(
   *     async (after, limit) => (await db.query('select id, email from users where id > $1 order by id limit $2', [after ?? 0, limit])).rows,
   *     { cursor },
   *   );
   * }
   */
  keyset<Row, C extends Cursor = number>(fetchPage: PageFetcher<Row, C>, options: KeysetFetchOptions<Row, C>): CursorEnumerable<Row, C> {
    return keysetEnumerator(fetchPage, options);
  }

  /** As {@link keyset}, a page at a time: arrays of up to batchSize rows; cursor = the page's last row's. */
  keysetBatches<Row, C extends Cursor = number>(fetchPage: PageFetcher<Row, C>, options: KeysetFetchOptions<Row, C>): CursorEnumerable<Row[], C> {
    return keysetBatchesEnumerator(fetchPage, options);
  }

  /** Outer/inner (/innermost) levels; yields the innermost items. See NestedCursor. */
  nested<O, I>(levels: readonly [NestedLevel<[], O>, NestedLevel<[O], I>], options: { cursor: NestedCursor | undefined }): CursorEnumerable<I, NestedCursor>;
  nested<O, M, I>(levels: readonly [NestedLevel<[], O>, NestedLevel<[O], M>, NestedLevel<[O, M], I>], options: { cursor: NestedCursor | undefined }): CursorEnumerable<I, NestedCursor>;
  nested(levels: readonly ((...args: any[]) => any)[], options: { cursor: NestedCursor | undefined }): CursorEnumerable<any, NestedCursor> {
    return nestedEnumerator(levels, options);
  }

  /**
   * Fans the job out over `instances` partitions (job-iteration 1.15): without a cursor, the engine
   * enqueues one job per partition instead of iterating; with one, `buildPartition(instance,
   * instances, innerCursor)` builds this partition's enumerator. See ParallelCursor.
   */
  parallel<I, Inner>(options: { instances: number; cursor: ParallelCursor | undefined }, buildPartition: PartitionBuilder<I, Inner>): ParallelFanOut | CursorEnumerable<I, ParallelCursor> {
    return parallelEnumerator(options, buildPartition);
  }

  /** `parallel` over an array: partition i iterates the i-th of `instances` near-equal slices. */
  parallelArray<T>(items: readonly T[], options: { instances: number; cursor: ParallelCursor | undefined }): ParallelFanOut | CursorEnumerable<T, ParallelCursor> {
    return parallelArrayEnumerator(items, options);
  }

  /** Re-enqueue with a backoff while `throttleOn()` holds, checked before each fetch. */
  throttle<I, C>(inner: Enumeration<I, C>, options: ThrottleOptions): CursorEnumerable<I, C> {
    return throttleEnumerator(inner, options);
  }

  /** Rows of a CSV file keyed by its header; with batchSize, arrays of rows. Cursor = [row, byteOffset]. */
  csv(path: string, options: CsvBatchOptions): CursorEnumerable<CsvRow[], CsvCursor>;
  csv(path: string, options: CsvOptions): CursorEnumerable<CsvRow, CsvCursor>;
  csv(path: string, options: CsvOptions & { batchSize?: number }): CursorEnumerable<any, CsvCursor> {
    return csvEnumerator(path, options as CsvBatchOptions);
  }

  /**
   * Marks your own iterable of [item, cursor] pairs with the cursor you built it from (job-iteration
   * `wrap`), so the engine can tell when a buildEnumerator forgot to pass the cursor on.
   */
  wrap<I, C>(iterable: Enumeration<I, C>, options: { cursor: C | undefined }): CursorEnumerable<I, C> {
    if (!isEnumeration(iterable)) {
      throw new InvalidEnumeratorOptionsError('wrap', `expected an iterable of [item, cursor] pairs, got ${describeValue(iterable)}`, 'pass a (async) generator');
    }
    return new CursorEnumerable('wrap', { cursor: options.cursor }, () => openSteps(iterable));
  }
}

/** The builder `this.enumerate` is, usable outside a job to build the same enumerators. */
export const enumeratorBuilder = new EnumeratorBuilder();
