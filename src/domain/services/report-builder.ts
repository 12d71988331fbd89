import type { EntityManager } from '@mikro-orm/postgresql';
import { SubjectNotFoundError } from '../errors.js';
import { normaliseMoney } from '../money.js';
import type { JobContext } from '../types.js';
import { DomainService } from './domain-service.js';
import { runEffect } from './effect-runner.js';
import { subjectIdOf, type CustomerOrderSummary, type ReportOutcome, type SubjectRef } from './types.js';

/** One customer's orders, summed by Postgres (amount null is left out of sum and average). */
export async function summariseCustomerOrders(em: EntityManager, customerId: number): Promise<CustomerOrderSummary> {
  const [row] = await em.execute<
    { order_count: number; total_amount: string; average_amount: string | null; processed: number; failed: number }[]
  >(
    `select count(*)::int as order_count,
            coalesce(sum(amount), 0)::text as total_amount,
            round(avg(amount), 2)::text as average_amount,
            (count(*) filter (where status = 'processed'))::int as processed,
            (count(*) filter (where status = 'failed'))::int as failed
     from orders where customer_id = ?`,
    [customerId],
  );
  return {
    orderCount: row?.order_count ?? 0,
    totalAmount: normaliseMoney(row?.total_amount ?? '0'),
    averageAmount: row?.average_amount == null ? null : normaliseMoney(row.average_amount),
    processedCount: row?.processed ?? 0,
    failedCount: row?.failed ?? 0,
  };
}

/**
 * Summarises one customer's orders into a new customer_reports row in one statement (the same sums
 * as summariseCustomerOrders); undefined when the customer does not exist, and then nothing is written.
 */
async function writeCustomerReport(
  em: EntityManager,
  customerId: number,
  context: JobContext,
): Promise<{ reportId: number; summary: CustomerOrderSummary } | undefined> {
  const [row] = await em.execute<
    {
      id: number;
      order_count: number;
      total_amount: string;
      average_amount: string | null;
      processed_count: number;
      failed_count: number;
    }[]
  >(
    `insert into customer_reports
       (customer_id, order_count, total_amount, average_amount, processed_count, failed_count, job_id, engine)
     select c.id,
            count(o.id),
            coalesce(sum(o.amount), 0),
            round(avg(o.amount), 2),
            count(o.id) filter (where o.status = 'processed'),
            count(o.id) filter (where o.status = 'failed'),
            ?, ?
     from customers c left join orders o on o.customer_id = c.id
     where c.id = ?
     group by c.id
     returning id, order_count, total_amount::text, average_amount::text, processed_count, failed_count`,
    [context.jobId, context.engine, customerId],
  );
  if (!row) return undefined;
  return {
    reportId: row.id,
    summary: {
      orderCount: row.order_count,
      totalAmount: normaliseMoney(row.total_amount),
      averageAmount: row.average_amount === null ? null : normaliseMoney(row.average_amount),
      processedCount: row.processed_count,
      failedCount: row.failed_count,
    },
  };
}

/**
 * Writes one customer_reports row summarising a customer's orders (ledger 'report.written').
 * The key `report:<customerId>:<jobId>` makes a report once per customer per job: a later job may
 * write a fresh report, a resumed one may not write a second.
 */
export class ReportBuilder extends DomainService {
  async build(ref: SubjectRef): Promise<ReportOutcome> {
    const customerId = subjectIdOf(ref);
    const spec = { family: 'report', subjectId: customerId, idempotencyKey: `report:${customerId}:${this.context.jobId}` };
    const outcome = await runEffect<ReportOutcome>(this.em, this.context, this.settings, spec, async (tem) => {
      const written = await writeCustomerReport(tem, customerId, this.context);
      // Thrown inside the effect's transaction: a key claimed for it is rolled back too.
      if (!written) throw new SubjectNotFoundError('Customer', customerId);
      return { kind: 'report.written', value: { customerId, status: 'written', ...written } };
    });
    return outcome.applied ? outcome.value : { customerId, status: 'duplicate' };
  }
}
