import type { EntityManager } from '@mikro-orm/postgresql';
import type { SeedProfileName } from '../../../fixtures/seed-profiles.js';
import { CampaignRecipient } from '../../domain/entities/campaign-recipient.js';
import { Customer } from '../../domain/entities/customer.js';
import { Order } from '../../domain/entities/order.js';
import type { EmailArgs, OrdersArgs, ReportsArgs } from '../../jobs/shared/scopes.js';
import { EMAIL_BATCH_SIZE } from '../../jobs/shared/scopes.js';
import type { DemoJob } from '../reporting/types.js';
import { seedCampaign, seedCustomersWithOrders, seedPendingOrders } from '../seeding/index.js';

/** The plan's sizes per profile: quick for a first look and tests, demo as the plan has it, full for a long run. */
export const demoRunSizes: Record<SeedProfileName, { orders: number; customers: number; ordersPerCustomer: number; recipients: number }> = {
  quick: { orders: 100, customers: 20, ordersPerCustomer: 10, recipients: 500 },
  demo: { orders: 1_000, customers: 100, ordersPerCustomer: 50, recipients: 5_000 },
  full: { orders: 10_000, customers: 1_000, ordersPerCustomer: 50, recipients: 5_000 },
};

export type DemoJobArgs = OrdersArgs | ReportsArgs | EmailArgs;

/** One run's data: what the job must handle, ascending, and the arguments that confine it to that. */
export interface SeededJobData {
  job: DemoJob;
  subjectIds: number[];
  args: DemoJobArgs;
}

/**
 * Seeds fresh rows for one run of `job` and scopes the job to exactly them (an id range, or one
 * campaign), so runs never share rows: two engines can run the same job at once, side by side.
 */
export async function seedJobData(em: EntityManager, job: DemoJob, profile: SeedProfileName, seed: number): Promise<SeededJobData> {
  const sizes = demoRunSizes[profile];
  switch (job) {
    case 'orders': {
      const { orderIds } = await seedPendingOrders(em, sizes.orders, seed);
      return { job, subjectIds: orderIds, args: { fromId: orderIds[0]!, toId: orderIds[orderIds.length - 1]! } };
    }
    case 'reports': {
      const { customerIds } = await seedCustomersWithOrders(em, sizes.customers, sizes.ordersPerCustomer, seed);
      return { job, subjectIds: customerIds, args: { fromCustomerId: customerIds[0]!, toCustomerId: customerIds[customerIds.length - 1]! } };
    }
    case 'email': {
      const { campaignId, recipientIds } = await seedCampaign(em, sizes.recipients, seed);
      return { job, subjectIds: recipientIds, args: { campaignId, batchSize: EMAIL_BATCH_SIZE } };
    }
  }
}

/** The subjects a job's arguments select, ascending: how far "item N" is, for a job already enqueued. */
export async function subjectIdsOf(em: EntityManager, job: DemoJob, args: DemoJobArgs): Promise<number[]> {
  const range = (from?: number, to?: number) => ({ $gte: from ?? 0, ...(to === undefined ? {} : { $lte: to }) });
  const ids = (rows: { id: number }[]) => rows.map((row) => row.id);
  switch (job) {
    case 'orders': {
      const { fromId, toId } = args as OrdersArgs;
      return ids(await em.find(Order, { id: range(fromId, toId) }, { fields: ['id'], orderBy: { id: 'asc' } }));
    }
    case 'reports': {
      const { fromCustomerId, toCustomerId } = args as ReportsArgs;
      return ids(await em.find(Customer, { id: range(fromCustomerId, toCustomerId) }, { fields: ['id'], orderBy: { id: 'asc' } }));
    }
    case 'email':
      return ids(await em.find(CampaignRecipient, { campaign: (args as EmailArgs).campaignId }, { fields: ['id'], orderBy: { id: 'asc' } }));
  }
}
