import type { EntityManager } from '@mikro-orm/postgresql';
import { Customer } from '../../domain/entities/customer.js';
import { ReportBuilder } from '../../domain/services/report-builder.js';
import type { JobContext } from '../../domain/types.js';
import { IterationJob } from '../../iteration/iteration-job.js';
import type { BuildEnumeratorOptions } from '../../iteration/types.js';
import { recordDemoCompletion } from '../shared/completion.js';
import { demoJobContext, forkEm, type DemoServices } from '../shared/demo-services.js';
import { recordingItemFailure } from '../shared/item-failures.js';
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
  // Built once per execution (buildEnumerator runs first), not once per customer.
  #em!: EntityManager;
  #context!: JobContext;
  #reports!: ReportBuilder;

  buildEnumerator(args: ReportsArgs, { cursor }: BuildEnumeratorOptions<number>) {
    this.#em = forkEm(this.services);
    this.#context = demoJobContext(this.context.job, 'iteration');
    this.#reports = new ReportBuilder(this.#em, this.#context, this.services.processing);
    return this.enumerate.records(this.#em, Customer, customersWhere(args), { cursor, batchSize: PAGE_SIZE, fields: ['id'] });
  }

  async eachIteration(customer: Customer): Promise<void> {
    await recordingItemFailure(this.#em, this.#context, 'report', customer.id, () => this.#reports.build(customer.id));
  }

  protected override async onComplete(): Promise<void> {
    await recordDemoCompletion(this.#em, this.#context, 'reports', 'report');
  }
}
