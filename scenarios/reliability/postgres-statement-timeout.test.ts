import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { defaultRetryPolicy } from 'resumable-jobs/runtime';
import { createOrm } from '../../src/domain/orm.js';
import { prepareSchema } from '../../src/domain/schema.js';
import { applyDemoJobTiming } from '../../src/jobs/catalog.js';
import { scenarioTiming } from '../demo/support/demo-harness.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { FaultBench } from './support/fault-bench.js';
import { localBinaries, OwnPostgres } from './support/own-servers.js';

/**
 * A database that times out every statement: `statement_timeout` of 2 ms for 12 s, server-wide,
 * under the orders job on both engines. Every statement in that window may fail; the default retry
 * policy must ride it out with attempts to spare (it once used 5 of its 5), and each job resumes at
 * its failing item: every order exactly once.
 */
const binaries = localBinaries();
const outageMs = 12_000;

describe.runIf(binaries)('Postgres statement_timeout of 2 ms for 12 s under the orders job (own postgres server)', () => {
  let env: ScenarioEnvironment;
  let postgres: OwnPostgres;
  let orm: MikroORM;
  let bench: FaultBench;
  let admin: pg.Client;

  beforeAll(async () => {
    applyDemoJobTiming(scenarioTiming);
    env = await openScenario('reliability-pg-statement-timeout');
    postgres = await OwnPostgres.start(binaries!);
    const databaseUrl = postgres.adminUrl.replace(/\/postgres$/, '/faults');
    orm = await createOrm(databaseUrl);
    await prepareSchema(orm);
    bench = new FaultBench({ ...env, orm, databaseUrl }, env.redisUrl, `${env.prefix}-st`);
    // The admin session keeps no timeout of its own, so it can always lift the fault.
    admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query('set statement_timeout = 0');
  });
  afterAll(async () => {
    await admin?.end();
    await bench?.close();
    await orm?.close(true);
    await postgres?.stop();
  });

  it('both jobs complete with attempts to spare; every order exactly once', async () => {
    const { data, jobs } = await bench.enqueueOrders('statement-timeout');
    const worker = bench.runtime.startWorker({ concurrency: 2 });
    try {
      await bench.progress(jobs, 50);
      // The fault: every session without a timeout of its own picks the 2 ms up at once.
      const faultAt = Date.now();
      await admin.query("alter system set statement_timeout = '2ms'");
      await admin.query('select pg_reload_conf()');
      await new Promise((resolve) => setTimeout(resolve, outageMs)); // the outage's length is the fault, not a wait for a result
      await admin.query('alter system reset statement_timeout');
      await admin.query('select pg_reload_conf()');
      await bench.completed(jobs);
      const recoveryMs = Date.now() - faultAt;

      const attemptsAllowed = defaultRetryPolicy.attempts;
      const failures = new Map<string, number>();
      for (const job of jobs.values()) {
        const finished = (await bench.runtime.queue().getJob(String(job.id)))!;
        failures.set(String(job.id), finished.stacktrace?.length ?? 0);
      }
      const audits = await bench.audit(data, jobs, {
        source: 'scenarios/reliability/postgres-statement-timeout',
        runner: 'in-process worker',
        fault: 'Postgres statement_timeout 2 ms for 12 s',
        injections: 1,
        recoveryMs,
        note:
          `default retry policy (${attemptsAllowed} attempts, exponential from ${defaultRetryPolicy.backoff.delay} ms); idempotency keys on; ` +
          `checkpoint every ${scenarioTiming.durableEveryMs} ms; failed attempts used: ${[...failures.values()].join(' and ')} of ${attemptsAllowed}`,
      });
      for (const audit of audits) expect(audit).toMatchObject({ itemsLost: 0, duplicateEffects: 0 });
      // Margin: a 12 s outage leaves at least three attempts unused (the policy rides out about two minutes).
      for (const [jobId, used] of failures) expect(attemptsAllowed - used, `${jobId}: attempts to spare`).toBeGreaterThanOrEqual(3);
    } finally {
      await worker.close();
    }
  }, 180_000);
});
