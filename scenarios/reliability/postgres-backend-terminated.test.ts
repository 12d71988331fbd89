import { beforeAll, describe, expect, it } from 'vitest';
import { recordFault } from '../../src/harness/reporting/reliability-recorder.js';
import { withPg } from '../../src/harness/stack/pg-client.js';
import { seedPendingOrders } from '../../src/harness/seeding/index.js';
import type { DemoData } from '../demo/support/demo-data.js';
import { DemoHarness, engines } from '../demo/support/demo-harness.js';
import { waitFor } from '../support/wait-for.js';
import { auditLedger } from './support/audit.js';

/**
 * A transient Postgres error: every backend of the job's database is terminated while the orders job
 * runs (pg_terminate_backend, as a failover or an admin would), twice. The runtime's default retry
 * policy retries the job after a backoff, and it resumes at the failing item: nothing is left undone
 * and the failure reason of the failed attempt is one readable line, cause first.
 */
describe('orders job whose Postgres backends are terminated mid-statement, twice', () => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open('reliability-pg-terminate');
  });

  it.each(engines)('%s: retried by the default policy, resumes at the failing item, every order exactly once', async (engine) => {
    // 400 orders of its own per engine: enough for two faults mid-run, few enough to stay short.
    const { orderIds } = await seedPendingOrders(demo.env.orm.em.fork(), 400, engine === 'iteration' ? 2 : 1);
    const data: DemoData = { job: 'orders', family: 'order', subjectIds: orderIds, args: { fromId: orderIds[0]!, toId: orderIds.at(-1)! }, unit: 1 };
    const jobId = `orders-${engine}-pg-terminated`;
    demo.setProcessing({ perItemDelayMs: 2, idempotent: true });
    const job = await demo.enqueue(data, engine, jobId);
    const worker = demo.runtime.startWorker();
    const failedReasons: string[] = [];
    worker.on('failed', (failed) => failedReasons.push(failed?.failedReason ?? ''));
    const database = new URL(demo.env.databaseUrl).pathname.slice(1);
    const terminateBackends = () =>
      withPg(demo.env.databaseUrl, (pg) =>
        pg.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]),
      );
    // The scenario's own reads share the pool whose connections are killed: a read that fails is retried.
    const handled = () => demo.handledCount(data, jobId).catch(() => -1);
    let firstFaultAt = 0;
    try {
      // Given: the job well under way.
      await waitFor('a tenth of the orders done', () => handled(), (n) => n >= 40, { timeoutMs: 30_000 });
      // Fault: kill every backend of the database, then again once the job is running again.
      firstFaultAt = Date.now();
      for (let injection = 0; injection < 2; injection++) {
        const before = await handled();
        await terminateBackends();
        // Recovery: the job runs again (a retry, or continuable's resume after progress) and goes on.
        await waitFor('the job to go on after the fault', () => handled(), (n) => n > before + 20 || n >= data.subjectIds.length, { timeoutMs: 30_000 });
      }
      await demo.completion(job, 60_000);
      const recoveryMs = Date.now() - firstFaultAt;
      const stored = (await demo.runtime.queue().getJob(jobId))!;
      const reason = failedReasons[0] ?? '(no attempt failed: the engine resumed after progress)';

      // Each failed attempt's reason: one line, cause first, not kilobytes of SQL.
      for (const failed of failedReasons) {
        expect(failed.length).toBeLessThanOrEqual(600);
        expect(failed).not.toContain('\n');
        expect(failed).not.toMatch(/^\s*(update|select|insert)/i);
      }

      // The SQL audit: every order handled exactly once, nothing lost, no effect twice.
      const audit = await auditLedger(demo.env.orm, data, [jobId]);
      expect(audit.itemsLost).toBe(0);
      expect(audit.duplicateEffects).toBe(0);
      expect(await stored.getState()).toBe('completed');
      await recordFault({
        mode: 'keys',
        duplicateBound: 0,
        fault: 'Postgres backends terminated (pg_terminate_backend)',
        source: 'scenarios/reliability/postgres-backend-terminated',
        workload: `${engine} orders`,
        injections: 2,
        jobsAffected: 1,
        ...audit,
        recoveryMs,
        note: `retried by the default policy (attempts used: ${stored.attemptsMade}); first failed reason: "${reason.slice(0, 100)}"`,
        passed: true,
      });
    } finally {
      await worker.close();
    }
  });
});
