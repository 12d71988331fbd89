import { Order } from '../../domain/entities/order.js';
import { OrderProcessor } from '../../domain/services/order-processor.js';
import { IterationJob } from '../../iteration/iteration-job.js';
import type { BuildEnumeratorOptions } from '../../iteration/types.js';
import { recordCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { recordingItemFailure } from '../shared/item-failures.js';
import { distinctSubjectCount } from '../shared/ledger-counts.js';
import { PAGE_SIZE, pendingOrdersWhere, type OrdersArgs } from '../shared/scopes.js';

/**
 * Process orders, item by item (job-iteration): a keyset `records` enumerator over the pending
 * orders; the engine remembers the id of the last order done and resumes with `id > cursor`.
 */
export class ProcessOrdersIteration extends IterationJob<OrdersArgs, Order, number, DemoServices> {
  static jobName = 'iteration.process-orders';

  buildEnumerator(args: OrdersArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.records(forkEm(this.services), Order, pendingOrdersWhere(args), { cursor, batchSize: PAGE_SIZE });
  }

  async eachIteration(order: Order): Promise<void> {
    const context = demoJobContext(this.context.job, 'iteration');
    const em = forkEm(this.services);
    const processor = new OrderProcessor(em, context, this.services.processing);
    await recordingItemFailure(em, context, 'order', order.id, () => processor.process(order.id));
  }

  protected override async onComplete(): Promise<void> {
    const context = demoJobContext(this.context.job, 'iteration');
    const em = forkEm(this.services);
    await recordCompletion(em, context, 'orders', await distinctSubjectCount(em, context.jobId, 'order'));
  }
}
