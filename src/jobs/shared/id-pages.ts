import type { EntityName, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Only the id is read: the jobs load what they work on inside their services. */
interface IdRow {
  id: number;
}

export interface IdPagesOptions {
  /** The last id already done (a step's cursor); null or undefined: from the start. */
  after: number | null | undefined;
  pageSize: number;
}

/**
 * The ids of the rows in scope after `after`, a page at a time in id order: keyset pagination
 * (`id > last id of the previous page`), never an offset into a list that shrinks as rows are
 * processed. The continuable demo jobs walk their steps with it; the iteration jobs get the same
 * pages from the engine's `records`/`batches` enumerators.
 */
export async function* idPagesAfter<T extends { id: number }>(
  em: EntityManager,
  entity: EntityName<T>,
  scope: FilterQuery<T>,
  { after, pageSize }: IdPagesOptions,
): AsyncGenerator<number[]> {
  let last = after ?? 0;
  for (;;) {
    // $and keeps the scope's own conditions on id (a range) beside the keyset bound.
    const where = { $and: [scope, { id: { $gt: last } }] } as FilterQuery<IdRow>;
    const rows = await em.fork().find(entity as EntityName<IdRow>, where, { orderBy: { id: 'asc' }, limit: pageSize, fields: ['id'] });
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.id);
    yield ids;
    last = ids[ids.length - 1]!;
  }
}
