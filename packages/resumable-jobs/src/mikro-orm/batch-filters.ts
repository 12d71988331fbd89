import type { EntityMetadata, EntityName, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager as EntityManager } from '@mikro-orm/knex';
import { CursorEnumerable } from '../iteration/cursor-enumerable.js';
import { countKeysetRows, cursorOfRow, keysetPages, planKeyset } from './keyset-query.js';
import type { KeysetCursor, KeysetOptions } from './types.js';

/**
 * Batches as filters, not rows (job-iteration `active_record_on_batch_relations`): each page reads
 * only the primary key (and cursor) columns, and yields a filter that selects exactly that batch's
 * rows, `where` included, to load, update or delete with the job's own EntityManager (e.g.
 * `em.nativeUpdate(Entity, filter, changes)`). Cursor = the batch's last row's, as for `batches`.
 */
export function batchFilters<T extends object, C extends KeysetCursor = number>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T>,
  options: Omit<KeysetOptions<C>, 'fields'>,
): CursorEnumerable<FilterQuery<T>, C> {
  const meta = em.getMetadata().get<T>(entity as never) as EntityMetadata<T>;
  const keys = meta.primaryKeys.map(String);
  const plan = planKeyset('batchFilters', em, entity, where, { ...options, fields: keys });
  const builder = `batchFilters(${plan.entityName})`;
  return new CursorEnumerable(
    builder,
    { cursor: options.cursor },
    async function* () {
      for await (const page of keysetPages(em, plan, options.cursor, builder)) {
        yield [filterOfBatch(where, keys, page), cursorOfRow(plan, page[page.length - 1]!) as C] as const;
      }
    },
    async () => Math.ceil((await countKeysetRows(em, plan)) / plan.batchSize),
  );
}

/** `where` AND the batch's keys: `key IN (...)`, or for a composite key one (k1, k2) pair per row. */
function filterOfBatch<T extends object>(where: FilterQuery<T>, keys: string[], page: T[]): FilterQuery<T> {
  const valuesOf = (row: T, key: string) => (row as Record<string, unknown>)[key];
  const batch =
    keys.length === 1
      ? { [keys[0]!]: { $in: page.map((row) => valuesOf(row, keys[0]!)) } }
      : { $or: page.map((row) => Object.fromEntries(keys.map((key) => [key, valuesOf(row, key)]))) };
  return { $and: [where, batch] } as FilterQuery<T>;
}
