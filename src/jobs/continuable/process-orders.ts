import { Order } from '../../domain/entities/order.js';
import { OrderProcessor } from '../../domain/services/order-processor.js';
import { ContinuableJob, type Step } from 'resumable-jobs/continuable';
import { inTransactionOf } from 'resumable-jobs/mikro-orm';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { idPagesAfter } from '../shared/id-pages.js';
import { recordingItemFailure } from '../shared/item-failures.js';
import { PAGE_SIZE, pendingOrdersWhere, type OrdersArgs } from '../shared/scopes.js';
import { ordersArgsSchema } from '../args/orders-args.js';

/**
 * Process orders, step by step (Rails Continuable). The cursor is the id of the last order done,
 * and each page is read with `id > cursor`: not an offset into a list that shrinks as orders are
 * processed (the seed plan's `@order_ids.drop(cursor)` would also lose its list on resume, because
 * state assigned inside a completed step is gone).
 */
export class ProcessOrders extends ContinuableJob<OrdersArgs, DemoServices> {
  static jobName = 'continuable.process-orders';
  static argsSchema = ordersArgsSchema;
  // Rails' guard: a checkpoint inside em.transactional() fails the job rather than stop mid-transaction.
  protected override isInTransaction = inTransactionOf(this.services.orm.em);

  async perform(args: OrdersArgs): Promise<void> {
    // Outside steps: runs on every execution, so it is the place for state every step needs.
    const context = demoJobContext(this.job, 'continuable');
    const em = forkEm(this.services);
    const processor = new OrderProcessor(em, context, this.services.processing);
    const inScope = pendingOrdersWhere(args);

    await this.step<number>('process', async (step: Step<number>) => {
      for await (const orderIds of idPagesAfter(em, Order, inScope, { after: step.cursor, pageSize: PAGE_SIZE })) {
        for (const orderId of orderIds) {
          await recordingItemFailure(em, context, 'order', orderId, () => processor.process(orderId));
          await step.set(orderId); // a checkpoint: the job may stop here, orderId done
        }
      }
    });
    await this.step('finalize', async () => {
      await recordDemoCompletion(em, context, 'orders', 'order');
    });
  }
}
