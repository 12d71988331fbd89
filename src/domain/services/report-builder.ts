import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer } from '../entities/customer.js';
import { CustomerReport } from '../entities/customer-report.js';
import { SubjectNotFoundError } from '../errors/subject-not-found-error.js';
import { normaliseMoney } from '../money.js';
import type { JobContext, ProcessingSettings } from '../types.js';
import { runEffect } from './effect-runner.js';
import { resolveProcessingSettings } from './processing-settings.js';
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
 * Writes one customer_reports row summarising a customer's orders (ledger 'report.written').
 * The key `report:<customerId>:<jobId>` makes a report once per customer per job: a later job may
 * write a fresh report, a resumed one may not write a second.
 */
export class ReportBuilder {
  private readonly settings: ProcessingSettings;

  constructor(
    private readonly em: EntityManager,
    private readonly context: JobContext,
    settings: Partial<ProcessingSettings> = {},
  ) {
    this.settings = resolveProcessingSettings(settings);
  }

  async build(ref: SubjectRef): Promise<ReportOutcome> {
    const customerId = subjectIdOf(ref);
    const spec = { family: 'report', subjectId: customerId, idempotencyKey: `report:${customerId}:${this.context.jobId}` };
    const outcome = await runEffect<ReportOutcome>(this.em, this.context, this.settings, spec, async (tem) => {
      const customer = await tem.findOne(Customer, customerId);
      if (!customer) throw new SubjectNotFoundError('Customer', customerId);
      const summary = await summariseCustomerOrders(tem, customerId);
      const report = tem.create(CustomerReport, {
        customer,
        ...summary,
        jobId: this.context.jobId,
        engine: this.context.engine,
      });
      await tem.flush();
      return { kind: 'report.written', value: { customerId, status: 'written', reportId: report.id, summary } };
    });
    return outcome.applied ? outcome.value : { customerId, status: 'duplicate' };
  }
}
