import type { EntityManager } from '@mikro-orm/postgresql';

/*
 * Id pages for the jobs' enumerators and steps: "the next `limit` ids strictly after `afterId`",
 * which is the cursor convention (a stored cursor means everything up to it is done).
 * Ids, not entities: each item is loaded by the service in its own transaction anyway.
 */

async function ids(em: EntityManager, sql: string, params: unknown[]): Promise<number[]> {
  const rows = await em.execute<{ id: number }[]>(sql, params);
  return rows.map((row) => row.id);
}

/** Pending orders after the cursor, ascending. */
export function pendingOrderIdsAfter(em: EntityManager, afterId: number, limit: number): Promise<number[]> {
  return ids(em, `select id from orders where status = 'pending' and id > ? order by id limit ?`, [afterId, limit]);
}

/** Customers after the cursor, ascending; `within` restricts to a seeded set (e.g. the report customers). */
export function customerIdsAfter(
  em: EntityManager,
  afterId: number,
  limit: number,
  within?: { fromId: number; toId: number },
): Promise<number[]> {
  return within
    ? ids(em, 'select id from customers where id > ? and id between ? and ? order by id limit ?', [
        afterId,
        within.fromId,
        within.toId,
        limit,
      ])
    : ids(em, 'select id from customers where id > ? order by id limit ?', [afterId, limit]);
}

/** One customer's orders after the cursor, ascending (the inner level of the nested reports job). */
export function customerOrderIdsAfter(em: EntityManager, customerId: number, afterId: number, limit: number): Promise<number[]> {
  return ids(em, 'select id from orders where customer_id = ? and id > ? order by id limit ?', [customerId, afterId, limit]);
}

/** One campaign's recipients after the cursor, ascending. */
export function recipientIdsAfter(em: EntityManager, campaignId: number, afterId: number, limit: number): Promise<number[]> {
  return ids(em, 'select id from campaign_recipients where campaign_id = ? and id > ? order by id limit ?', [
    campaignId,
    afterId,
    limit,
  ]);
}
