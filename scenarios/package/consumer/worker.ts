/**
 * A consumer's worker process, run with plain `node` from the compiled output: both jobs on one
 * worker with default options; SIGTERM closes the runtime and the pool, then the process exits.
 * `--enqueue <count> --pace <ms>` also adds one job of each engine (ids `stamp-<engine>`).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { closeOnSignals, Runtime } from 'resumable-jobs/runtime';
import { createStampTable, StampContinuable, StampIteration, type StampServices } from './stamp-jobs.js';

const { values } = parseArgs({ options: { enqueue: { type: 'string' }, pace: { type: 'string', default: '10' } } });
const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 3 });
await createStampTable(db);
const runtime = new Runtime<StampServices>({
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  prefix: process.env.JOBS_PREFIX ?? 'consumer',
  services: { db },
}).register(StampContinuable, StampIteration);

const worker = runtime.startWorker({ concurrency: 2 });
closeOnSignals(
  {
    async close(force) {
      const report = await runtime.close(force);
      await db.end();
      return report;
    },
  },
  { onClosed: (result) => console.log(JSON.stringify({ event: 'closed', ...result })) },
);
// Started by a test: go when the test runner goes, so no worker outlives it.
if (process.send) process.on('disconnect', () => process.exit(70));

if (values.enqueue) {
  const args = { count: Number(values.enqueue), paceMs: Number(values.pace) };
  await runtime.enqueue(StampContinuable, args, { jobId: 'stamp-continuable' });
  await runtime.enqueue(StampIteration, args, { jobId: 'stamp-iteration' });
}
await worker.waitUntilReady();
console.log(JSON.stringify({ event: 'ready', pid: process.pid }));
