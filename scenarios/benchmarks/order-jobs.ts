import type { MikroORM } from '@mikro-orm/postgresql';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { Order } from '../../src/domain/entities/order.js';
import { IterationJob } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { records } from 'resumable-jobs/mikro-orm';
import { noteFirstItem, orderIdsAfter, touchOrder, type OrdersJobArgs } from './order-items.js';

export interface BenchServices {
  orm: MikroORM;
}

/** The orders benchmark on the continuable engine: one step over keyset pages, `step.set(id)` per order. */
export class OrdersContinuable extends ContinuableJob<OrdersJobArgs, BenchServices> {
  static jobName = 'bench.orders-continuable';

  async perform(args: OrdersJobArgs): Promise<void> {
    const em = this.services.orm.em.fork();
    let first = true;
    await this.step<number>('orders', async (step) => {
      for (;;) {
        const ids = await orderIdsAfter(em, step.cursor ?? 0, args.page);
        if (ids.length === 0) return;
        for (const id of ids) {
          noteFirstItem(String(this.job.id), first);
          first = false;
          if (args.touch) await touchOrder(em, id);
          await step.set(id);
        }
      }
    });
  }
}

/** The same, also writing its continuation at a checkpoint every 5 s. */
export class OrdersContinuableEvery5s extends OrdersContinuable {
  static override jobName = 'bench.orders-continuable-5s';
  static override checkpointEveryMs: number | false = 5_000;
}

/** The orders benchmark on the iteration engine: the `records` enumerator reading ids, default 5 s flush. */
export class OrdersIteration extends IterationJob<OrdersJobArgs, Order, number, BenchServices> {
  static jobName = 'bench.orders-iteration';
  #em = this.services.orm.em.fork();
  #first = true;

  buildEnumerator(args: OrdersJobArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return records(this.#em, Order, {}, { cursor, batchSize: args.page, fields: ['id'] });
  }

  async eachIteration(order: Order): Promise<void> {
    noteFirstItem(String(this.context.job.id), this.#first);
    this.#first = false;
    if (this.args.touch) await touchOrder(this.#em, order.id);
  }
}
