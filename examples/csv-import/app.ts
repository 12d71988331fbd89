import pg from 'pg';
import { Runtime, type RuntimeOptions } from 'resumable-jobs/runtime';
import { ImportDeliveriesContinuable } from './import-deliveries-continuable.js';
import { ImportDeliveriesIteration } from './import-deliveries-iteration.js';
import { createStockMovements, type ImportServices } from './stock-deliveries.js';

export interface CsvImportAppOptions extends Omit<RuntimeOptions<ImportServices>, 'services'> {
  databaseUrl: string;
}

export interface CsvImportApp {
  runtime: Runtime<ImportServices>;
  db: pg.Pool;
  close(): Promise<void>;
}

/**
 * How an application wires the engines: a pool for its own tables, one Runtime with the app's
 * services, both import jobs registered. Start a worker with `app.runtime.startWorker()` (and
 * `closeOnSignals(runtime)` in a worker process, so SIGTERM checkpoints and re-enqueues);
 * enqueue with `app.runtime.enqueue(ImportDeliveriesIteration, { path })`.
 */
export async function openCsvImportApp({ databaseUrl, ...runtimeOptions }: CsvImportAppOptions): Promise<CsvImportApp> {
  const db = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  await createStockMovements(db);
  const runtime = new Runtime<ImportServices>({ ...runtimeOptions, services: { db } });
  runtime.register(ImportDeliveriesIteration, ImportDeliveriesContinuable);
  return {
    runtime,
    db,
    async close() {
      await runtime.close();
      await db.end();
    },
  };
}
