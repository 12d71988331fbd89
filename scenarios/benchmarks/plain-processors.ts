import type { Job } from 'bullmq';
import type { MikroORM } from '@mikro-orm/postgresql';
import { orderIdsAfter, touchOrder, type OrdersJobArgs } from './order-items.js';

/**
 * What a team would write without either engine, as plain BullMQ processors:
 *   floor:       the loop and nothing else (no checkpoints: a restart begins again from zero);
 *   updateData:  the BullMQ documentation's pattern, `job.updateData({ ...data, cursor })` after every item.
 */
export const PLAIN_JOBS = {
  ordersFloor: 'plain.orders-floor',
  ordersUpdateData: 'plain.orders-update-data',
  noopFloor: 'plain.noop-floor',
  noopUpdateData: 'plain.noop-update-data',
} as const;

interface CursorData {
  cursor?: number;
}

/** A no-op item the floor awaits, as a real loop awaits its item's work. */
async function nothing(): Promise<void> {}

export function plainProcessor(orm: MikroORM) {
  return async (job: Job): Promise<void> => {
    switch (job.name) {
      case PLAIN_JOBS.ordersFloor:
      case PLAIN_JOBS.ordersUpdateData: {
        const args = job.data as OrdersJobArgs & CursorData;
        const em = orm.em.fork();
        const saveCursor = job.name === PLAIN_JOBS.ordersUpdateData;
        let cursor = args.cursor ?? 0;
        for (;;) {
          const ids = await orderIdsAfter(em, cursor, args.page);
          if (ids.length === 0) return;
          for (const id of ids) {
            if (args.touch) await touchOrder(em, id);
            cursor = id;
            if (saveCursor) await job.updateData({ ...args, cursor });
          }
        }
      }
      case PLAIN_JOBS.noopFloor:
      case PLAIN_JOBS.noopUpdateData: {
        const args = job.data as { items: number } & CursorData;
        const saveCursor = job.name === PLAIN_JOBS.noopUpdateData;
        for (let i = (args.cursor ?? -1) + 1; i < args.items; i++) {
          await nothing();
          if (saveCursor) await job.updateData({ ...args, cursor: i });
        }
        return;
      }
      default:
        throw new Error(`no plain processor for job "${job.name}"`);
    }
  };
}
