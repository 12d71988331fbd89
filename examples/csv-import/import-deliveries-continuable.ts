import { ContinuableJob, type Step } from 'resumable-jobs/continuable';
import { enumeratorBuilder, type CsvCursor } from 'resumable-jobs/iteration';
import { applyDelivery, parseDelivery, type ImportArgs, type ImportServices } from './stock-deliveries.js';

/**
 * The same CSV import on the continuable engine: one step whose cursor is the `[row, byte offset]`
 * of the last applied line. The file is read with the iteration package's CSV reader (a plain async
 * iterable of [row, cursor] pairs), so both versions read the file the same way and differ only in
 * how they remember where they are: here `step.set` is the checkpoint, stored in the job's data.
 */
export class ImportDeliveriesContinuable extends ContinuableJob<ImportArgs, ImportServices> {
  static jobName = 'examples.import-deliveries.continuable';

  async perform({ path }: ImportArgs): Promise<void> {
    await this.step<CsvCursor>('import', async (step: Step<CsvCursor>) => {
      for await (const [row, cursor] of enumeratorBuilder.csv(path, { cursor: step.cursor ?? undefined })) {
        await applyDelivery(this.services.db, String(this.job.id), parseDelivery(row));
        await step.set(cursor); // a checkpoint: the job may stop here, this line applied
      }
    });
  }
}
