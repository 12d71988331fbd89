import { SubjectNotFoundError } from '../errors.js';
import { DomainService } from './domain-service.js';
import { runProcessOrderStatement } from './process-order-statement.js';
import { doSimulatedWork } from './simulated-work.js';
import { subjectIdOf, type OrderOutcome, type ProcessOrderRow, type SubjectRef } from './types.js';

/**
 * Processes one order: an invalid amount (missing, zero, negative) marks it failed with a reason
 * (ledger 'order.failed'); a valid one gets shipping, tax and total (order-pricing.ts) and is
 * marked processed (ledger 'order.processed'). Key `order:<id>:processed` for both outcomes:
 * either way the order has been handled once. In idempotent mode a repeat changes nothing and is
 * ledgered 'order.replayed'.
 * It does not look at the current status on purpose: in raw mode an engine that repeats an order
 * must produce a second ledger row, or the ledger could not catch the engine's mistake.
 * After the simulated work, an order costs one statement (one round trip): see
 * process-order-statement.ts. The amount is read there, under the row lock, so a ref carrying an
 * amount is not trusted for it.
 */
export class OrderProcessor extends DomainService {
  async process(ref: SubjectRef): Promise<OrderOutcome> {
    const orderId = subjectIdOf(ref);
    await doSimulatedWork(this.settings, this.context, 'order', orderId);
    const row = await runProcessOrderStatement(this.em, {
      orderId,
      idempotencyKey: `order:${orderId}:processed`,
      jobId: this.context.jobId,
      engine: this.context.engine,
      execution: this.context.execution,
      idempotent: this.settings.idempotent,
    });
    if (!row) throw new SubjectNotFoundError('Order', orderId);
    return outcomeOf(orderId, row);
  }
}

function outcomeOf(orderId: number, row: ProcessOrderRow): OrderOutcome {
  switch (row.kind) {
    case 'order.replayed':
      return { orderId, status: 'duplicate' };
    case 'order.failed':
      return { orderId, status: 'failed', reason: row.failure_reason! };
    case 'order.processed':
      return { orderId, status: 'processed', shipping: row.shipping!, tax: row.tax!, total: row.total! };
  }
}
