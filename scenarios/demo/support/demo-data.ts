import type { MikroORM } from '@mikro-orm/postgresql';
import { seedCampaign, seedCustomersWithOrders, seedPendingOrders } from '../../../src/harness/seeding/index.js';
import type { DemoJob } from '../../../src/harness/reporting/types.js';
import type { EmailArgs, OrdersArgs, ReportsArgs } from '../../../src/jobs/shared/scopes.js';

/** The plan's three sizes. */
export const demoSizes = { orders: 1_000, customers: 100, ordersPerCustomer: 50, recipients: 5_000, emailBatch: 50 } as const;

/** A job's data, seeded fresh for one run: what it must process, in order, and its arguments. */
export interface DemoData {
  job: DemoJob;
  /** Ledger family of the job's effects: 'order', 'report' or 'email'. */
  family: 'order' | 'report' | 'email';
  /** Every subject the job must handle, ascending (order, customer or recipient ids). */
  subjectIds: number[];
  /** Arguments that confine the job to this run's rows. */
  args: OrdersArgs | ReportsArgs | EmailArgs;
  /** Subjects per checkpoint: 1, or 50 for email batches. */
  unit: number;
}

export type DemoSizes = { -readonly [K in keyof typeof demoSizes]: number };

/** Seeds the plan's data for `job` (deterministic for `seed`; smaller `sizes` for lean scenarios) and scopes the job to it. */
export async function seedDemoData(orm: MikroORM, job: DemoJob, seed = 27, sizes: DemoSizes = demoSizes): Promise<DemoData> {
  const em = orm.em.fork();
  switch (job) {
    case 'orders': {
      const { orderIds } = await seedPendingOrders(em, sizes.orders, seed);
      return { job, family: 'order', subjectIds: orderIds, args: rangeOf(orderIds, 'fromId', 'toId'), unit: 1 };
    }
    case 'reports': {
      const { customerIds } = await seedCustomersWithOrders(em, sizes.customers, sizes.ordersPerCustomer, seed);
      return { job, family: 'report', subjectIds: customerIds, args: rangeOf(customerIds, 'fromCustomerId', 'toCustomerId'), unit: 1 };
    }
    case 'email': {
      const { campaignId, recipientIds } = await seedCampaign(em, sizes.recipients, seed);
      return { job, family: 'email', subjectIds: recipientIds, args: { campaignId, batchSize: sizes.emailBatch }, unit: sizes.emailBatch };
    }
  }
}

/** Splits one job's data into `parts` jobs over consecutive id ranges (the concurrent variant). */
export function splitDemoData(data: DemoData, parts: number): DemoData[] {
  const size = Math.ceil(data.subjectIds.length / parts / data.unit) * data.unit;
  return Array.from({ length: parts }, (_, i) => {
    const subjectIds = data.subjectIds.slice(i * size, (i + 1) * size);
    const args =
      data.job === 'orders'
        ? rangeOf(subjectIds, 'fromId', 'toId')
        : data.job === 'reports'
          ? rangeOf(subjectIds, 'fromCustomerId', 'toCustomerId')
          : undefined;
    if (!args) throw new Error('email runs split by campaign: seed one campaign per job instead');
    return { ...data, subjectIds, args };
  });
}

/**
 * The cursor a job holds once it has finished the `n`th checkpoint unit (order n, customer n or
 * batch n): the id of that unit's last subject. Both engines use "last done" cursors.
 */
export function cursorAfterUnit(data: DemoData, n: number): number {
  return data.subjectIds[Math.min(n * data.unit, data.subjectIds.length) - 1]!;
}

function rangeOf<F extends string, T extends string>(ids: number[], from: F, to: T): Record<F | T, number> {
  return { [from]: ids[0]!, [to]: ids[ids.length - 1]! } as Record<F | T, number>;
}
