import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import { CursorEnumerable } from '../iteration/cursor-enumerable.js';
import { countKeysetRows, cursorOfRow, keysetPages, planKeyset } from './keyset-query.js';
import type { KeysetCursor, KeysetOptions } from './types.js';

/**
 * Pages of rows as arrays (job-iteration `active_record_on_batches`): cursor = the cursor of the
 * batch's LAST row, so a batch is done or not done as a whole and a resume starts at the next batch.
 * Options and query rules as for {@link records}.
 */
export function batches<T extends object, C extends KeysetCursor = number>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  options: KeysetOptions<C>,
  /** Set by the parallel builders: this job's share of the rows. */
  partition?: { instance: number; instances: number },
): CursorEnumerable<T[], C> {
  const plan = planKeyset('batches', em, entity, where, options, partition);
  const builder = `batches(${plan.entityName})`;
  return new CursorEnumerable(builder, { cursor: options.cursor }, async function* () {
    for await (const page of keysetPages(em, plan, options.cursor, builder)) {
      yield [page, cursorOfRow(plan, page[page.length - 1]!) as C] as const;
    }
  }, async () => Math.ceil((await countKeysetRows(em, plan)) / plan.batchSize));
}
