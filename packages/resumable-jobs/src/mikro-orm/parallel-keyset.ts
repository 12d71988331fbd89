import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import type { CursorEnumerable } from '../iteration/cursor-enumerable.js';
import { parallelEnumerator, type ParallelCursor, type ParallelFanOut } from '../iteration/enumerators/parallel.js';
import { batches } from './batches.js';
import { records } from './records.js';
import type { KeysetCursor, KeysetOptions } from './types.js';

/** A parallel keyset enumerator's options: the keyset's, with the parallel cursor and the number of partitions. */
export type ParallelKeysetOptions<C extends KeysetCursor> = Omit<KeysetOptions<C>, 'cursor'> & { instances: number; cursor: ParallelCursor | undefined };

/**
 * `records` across parallel jobs (job-iteration `parallel_active_record_on_records`): partition i
 * takes the rows whose integer primary key modulo `instances` is i. See `parallel` for the fan-out.
 */
export function parallelRecords<T extends object, C extends KeysetCursor = number>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>, options: ParallelKeysetOptions<C>): ParallelFanOut | CursorEnumerable<T, ParallelCursor> {
  const { instances, cursor, ...keyset } = options;
  return parallelEnumerator({ instances, cursor }, (instance, count, inner: C | undefined) =>
    records<T, C>(em, entity, where, { ...keyset, cursor: inner }, { instance, instances: count }),
  );
}

/** `batches` across parallel jobs, partitioned as parallelRecords. */
export function parallelBatches<T extends object, C extends KeysetCursor = number>(em: EntityManager, entity: EntityName<T>, where: FilterQuery<T>, options: ParallelKeysetOptions<C>): ParallelFanOut | CursorEnumerable<T[], ParallelCursor> {
  const { instances, cursor, ...keyset } = options;
  return parallelEnumerator({ instances, cursor }, (instance, count, inner: C | undefined) =>
    batches<T, C>(em, entity, where, { ...keyset, cursor: inner }, { instance, instances: count }),
  );
}
