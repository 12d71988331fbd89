import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CursorEnumerable, isEnumeration, openSteps } from '../cursor-enumerable.js';
import { describeValue } from '../describe-value.js';
import { InvalidEnumeratorOptionsError } from './errors.js';
import type { Enumeration } from '../types.js';
import { arrayEnumerator } from './array.js';
import { batchFiltersEnumerator } from './batch-filters.js';
import { batchesEnumerator } from './batches.js';
import { csvEnumerator } from './csv.js';
import { nestedEnumerator } from './nested.js';
import { onceEnumerator } from './once.js';
import { parallelArrayEnumerator, parallelEnumerator, type ParallelCursor, type ParallelFanOut, type PartitionBuilder } from './parallel.js';
import { recordsEnumerator } from './records.js';
import { throttleEnumerator } from './throttle.js';
import { timesEnumerator } from './times.js';
import type { CsvBatchOptions, CsvCursor, CsvOptions, CsvRow, KeysetCursor, KeysetOptions, NestedCursor, ThrottleOptions } from './types.js';

/** A parallel keyset enumerator's options: the keyset's, with the parallel cursor and the number of partitions. */
export type ParallelKeysetOptions<C extends KeysetCursor> = Omit<KeysetOptions<C>, 'cursor'> & { instances: number; cursor: ParallelCursor | undefined };

/* eslint-disable @typescript-eslint/no-explicit-any -- nested levels receive whatever the level above yields */
type Level<Parents extends unknown[], Item> = (...args: [...Parents, cursor: any]) => Enumeration<Item, any> | Promise<Enumeration<Item, any>>;

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

  /** Rows one at a time by keyset pagination; cursor = the row's `columns` values (default: the primary key). */
  records<T extends object, C extends KeysetCursor = number>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>, options: KeysetOptions<C>): CursorEnumerable<T, C> {
    return recordsEnumerator(em, entity, where, options);
  }

  /** Arrays of up to batchSize rows; cursor = the last row's. */
  batches<T extends object, C extends KeysetCursor = number>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>, options: KeysetOptions<C>): CursorEnumerable<T[], C> {
    return batchesEnumerator(em, entity, where, options);
  }

  /** Batches as filters selecting exactly each batch's rows (only keys are read); cursor = the last row's. */
  batchFilters<T extends object, C extends KeysetCursor = number>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>, options: Omit<KeysetOptions<C>, 'fields'>): CursorEnumerable<FilterQuery<T>, C> {
    return batchFiltersEnumerator(em, entity, where, options);
  }

  /** `records` across parallel jobs: partition i takes the rows whose integer key modulo `instances` is i. */
  parallelRecords<T extends object, C extends KeysetCursor = number>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>, options: ParallelKeysetOptions<C>): ParallelFanOut | CursorEnumerable<T, ParallelCursor> {
    const { instances, cursor, ...keyset } = options;
    return parallelEnumerator({ instances, cursor }, (instance, count, inner: C | undefined) =>
      recordsEnumerator<T, C>(em, entity, where, { ...keyset, cursor: inner }, { instance, instances: count }),
    );
  }

  /** `batches` across parallel jobs, partitioned as parallelRecords. */
  parallelBatches<T extends object, C extends KeysetCursor = number>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>, options: ParallelKeysetOptions<C>): ParallelFanOut | CursorEnumerable<T[], ParallelCursor> {
    const { instances, cursor, ...keyset } = options;
    return parallelEnumerator({ instances, cursor }, (instance, count, inner: C | undefined) =>
      batchesEnumerator<T, C>(em, entity, where, { ...keyset, cursor: inner }, { instance, instances: count }),
    );
  }

  /** Outer/inner (/innermost) levels; yields the innermost items. See NestedCursor. */
  nested<O, I>(levels: readonly [Level<[], O>, Level<[O], I>], options: { cursor: NestedCursor | undefined }): CursorEnumerable<I, NestedCursor>;
  nested<O, M, I>(levels: readonly [Level<[], O>, Level<[O], M>, Level<[O, M], I>], options: { cursor: NestedCursor | undefined }): CursorEnumerable<I, NestedCursor>;
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

export const enumeratorBuilder = new EnumeratorBuilder();
