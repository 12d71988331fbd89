import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { stampInvoice, type InvoiceServices, type StampArgs } from './invoices.js';

export class StampInvoicesIteration extends IterationJob<StampArgs, number, number, InvoiceServices> {
  static jobName = 'walkthrough.stamp-invoices.iteration';
  // job-iteration re-enqueues at once; a second's pause makes the stop visible in `delayed`.
  static override retryBackoffMs = 1_000;

  // Called on every execution with the stored cursor (undefined on the first one).
  buildEnumerator(_args: StampArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(this.args.count, { cursor }); // 0, 1, ... count - 1
  }

  // The engine stores the item's cursor after each call; no checkpoint code here.
  async eachIteration(index: number): Promise<void> {
    await stampInvoice(this.services.db, String(this.context.job.id), index + 1);
  }
}
