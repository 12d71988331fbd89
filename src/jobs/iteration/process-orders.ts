import { Order } from '../../domain/entities/order.js';
import { OrderProcessor } from '../../domain/services/order-processor.js';
import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { records } from 'resumable-jobs/mikro-orm';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { oncePerExecution } from '../shared/once-per-execution.js';
import { recordingItemFailure } from '../shared/item-failures.js';
import { PAGE_SIZE, pendingOrdersWhere, type OrdersArgs } from '../shared/scopes.js';
import { ordersArgsSchema } from '../args/orders-args.js';

/**
 * Process orders, item by item (job-iteration): a keyset `records` enumerator over the pending
 * orders; the engine remembers the id of the last order done and resumes with `id > cursor`.
 */
export class ProcessOrdersIteration extends IterationJob<OrdersArgs, Order, number, DemoServices> {
  static jobName = 'iteration.process-orders';
  static argsSchema = ordersArgsSchema;
  // Once per execution, on first use: not once per order.
  readonly #execution = oncePerExecution(() => {
    const em = forkEm(this.services);
    const context = demoJobContext(this.context.job, 'iteration');
    return { em, context, processor: new OrderProcessor(em, context, this.services.processing) };
  });

  buildEnumerator(args: OrdersArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return records(this.#execution().em, Order, pendingOrdersWhere(args), { cursor, batchSize: PAGE_SIZE, fields: ['id'] });
  }

  async eachIteration(order: Order): Promise<void> {
    const { em, context, processor } = this.#execution();
    await recordingItemFailure(em, context, 'order', order.id, () => processor.process(order.id));
  }

  protected override async onComplete(): Promise<void> {
    const { em, context } = this.#execution();
    await recordDemoCompletion(em, context, 'orders', 'order');
  }
}
