import type { EntityManager } from '@mikro-orm/postgresql';
import type { Engine } from '../reporting/types.js';
import { seedCampaign, seedCustomersWithOrders, seedPendingOrders } from '../seeding/index.js';

/** The soak's sizes: enough items that every job is still running when the chaos window closes. */
export interface SoakSizes {
  orders: number;
  customers: number;
  ordersPerCustomer: number;
  recipients: number;
  emailBatch: number;
}

// About as many items each, so that one per-item delay keeps all six jobs busy for the same time.
export const defaultSoakSizes: SoakSizes = { orders: 600, customers: 400, ordersPerCustomer: 3, recipients: 600, emailBatch: 10 };

/** One job of the soak: what it must handle, in order, and the arguments that confine it to that. */
export interface SoakJob {
  jobId: string;
  job: 'orders' | 'reports' | 'email';
  engine: Engine;
  /** Ledger family: each subject must end with exactly one effect of `<family>.*`. */
  family: 'order' | 'report' | 'email';
  subjectIds: number[];
  args: Record<string, number>;
}

const ENGINES: Engine[] = ['continuable', 'iteration'];

/** Seeds data of its own for each of the three jobs on each engine (six jobs), deterministic for `seed`. */
export async function seedSoakJobs(em: EntityManager, sizes: SoakSizes, seed: number): Promise<SoakJob[]> {
  const jobs: SoakJob[] = [];
  for (const [i, engine] of ENGINES.entries()) {
    const { orderIds } = await seedPendingOrders(em.fork(), sizes.orders, seed + i);
    jobs.push({ jobId: `soak-orders-${engine}`, job: 'orders', engine, family: 'order', subjectIds: orderIds, args: range(orderIds, 'fromId', 'toId') });

    const { customerIds } = await seedCustomersWithOrders(em.fork(), sizes.customers, sizes.ordersPerCustomer, seed + i);
    jobs.push({
      jobId: `soak-reports-${engine}`, job: 'reports', engine, family: 'report', subjectIds: customerIds,
      args: range(customerIds, 'fromCustomerId', 'toCustomerId'),
    });

    const { campaignId, recipientIds } = await seedCampaign(em.fork(), sizes.recipients, seed + i);
    jobs.push({
      jobId: `soak-email-${engine}`, job: 'email', engine, family: 'email', subjectIds: recipientIds,
      args: { campaignId, batchSize: sizes.emailBatch },
    });
  }
  return jobs;
}

function range(ids: number[], from: string, to: string): Record<string, number> {
  return { [from]: ids[0]!, [to]: ids[ids.length - 1]! };
}
