import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Order } from '../entities/order.js';
import { SubjectNotFoundError } from '../errors/subject-not-found-error.js';
import type { JobContext, ProcessingSettings } from '../types.js';
import { runEffect } from './effect-runner.js';
import { priceOrder } from './order-pricing.js';
import { resolveProcessingSettings } from './processing-settings.js';
import { subjectIdOf, type OrderOutcome, type SubjectRef } from './types.js';

/**
 * Processes one order: an invalid amount (missing, zero, negative) marks it failed with a reason
 * (ledger 'order.failed'); a valid one gets shipping, tax and total and is marked processed
 * (ledger 'order.processed'). Key `order:<id>:processed` for both outcomes: either way the order
 * has been handled once.
 * It does not look at the current status on purpose: in raw mode an engine that repeats an order
 * must produce a second ledger row, or the ledger could not catch the engine's mistake.
 */
export class OrderProcessor {
  private readonly settings: ProcessingSettings;

  constructor(
    private readonly em: EntityManager,
    private readonly context: JobContext,
    settings: Partial<ProcessingSettings> = {},
  ) {
    this.settings = resolveProcessingSettings(settings);
  }

  async process(ref: SubjectRef): Promise<OrderOutcome> {
    const orderId = subjectIdOf(ref);
    const spec = { family: 'order', subjectId: orderId, idempotencyKey: `order:${orderId}:processed` };
    const outcome = await runEffect<OrderOutcome>(this.em, this.context, this.settings, spec, async (tem) => {
      const order = await tem.findOne(Order, orderId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!order) throw new SubjectNotFoundError('Order', orderId);
      const pricing = priceOrder(order.amount);
      if (!pricing.valid) {
        order.status = 'failed';
        order.failureReason = pricing.reason;
        order.shipping = order.tax = order.total = null;
        order.processedAt = null;
        await tem.flush();
        return { kind: 'order.failed', value: { orderId, status: 'failed', reason: pricing.reason } };
      }
      const { shipping, tax, total } = pricing;
      order.status = 'processed';
      order.failureReason = null;
      order.shipping = shipping;
      order.tax = tax;
      order.total = total;
      order.processedAt = new Date();
      await tem.flush();
      return { kind: 'order.processed', value: { orderId, status: 'processed', shipping, tax, total } };
    });
    return outcome.applied ? outcome.value : { orderId, status: 'duplicate' };
  }
}
