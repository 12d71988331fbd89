import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import { recordFault } from '../../../src/harness/reporting/reliability-recorder.js';
import type { Engine } from '../../../src/harness/reporting/types.js';
import { spawnWorkerProcess, type WorkerProcess } from '../../../src/harness/worker-process/worker-process.js';
import { allDemoJobClasses, demoJobs } from '../../../src/jobs/catalog.js';
import type { DemoServices } from '../../../src/jobs/shared/demo-services.js';
import type { OrdersArgs } from '../../../src/jobs/shared/scopes.js';
import { countHandledSubjects } from '../../../src/domain/side-effect-ledger.js';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import { Runtime } from 'resumable-jobs/runtime';
import { scenarioTiming } from '../../demo/support/demo-harness.js';
import type { DemoData } from '../../demo/support/demo-data.js';
import { seedPendingOrders } from '../../../src/harness/seeding/index.js';
import type { ScenarioEnvironment } from '../../support/scenario-environment.js';
import { waitFor } from '../../support/wait-for.js';
import { auditLedger, type LedgerAudit } from './audit.js';

/** Orders per job: enough for faults to land mid-run, few enough for the whole file to stay short. */
export const ordersPerJob = 400;
let seedCounter = 100;

async function seedOrders(env: ScenarioEnvironment, n: number): Promise<DemoData> {
  const { orderIds } = await seedPendingOrders(env.orm.em.fork(), n, seedCounter++);
  return { job: 'orders', family: 'order', subjectIds: orderIds, args: { fromId: orderIds[0]!, toId: orderIds.at(-1)! }, unit: 1 };
}

const demoWorkerModule = fileURLToPath(new URL('../../../src/harness/worker-process/demo-worker-app.ts', import.meta.url));

/** A password no one could guess and every output can be searched for. */
export const newPassword = () => `rj-${randomBytes(12).toString('hex')}`;

/** Small work per item, so faults land mid-run; with keys (the default) replays are counted, not repeated. */
const processingFor = (mode: 'keys' | 'raw') => ({ perItemDelayMs: 2, idempotent: mode === 'keys' });

/**
 * The workload of a fault scenario: the orders job on both engines, against a Redis of the
 * scenario's own, run by real worker processes whose output is captured (to search for secrets).
 */
export class FaultBench {
  readonly workers: WorkerProcess[] = [];
  readonly runtime: Runtime<DemoServices>;

  constructor(
    readonly env: ScenarioEnvironment,
    readonly redisUrl: string,
    readonly prefix: string,
    /** Idempotency keys on the effects, or raw. */
    readonly mode: 'keys' | 'raw' = 'keys',
  ) {
    this.runtime = new Runtime<DemoServices>({ redisUrl, prefix, services: { orm: env.orm, processing: processingFor(mode) } });
    this.runtime.register(...allDemoJobClasses);
  }

  async spawnWorker(): Promise<WorkerProcess> {
    const worker = await spawnWorkerProcess(
      {
        module: demoWorkerModule,
        redisUrl: this.redisUrl,
        databaseUrl: this.env.databaseUrl,
        prefix: this.prefix,
        concurrency: 2,
        crashRecovery: fastCrashRecovery,
        shutdownTimeoutMs: 10_000,
        settings: { processing: processingFor(this.mode), timing: scenarioTiming },
      },
      30_000,
      { captureOutput: true },
    );
    this.workers.push(worker);
    return worker;
  }

  /** Seeds fresh orders for each engine (its own rows) and adds the orders job on each. */
  async enqueueOrders(label: string): Promise<{ data: Map<Engine, DemoData>; jobs: Map<Engine, Job> }> {
    const data = new Map<Engine, DemoData>();
    const jobs = new Map<Engine, Job>();
    for (const engine of ['continuable', 'iteration'] as const) {
      const part = await seedOrders(this.env, ordersPerJob);
      data.set(engine, part);
      jobs.set(engine, await this.runtime.enqueue(demoJobs.orders[engine], part.args as OrdersArgs, { jobId: `${label}-${engine}` }));
    }
    return { data, jobs };
  }

  handled(jobs: Map<Engine, Job>): Promise<number> {
    return Promise.all([...jobs.values()].map((job) => countHandledSubjects(this.env.orm.em.fork(), String(job.id), 'order'))).then((counts) =>
      counts.reduce((a, b) => a + b, 0),
    );
  }

  /** Waits until the jobs together have handled `more` items beyond now. */
  async progress(jobs: Map<Engine, Job>, more: number): Promise<void> {
    const start = await this.handled(jobs);
    const total = jobs.size * ordersPerJob;
    await waitFor(`${more} more orders handled`, () => this.handled(jobs), (n) => n >= Math.min(start + more, total), { timeoutMs: 40_000 });
  }

  async completed(jobs: Map<Engine, Job>): Promise<void> {
    for (const job of jobs.values()) {
      const state = await waitFor(`job ${job.id} to finish`, () => this.runtime.queue().getJobState(String(job.id)), (s) => s === 'completed' || s === 'failed', {
        timeoutMs: 60_000,
        intervalMs: 50,
      });
      if (state === 'failed') throw new Error(`job ${job.id} failed: ${(await this.runtime.queue().getJob(String(job.id)))?.failedReason}`);
    }
  }

  /** Audits each engine's job and records the fault's row. */
  async audit(
    data: Map<Engine, DemoData>,
    jobs: Map<Engine, Job>,
    row: { fault: string; injections: number; recoveryMs: number | null; note?: string; source: string; runner: string },
  ): Promise<LedgerAudit[]> {
    const audits: LedgerAudit[] = [];
    for (const [engine, job] of jobs) {
      const audit = await auditLedger(this.env.orm, data.get(engine)!, [String(job.id)]);
      audits.push(audit);
      await recordFault({
        fault: row.fault,
        injections: row.injections,
        recoveryMs: row.recoveryMs,
        ...(row.note ? { note: row.note } : {}),
        source: row.source,
        workload: `${engine} orders, ${row.runner}`,
        jobsAffected: 1,
        ...audit,
        mode: this.mode,
        duplicateBound: 0,
        passed: audit.itemsLost === 0 && audit.duplicateEffects === 0,
      });
    }
    return audits;
  }

  /** Everything the worker processes printed. */
  output(): string {
    return this.workers.map((worker) => worker.output()).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.runtime.close();
  }
}
