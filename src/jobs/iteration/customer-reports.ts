import { Customer } from '../../domain/entities/customer.js';
import { ReportBuilder } from '../../domain/services/report-builder.js';
import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { records } from 'resumable-jobs/mikro-orm';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { oncePerExecution } from '../shared/once-per-execution.js';
import { recordingItemFailure } from '../shared/item-failures.js';
import { customersWhere, PAGE_SIZE, type ReportsArgs } from '../shared/scopes.js';
import { reportsArgsSchema } from '../args/reports-args.js';

/**
 * Customer reports, item by item: the item is a customer, and its orders are aggregated inside
 * `eachIteration`. The engine checks for interruption after every item, so an interrupt during
 * customer 40 finishes customer 40 and resumes at 41. (A `nested` enumerator over customers and
 * their orders would checkpoint inside a customer and resume with its half-built aggregate lost:
 * the checkpoint must sit where the work becomes durable.)
 */
export class CustomerReportsIteration extends IterationJob<ReportsArgs, Customer, number, DemoServices> {
  static jobName = 'iteration.customer-reports';
  static argsSchema = reportsArgsSchema;
  // Once per execution, on first use: not once per customer.
  readonly #execution = oncePerExecution(() => {
    const em = forkEm(this.services);
    const context = demoJobContext(this.context.job, 'iteration');
    return { em, context, reports: new ReportBuilder(em, context, this.services.processing) };
  });

  buildEnumerator(args: ReportsArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return records(this.#execution().em, Customer, customersWhere(args), { cursor, batchSize: PAGE_SIZE, fields: ['id'] });
  }

  async eachIteration(customer: Customer): Promise<void> {
    const { em, context, reports } = this.#execution();
    await recordingItemFailure(em, context, 'report', customer.id, () => reports.build(customer.id));
  }

  protected override async onComplete(): Promise<void> {
    const { em, context } = this.#execution();
    await recordDemoCompletion(em, context, 'reports', 'report');
  }
}
