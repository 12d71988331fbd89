import { basename, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Job } from 'bullmq';
import { openCsvImportApp } from './app.js';
import { ImportDeliveriesContinuable } from './import-deliveries-continuable.js';
import { ImportDeliveriesIteration } from './import-deliveries-iteration.js';

/*
 * Imports a CSV of stock deliveries with one of the two engines, in one process: a worker, the job,
 * and a line when it is done. Ctrl-C stops it at a checkpoint; the same command again resumes it
 * right after the last applied line (the job id comes from the file name and engine). JOBS_PREFIX
 * sets the BullMQ prefix (default csv-import).
 *
 *   REDIS_URL=redis://127.0.0.1:6379 DATABASE_URL=postgres://postgres@127.0.0.1:5432/app \
 *     npm run example:csv-import -- [file.csv] [--engine iteration|continuable] [--job-id id]
 */
const USAGE = 'usage: npm run example:csv-import -- [file.csv] [--engine iteration|continuable] [--job-id id]  (needs REDIS_URL and DATABASE_URL)';
const engines = { iteration: ImportDeliveriesIteration, continuable: ImportDeliveriesContinuable } as const;
type Engine = keyof typeof engines;

function usageError(problem: string): never {
  process.stderr.write(`${problem}\n${USAGE}\n`);
  process.exit(2);
}

function readCommandLine() {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { engine: { type: 'string', default: 'iteration' }, 'job-id': { type: 'string' }, help: { type: 'boolean' } } });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (!(values.engine in engines)) usageError(`--engine must be iteration or continuable, got "${values.engine}"`);
  if (positionals.length > 1) usageError(`one CSV file at most, got ${positionals.length}`);
  const { REDIS_URL: redisUrl, DATABASE_URL: databaseUrl } = process.env;
  if (!redisUrl || !databaseUrl) usageError('set REDIS_URL and DATABASE_URL to a Redis and a PostgreSQL of your own');
  const path = resolve(positionals[0] ?? fileURLToPath(new URL('./deliveries.csv', import.meta.url)));
  const engine = values.engine as Engine;
  const jobId = values['job-id'] ?? `import-${basename(path, extname(path))}-${engine}`;
  return { path, engine, jobId, redisUrl, databaseUrl };
}

async function main(): Promise<void> {
  const { path, engine, jobId, redisUrl, databaseUrl } = readCommandLine();
  const app = await openCsvImportApp({ redisUrl, databaseUrl, prefix: process.env.JOBS_PREFIX ?? 'csv-import' });
  const jobClass = engines[engine];

  // An interrupt stops the worker: the running import checkpoints and waits in Redis for the next run.
  const stop = (signal: NodeJS.Signals) => {
    process.stdout.write(`${signal}: stopping; the import keeps its place, run the same command again to resume\n`);
    void app.close().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const job: Job = await app.runtime.enqueue(jobClass, { path }, { jobId });
  if ((await job.getState()) === 'completed') {
    process.stdout.write(`job ${jobId} already imported ${basename(path)}; pass --job-id to import it again\n`);
    return app.close();
  }
  process.stdout.write(`importing ${path} with the ${engine} engine as job ${jobId}\n`);
  const worker = app.runtime.startWorker();
  const finished = new Promise<string | undefined>((done) => {
    worker.on('completed', (ended) => ended.id === jobId && done(undefined));
    worker.on('failed', (ended) => ended?.id === jobId && ended.finishedOn !== undefined && done(ended.failedReason));
  });
  const failure = await finished;
  const { rows } = await app.db.query<{ lines: number; units: number }>(
    'select count(*)::int as lines, coalesce(sum(quantity), 0)::int as units from stock_movements where source = $1',
    [jobId],
  );
  await app.close();
  if (failure !== undefined) {
    process.stderr.write(`job ${jobId} failed: ${failure}\n`);
    process.exit(1);
  }
  process.stdout.write(`done: job ${jobId} applied ${rows[0]!.lines} delivery lines (${rows[0]!.units} units), each once\n`);
}

await main();
