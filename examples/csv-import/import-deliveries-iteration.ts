import { IterationJob, type BuildEnumeratorOptions, type CsvCursor, type CsvRow } from 'resumable-jobs/iteration';
import { applyDelivery, parseDelivery, type ImportArgs, type ImportServices } from './stock-deliveries.js';

/**
 * The CSV import on the iteration engine: the `csv` enumerator streams the file and hands each row
 * with its cursor `[row, byte offset]`; the engine checkpoints that cursor in Redis, and a resumed
 * execution opens the file at the byte after the last applied row.
 */
export class ImportDeliveriesIteration extends IterationJob<ImportArgs, CsvRow, CsvCursor, ImportServices> {
  static jobName = 'examples.import-deliveries.iteration';

  buildEnumerator({ path }: ImportArgs, { cursor }: BuildEnumeratorOptions<CsvCursor>) {
    return this.enumerate.csv(path, { cursor });
  }

  async eachIteration(row: CsvRow): Promise<void> {
    await applyDelivery(this.services.db, String(this.context.job.id), parseDelivery(row));
  }
}
