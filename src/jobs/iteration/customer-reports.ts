import { Customer } from '../../domain/entities/customer.js';
import { ReportBuilder } from '../../domain/services/report-builder.js';
import { IterationJob } from '../../iteration/iteration-job.js';
import type { BuildEnumeratorOptions } from '../../iteration/types.js';
import { recordCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { recordingItemFailure } from '../shared/item-failures.js';
import { distinctSubjectCount } from '../shared/ledger-counts.js';
import { customersWhere, PAGE_SIZE, type ReportsArgs } from '../shared/scopes.js';

/**
 * Customer reports, item by item: the item is a customer, and its orders are aggregated inside
 * `eachIteration`. The engine checks for interruption after every item, so an interrupt during
 * customer 40 finishes customer 40 and resumes at 41. (A `nested` enumerator over customers and
 * their orders would checkpoint inside a customer and resume with its half-built aggregate lost:
 * the checkpoint must sit where the work becomes durable.)
 */
export class CustomerReportsIteration extends IterationJob<ReportsArgs, Customer, number, DemoServices> {
  static jobName = 'iteration.customer-reports';

  buildEnumerator(args: ReportsArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.records(forkEm(this.services), Customer, customersWhere(args), { cursor, batchSize: PAGE_SIZE });
  }

  async eachIteration(customer: Customer): Promise<void> {
    const context = demoJobContext(this.context.job, 'iteration');
    const em = forkEm(this.services);
    const reports = new ReportBuilder(em, context, this.services.processing);
    await recordingItemFailure(em, context, 'report', customer.id, () => reports.build(customer.id));
  }

  protected override async onComplete(): Promise<void> {
    const context = demoJobContext(this.context.job, 'iteration');
    const em = forkEm(this.services);
    await recordCompletion(em, context, 'reports', await distinctSubjectCount(em, context.jobId, 'report'));
  }
}
