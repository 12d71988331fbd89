import type { EntityManager } from '@mikro-orm/postgresql';
import type { DomainCounts } from './types.js';

/** Row counts of the seeded tables, in one round trip. */
export async function countDomainRows(em: EntityManager): Promise<DomainCounts> {
  const [row] = await em.execute<
    { customers: number; orders: number; pending: number; campaigns: number; recipients: number }[]
  >(
    `select (select count(*) from customers)::int as customers,
            (select count(*) from orders)::int as orders,
            (select count(*) from orders where status = 'pending')::int as pending,
            (select count(*) from email_campaigns)::int as campaigns,
            (select count(*) from campaign_recipients)::int as recipients`,
  );
  return {
    customers: row?.customers ?? 0,
    orders: row?.orders ?? 0,
    pendingOrders: row?.pending ?? 0,
    campaigns: row?.campaigns ?? 0,
    recipients: row?.recipients ?? 0,
  };
}
