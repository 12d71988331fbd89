import { performance } from 'node:perf_hooks';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * What every variant of the orders benchmarks does per page and per item, so the variants differ
 * only in how they remember progress: a keyset page of order ids in plain SQL, and one UPDATE per
 * order that leaves the scope unchanged (every round sees the same 10,000 orders).
 */
export async function orderIdsAfter(em: EntityManager, afterId: number, page: number): Promise<number[]> {
  const rows = await em.execute<{ id: number }[]>('select id from orders where id > ? order by id limit ?', [afterId, page]);
  return rows.map((row) => row.id);
}

export async function touchOrder(em: EntityManager, id: number): Promise<void> {
  await em.execute('update orders set processed_at = now() where id = ?', [id]);
}

/** Arguments of the orders jobs: page size, and whether each item does its UPDATE or nothing. */
export interface OrdersJobArgs {
  page: number;
  touch: boolean;
}

/**
 * When each execution of a job reached its first item (performance.now(), in-process workers only):
 * the resume-depth section times pickup → first item with it.
 */
export const firstItemAt = new Map<string, number>();

export function noteFirstItem(jobId: string, isFirst: boolean): void {
  if (isFirst) firstItemAt.set(jobId, performance.now());
}
