import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCsvImportApp, type CsvImportApp } from '../../examples/csv-import/app.js';
import { ImportDeliveriesContinuable } from '../../examples/csv-import/import-deliveries-continuable.js';
import { ImportDeliveriesIteration } from '../../examples/csv-import/import-deliveries-iteration.js';
import { openScenario } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { runCaptured } from '../reliability/support/run-captured.js';
import { typeCheckExamplesAgainstBuiltEntryPoints } from './support/built-entry-points.js';

/** Ten delivery lines; a quoted sku holds a comma and another a line break: rows are not lines. */
const DELIVERIES = [
  'delivery,sku,quantity',
  'D-01,BOLT-M6,100',
  'D-02,"NUT, M6",250',
  'D-03,WASHER-6,400',
  'D-04,"HINGE\nLEFT",12',
  'D-05,HINGE-RIGHT,12',
  'D-06,SCREW-4x30,1000',
  'D-07,DOWEL-8,300',
  'D-08,"BRACKET ""L""",40',
  'D-09,GLUE-500ML,6',
  'D-10,SANDPAPER-120,50',
  '',
].join('\n');
const DELIVERY_IDS = Array.from({ length: 10 }, (_, i) => `D-${String(i + 1).padStart(2, '0')}`);
const STOP_AFTER = 4;

const importJobs = {
  iteration: { job: ImportDeliveriesIteration, interrupted: 'iteration.interrupted', resumed: 'iteration.resumed' },
  continuable: { job: ImportDeliveriesContinuable, interrupted: 'continuable.interrupt', resumed: 'continuable.resume' },
} as const;

/**
 * The example app (examples/csv-import), written only against the package's entry points
 * `resumable-jobs/runtime`, `/continuable` and `/iteration`, run as an application would run it:
 * a real BullMQ worker on Redis, its own table in PostgreSQL.
 */
describe('the CSV import example, interrupted once and resumed, on both engines', () => {
  let app: CsvImportApp;
  let dir: string;
  let path: string;
  let servers: { redisUrl: string; databaseUrl: string; prefix: string };
  const resumeDelay = ImportDeliveriesContinuable.resume;
  beforeAll(async () => {
    const env = await openScenario('examples-csv-import');
    servers = { redisUrl: env.redisUrl, databaseUrl: env.databaseUrl, prefix: env.prefix };
    app = await openCsvImportApp({ redisUrl: env.redisUrl, prefix: env.prefix, databaseUrl: env.databaseUrl, flagPollMs: 20 });
    env.onClose(() => app.close());
    dir = await mkdtemp(join(tmpdir(), 'examples-csv-import-'));
    path = join(dir, 'deliveries.csv');
    await writeFile(path, DELIVERIES);
    ImportDeliveriesContinuable.resume = { delayMs: 50 }; // Rails' 5 s would only slow the scenario
  });
  afterAll(async () => {
    ImportDeliveriesContinuable.resume = resumeDelay;
    await rm(dir, { recursive: true, force: true });
  });

  it.each(Object.keys(importJobs) as (keyof typeof importJobs)[])(
    '%s: applies every delivery line exactly once across the interruption',
    async (engine) => {
      const { job: jobClass, interrupted, resumed } = importJobs[engine];
      const queueName = `csv-${engine}`;
      const events: { name: string; payload: { jobId: string } & Record<string, unknown> }[] = [];
      app.runtime.events.onAny((event) => events.push(event as never));

      // Given a queued import asked (by a control flag) to stop after four lines,
      const job = await app.runtime.enqueue(jobClass, { path }, { queueName, jobId: `deliveries-${engine}` });
      await app.runtime.flags.set(queueName, job.id!, { kind: 'after-items', items: STOP_AFTER });
      // when a worker runs it, it stops once, is re-enqueued, resumes and completes.
      app.runtime.startWorker({ queueName });
      await waitFor(`the ${engine} import to complete`, () => job.getState(), (state) => state === 'completed');

      const ofJob = (name: string) => events.filter((event) => event.name === name && event.payload.jobId === job.id);
      expect(ofJob(interrupted).map((event) => event.payload.reason)).toEqual(['flag']);
      // Both stored the cursor [row, byte offset] of the fourth line and resumed right after it.
      const stoppedAt = cursorOf(engine, ofJob(interrupted)[0]!.payload);
      expect(stoppedAt[0]).toBe(STOP_AFTER - 1);
      expect(Buffer.from(DELIVERIES).subarray(stoppedAt[1]).toString().split('\n')[0]).toBe('D-05,HINGE-RIGHT,12');
      expect(ofJob(resumed).map((event) => cursorOf(engine, event.payload))).toEqual([stoppedAt]);

      // Then the database shows every line applied once, none twice, none missed.
      const { rows } = await app.db.query<{ delivery: string; applied: number }>(
        'select delivery, count(*)::int as applied from stock_movements where source = $1 group by delivery order by delivery',
        [job.id],
      );
      expect(rows).toEqual(DELIVERY_IDS.map((delivery) => ({ delivery, applied: 1 })));
      const { rows: stock } = await app.db.query<{ sku: string; quantity: number }>(
        'select sku, quantity from stock_movements where source = $1 order by delivery',
        [job.id],
      );
      expect(stock.slice(1, 4)).toEqual([
        { sku: 'NUT, M6', quantity: 250 },
        { sku: 'WASHER-6', quantity: 400 },
        { sku: 'HINGE\nLEFT', quantity: 12 },
      ]);
    },
  );

  it('runs from its entry point as a user runs it: the bundled file imported once; a second run does not import it again', async () => {
    const env = { REDIS_URL: servers.redisUrl, DATABASE_URL: servers.databaseUrl, JOBS_PREFIX: servers.prefix };
    const first = await runCaptured('examples/csv-import/main.ts', env, 60_000);
    expect(first.code, first.output).toBe(0);
    expect(first.lines.at(-1)).toBe('done: job import-deliveries-iteration applied 10 delivery lines (2170 units), each once');
    const again = await runCaptured('examples/csv-import/main.ts', env, 60_000);
    expect(again.code, again.output).toBe(0);
    expect(again.lines.at(-1)).toMatch(/^job import-deliveries-iteration already imported deliveries\.csv/);
    const { rows } = await app.db.query<{ applied: number }>('select count(*)::int as applied from stock_movements where source = $1 group by delivery', ['import-deliveries-iteration']);
    expect(rows).toEqual(DELIVERY_IDS.map(() => ({ applied: 1 })));
  });

  it('says what it needs when run without servers (exit 2)', async () => {
    const run = await runCaptured('examples/csv-import/main.ts', { REDIS_URL: '', DATABASE_URL: '' });
    expect(run.code).toBe(2);
    expect(run.lines[0]).toBe('set REDIS_URL and DATABASE_URL to a Redis and a PostgreSQL of your own');
  });

  it('is written against entry points that build on their own, with declarations', async () => {
    // The library alone (tsconfig.build.json) emits declarations, and the example type-checks
    // against those declarations rather than against the sources.
    expect(await typeCheckExamplesAgainstBuiltEntryPoints()).toEqual({ library: [], examples: [] });
  });
});

/** The cursor each engine reports: iteration events carry it, continuable ones as the current step's. */
function cursorOf(engine: keyof typeof importJobs, payload: Record<string, unknown>): [number, number] {
  if (engine === 'iteration') return payload.cursor as [number, number];
  const current = payload.current as [string, [number, number]];
  expect(current[0]).toBe('import');
  return current[1];
}
