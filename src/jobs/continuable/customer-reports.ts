import { Customer } from '../../domain/entities/customer.js';
import { ReportBuilder } from '../../domain/services/report-builder.js';
import { ContinuableJob, type Step } from 'resumable-jobs/continuable';
import { inTransactionOf } from 'resumable-jobs/mikro-orm';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { idPagesAfter } from '../shared/id-pages.js';
import { recordingItemFailure } from '../shared/item-failures.js';
import { customersWhere, PAGE_SIZE, type ReportsArgs } from '../shared/scopes.js';
import { reportsArgsSchema } from '../args/reports-args.js';

/**
 * Customer reports, step by step: customers outside, each customer's orders inside. The report is
 * the unit of durable work, so the cursor is the last customer whose report is written and the
 * checkpoint comes after a whole customer: an interrupt during customer 40 finishes customer 40
 * and the job resumes at customer 41. (A cursor inside a customer's orders would resume with the
 * half-built aggregate gone: job-iteration's nested-cursor bug #615 in another shape.)
 */
export class CustomerReports extends ContinuableJob<ReportsArgs, DemoServices> {
  static jobName = 'continuable.customer-reports';
  static argsSchema = reportsArgsSchema;
  // Rails' guard: a checkpoint inside em.transactional() fails the job rather than stop mid-transaction.
  protected override isInTransaction = inTransactionOf(this.services.orm.em);

  async perform(args: ReportsArgs): Promise<void> {
    const context = demoJobContext(this.job, 'continuable');
    const em = forkEm(this.services);
    const reports = new ReportBuilder(em, context, this.services.processing);

    await this.step<number>('reports', async (step: Step<number>) => {
      for await (const customerIds of idPagesAfter(em, Customer, customersWhere(args), { after: step.cursor, pageSize: PAGE_SIZE })) {
        for (const customerId of customerIds) {
          await recordingItemFailure(em, context, 'report', customerId, () => reports.build(customerId));
          await step.set(customerId);
        }
      }
    });
    await this.step('finalize', async () => {
      await recordDemoCompletion(em, context, 'reports', 'report');
    });
  }
}
