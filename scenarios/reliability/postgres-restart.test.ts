import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm } from '../../src/domain/orm.js';
import { prepareSchema } from '../../src/domain/schema.js';
import { applyDemoJobTiming } from '../../src/jobs/catalog.js';
import { scenarioTiming } from '../demo/support/demo-harness.js';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { FaultBench } from './support/fault-bench.js';
import { localBinaries, OwnPostgres } from './support/own-servers.js';

/**
 * PostgreSQL restarted (fast shutdown: every client disconnected mid-statement) while the orders job
 * runs on both engines. The statements in flight fail, the default retry policy retries the jobs,
 * the pool reconnects, and each job resumes at its failing item: every order exactly once.
 */
const binaries = localBinaries();

describe.runIf(binaries)('Postgres restarted under the orders job (own postgres server)', () => {
  let env: ScenarioEnvironment;
  let postgres: OwnPostgres;
  let orm: MikroORM;
  let bench: FaultBench;

  beforeAll(async () => {
    applyDemoJobTiming(scenarioTiming);
    env = await openScenario('reliability-pg-restart');
    postgres = await OwnPostgres.start(binaries!);
    const databaseUrl = postgres.adminUrl.replace(/\/postgres$/, '/faults');
    orm = await createOrm(databaseUrl);
    await prepareSchema(orm);
    bench = new FaultBench({ ...env, orm, databaseUrl }, env.redisUrl, `${env.prefix}-pg`);
  });
  afterAll(async () => {
    await bench?.close();
    await orm?.close(true);
    await postgres?.stop();
  });

  it('both jobs retry, resume at the failing item and complete; every order exactly once', async () => {
    const { data, jobs } = await bench.enqueueOrders('pg-restart');
    const worker = bench.runtime.startWorker({ concurrency: 2 });
    try {
      await bench.progress(jobs, 100);
      const faultAt = Date.now();
      await postgres.restart();
      await bench.completed(jobs);
      const audits = await bench.audit(data, jobs, {
        source: 'scenarios/reliability/postgres-restart',
        runner: 'in-process worker',
        fault: 'Postgres restart (fast shutdown)',
        injections: 1,
        recoveryMs: Date.now() - faultAt,
        note: 'statements in flight failed; retried by the default policy, resumed at the failing item',
      });
      for (const audit of audits) expect(audit).toMatchObject({ itemsLost: 0, duplicateEffects: 0 });
    } finally {
      await worker.close();
    }
  });
});
