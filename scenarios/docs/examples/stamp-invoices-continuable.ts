import { ContinuableJob } from 'resumable-jobs/continuable';
import { stampInvoice, type InvoiceServices, type StampArgs } from './invoices.js';

export class StampInvoicesContinuable extends ContinuableJob<StampArgs, InvoiceServices> {
  static jobName = 'walkthrough.stamp-invoices.continuable';
  // After an interruption the same job waits this long in `delayed`, then resumes (Rails: 5 s).
  static override resume = { delayMs: 1_000 };

  async perform({ count }: StampArgs): Promise<void> {
    const jobId = String(this.job.id); // outside the steps: runs on every execution

    await this.step<number>('stamp', async (step) => {
      // The cursor is the last invoice stamped; a resumed execution starts after it.
      for (let invoice = (step.cursor ?? 0) + 1; invoice <= count; invoice++) {
        await stampInvoice(this.services.db, jobId, invoice);
        await step.set(invoice); // a checkpoint: the job may stop here
      }
    });

    await this.step('summary', async () => {
      await this.services.db.query('select count(*) from stamped_invoices where job = $1', [jobId]);
    });
  }
}
