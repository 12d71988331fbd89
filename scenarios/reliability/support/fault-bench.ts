import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import { recordFault } from '../../../src/harness/reporting/reliability-recorder.js';
import type { Engine } from '../../../src/harness/reporting/types.js';
import { spawnWorkerProcess, type WorkerProcess } from '../../../src/harness/worker-process/worker-process.js';
import { allDemoJobClasses, demoJobs } from '../../../src/jobs/catalog.js';
import type { DemoServices } from '../../../src/jobs/shared/demo-services.js';
import type { EmailArgs, OrdersArgs } from '../../../src/jobs/shared/scopes.js';
import { countHandledSubjects } from '../../../src/domain/side-effect-ledger.js';
import { CheckpointSampler } from '../../../src/harness/measure/checkpoint-sampler.js';
import { workAfterCheckpoint } from '../../../src/harness/measure/duplicate-bound.js';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import { Runtime } from 'resumable-jobs/runtime';
import { scenarioTiming } from '../../demo/support/demo-harness.js';
import type { DemoData } from '../../demo/support/demo-data.js';
import { seedCampaign, seedPendingOrders } from '../../../src/harness/seeding/index.js';
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

/** One job per engine, each over its own seeded data. */
export interface EnqueuedPair {
  data: Map<Engine, DemoData>;
  jobs: Map<Engine, Job>;
}

/** How a bench's workers run: idempotency keys on the effects (the default) or raw, and the work per item. */
export interface BenchProcessing {
  mode?: 'keys' | 'raw';
  /** Small (2 ms, the default), so faults land mid-run. */
  perItemDelayMs?: number;
}

/**
 * The workload of a fault scenario: the orders job (or the email job) on both engines, against a Redis
 * of the scenario's own, run by real worker processes whose output is captured (to search for secrets).
 * Raw (no idempotency keys), each job's durable checkpoint is sampled while it runs, and its duplicate
 * effects are held against the work done after it (src/harness/measure/checkpoint-sampler.ts).
 */
export class FaultBench {
  readonly workers: WorkerProcess[] = [];
  readonly runtime: Runtime<DemoServices>;
  /** Idempotency keys on the effects, or raw. */
  readonly mode: 'keys' | 'raw';
  readonly #processing: { perItemDelayMs: number; idempotent: boolean };
  readonly #data = new Map<string, DemoData>();
  readonly #samplers = new Map<string, CheckpointSampler>();

  constructor(
    readonly env: ScenarioEnvironment,
    readonly redisUrl: string,
    readonly prefix: string,
    processing: BenchProcessing = {},
  ) {
    this.mode = processing.mode ?? 'keys';
    this.#processing = { perItemDelayMs: processing.perItemDelayMs ?? 2, idempotent: this.mode === 'keys' };
    this.runtime = new Runtime<DemoServices>({ redisUrl, prefix, services: { orm: env.orm, processing: this.#processing } });
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
        settings: { processing: this.#processing, timing: scenarioTiming },
      },
      30_000,
      { captureOutput: true },
    );
    this.workers.push(worker);
    return worker;
  }

  /** Seeds fresh orders for each engine (its own rows) and adds the orders job on each. */
  enqueueOrders(label: string): Promise<EnqueuedPair> {
    return this.#enqueue(label, () => seedOrders(this.env, ordersPerJob));
  }

  /** Seeds a campaign of `recipients` for each engine and adds the email job (batches of `batchSize`) on each. */
  enqueueEmails(label: string, recipients: number, batchSize: number): Promise<EnqueuedPair> {
    return this.#enqueue(label, async () => {
      const { campaignId, recipientIds } = await seedCampaign(this.env.orm.em.fork(), recipients, seedCounter++);
      return { job: 'email', family: 'email', subjectIds: recipientIds, args: { campaignId, batchSize }, unit: batchSize };
    });
  }

  async #enqueue(label: string, seed: () => Promise<DemoData>): Promise<EnqueuedPair> {
    const data = new Map<Engine, DemoData>();
    const jobs = new Map<Engine, Job>();
    for (const engine of ['continuable', 'iteration'] as const) {
      const part = await seed();
      const jobId = `${label}-${engine}`;
      data.set(engine, part);
      this.#data.set(jobId, part);
      const jobClass = part.job === 'email' ? demoJobs.email[engine] : demoJobs.orders[engine];
      jobs.set(engine, await this.runtime.enqueue(jobClass, part.args as OrdersArgs & EmailArgs, { jobId }));
    }
    if (this.mode === 'raw') {
      // Raw duplicates are held against what each execution left durable: sampled from the start.
      const watched = [...jobs].map(([engine, job]) => ({ jobId: String(job.id), job: data.get(engine)!.job, engine, subjectIds: data.get(engine)!.subjectIds }));
      const sampler = CheckpointSampler.start({ redis: this.runtime.redis, queue: this.runtime.queue(), prefix: this.prefix }, watched);
      for (const job of jobs.values()) this.#samplers.set(String(job.id), sampler);
    }
    return { data, jobs };
  }

  handled(jobs: Map<Engine, Job>): Promise<number> {
    return Promise.all([...jobs.values()].map((job) => countHandledSubjects(this.env.orm.em.fork(), String(job.id), this.#data.get(String(job.id))!.family))).then(
      (counts) => counts.reduce((a, b) => a + b, 0),
    );
  }

  /** Waits until the jobs together have handled `more` items beyond now. */
  async progress(jobs: Map<Engine, Job>, more: number): Promise<void> {
    const start = await this.handled(jobs);
    const total = [...jobs.values()].reduce((sum, job) => sum + this.#data.get(String(job.id))!.subjectIds.length, 0);
    await waitFor(`${more} more items handled`, () => this.handled(jobs), (n) => n >= Math.min(start + more, total), { timeoutMs: 40_000 });
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

  /**
   * Audits each engine's job and records the fault's row. With keys no effect may repeat; raw, the
   * duplicates may not exceed the work each execution but the last did after its sampled durable checkpoint.
   */
  async audit(
    data: Map<Engine, DemoData>,
    jobs: Map<Engine, Job>,
    row: { fault: string; injections: number; recoveryMs: number | null; note?: string; source: string; runner: string },
  ): Promise<(LedgerAudit & { duplicateBound: number; executions: number })[]> {
    const audits: (LedgerAudit & { duplicateBound: number; executions: number })[] = [];
    for (const [engine, job] of jobs) {
      const jobId = String(job.id);
      const part = data.get(engine)!;
      const audit = await auditLedger(this.env.orm, part, [jobId]);
      const executions = Math.max(1, (await this.runtime.queue().getJob(jobId))?.attemptsStarted ?? 0);
      const sampler = this.#samplers.get(jobId);
      await sampler?.stop();
      const duplicateBound = sampler
        ? await workAfterCheckpoint(this.env.orm.em.fork(), { jobId, family: part.family, subjectIds: part.subjectIds }, sampler.durableByExecution(jobId), executions)
        : 0;
      audits.push({ ...audit, duplicateBound, executions });
      await recordFault({
        fault: row.fault,
        injections: row.injections,
        recoveryMs: row.recoveryMs,
        ...(row.note ? { note: row.note } : {}),
        source: row.source,
        workload: `${engine} ${part.job}, ${row.runner}`,
        jobsAffected: 1,
        ...audit,
        mode: this.mode,
        duplicateBound,
        passed: audit.itemsLost === 0 && audit.duplicateEffects <= duplicateBound,
      });
    }
    return audits;
  }

  /** Everything the worker processes printed. */
  output(): string {
    return this.workers.map((worker) => worker.output()).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all([...this.#samplers.values()].map((sampler) => sampler.stop()));
    await Promise.all(this.workers.map((worker) => worker.stop()));
    await this.runtime.close();
  }
}
