import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '../../domain/entities/order.js';
import { OrderProcessor } from '../../domain/services/order-processor.js';
import type { JobContext } from '../../domain/types.js';
import { IterationJob } from '../../iteration/iteration-job.js';
import type { BuildEnumeratorOptions } from '../../iteration/types.js';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { recordingItemFailure } from '../shared/item-failures.js';
import { PAGE_SIZE, pendingOrdersWhere, type OrdersArgs } from '../shared/scopes.js';

/**
 * Process orders, item by item (job-iteration): a keyset `records` enumerator over the pending
 * orders; the engine remembers the id of the last order done and resumes with `id > cursor`.
 */
export class ProcessOrdersIteration extends IterationJob<OrdersArgs, Order, number, DemoServices> {
  static jobName = 'iteration.process-orders';
  // Built once per execution (buildEnumerator runs first), not once per order.
  #em!: EntityManager;
  #context!: JobContext;
  #processor!: OrderProcessor;

  buildEnumerator(args: OrdersArgs, { cursor }: BuildEnumeratorOptions<number>) {
    this.#em = forkEm(this.services);
    this.#context = demoJobContext(this.context.job, 'iteration');
    this.#processor = new OrderProcessor(this.#em, this.#context, this.services.processing);
    return this.enumerate.records(this.#em, Order, pendingOrdersWhere(args), { cursor, batchSize: PAGE_SIZE, fields: ['id'] });
  }

  async eachIteration(order: Order): Promise<void> {
    await recordingItemFailure(this.#em, this.#context, 'order', order.id, () => this.#processor.process(order.id));
  }

  protected override async onComplete(): Promise<void> {
    await recordDemoCompletion(this.#em, this.#context, 'orders', 'order');
  }
}
