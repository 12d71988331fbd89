import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import { CursorEnumerable } from '../iteration/cursor-enumerable.js';
import { countKeysetRows, cursorOfRow, keysetPages, planKeyset } from './keyset-query.js';
import type { KeysetCursor, KeysetOptions } from './types.js';

/**
 * Rows of an entity one at a time, fetched a page at a time by keyset (job-iteration
 * `active_record_on_records`): cursor = the row's cursor-column values; resume strictly after it.
 * Each page is loaded in its own EntityManager fork, dropped with the page, so memory stays flat
 * over millions of rows; to change a row, write through your own EntityManager (e.g. nativeUpdate).
 *
 * @example
 * buildEnumerator(args: Args, { cursor }: BuildEnumeratorOptions<number>) {
 *   return records(this.services.orm.em, Order, { status: 'pending' }, { cursor, batchSize: 100 });
 * }
 */
export function records<T extends object, C extends KeysetCursor = number>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  options: KeysetOptions<C>,
  /** Set by the parallel builders: this job's share of the rows. */
  partition?: { instance: number; instances: number },
): CursorEnumerable<T, C> {
  const plan = planKeyset('records', em, entity, where, options, partition);
  const builder = `records(${plan.entityName})`;
  return new CursorEnumerable(builder, { cursor: options.cursor }, async function* () {
    for await (const page of keysetPages(em, plan, options.cursor, builder)) {
      for (const row of page) yield [row, cursorOfRow(plan, row) as C] as const;
    }
  }, () => countKeysetRows(em, plan));
}
