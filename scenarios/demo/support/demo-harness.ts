import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import type { ProcessingSettings } from '../../../src/domain/types.js';
import type { DemoJob, Engine, Variant } from '../../../src/harness/reporting/types.js';
import { countHandledSubjects } from '../../../src/domain/side-effect-ledger.js';
import { Interruptor, type JobAddress } from '../../../src/harness/interruptor/interruptor.js';
import { recordRun } from '../../../src/harness/reporting/run-store.js';
import { spawnWorkerProcess, type WorkerProcess } from '../../../src/harness/worker-process/worker-process.js';
import { allDemoJobClasses, applyDemoJobTiming, demoJobs, type DemoJobTiming } from '../../../src/jobs/catalog.js';
import type { DemoServices } from '../../../src/jobs/shared/demo-services.js';
import { fastCrashRecovery } from '../../../src/runtime/crash-recovery.js';
import type { Runtime } from '../../../src/runtime/runtime.js';
import type { InterruptionLimits } from '../../../src/runtime/types.js';
import { openScenario, type ScenarioEnvironment } from '../../support/scenario-environment.js';
import { waitFor } from '../../support/wait-for.js';
import { seedDemoData, type DemoData } from './demo-data.js';
import { measureRun, type ObservedEvent, type RunObservation } from './measure-run.js';

/** Scenario timing: resume after 10 ms; make progress durable every 200 ms (both engines). */
export const scenarioTiming: DemoJobTiming = { resumeDelayMs: 10, durableEveryMs: 200 };
export const jobs: DemoJob[] = ['orders', 'reports', 'email'];
export const engines: Engine[] = ['continuable', 'iteration'];
const demoWorkerModule = fileURLToPath(new URL('../../../src/harness/worker-process/demo-worker-app.ts', import.meta.url));

export interface RunOptions {
  /** Per-execution limits for the worker (item budget, max runtime). */
  limits?: InterruptionLimits;
  processing?: Partial<ProcessingSettings>;
  concurrency?: number;
  /** Called after the job is added and before any worker runs it (flags go here). */
  beforeStart?: (jobIds: string[]) => Promise<void>;
}

/**
 * One demo scenario file's workbench: its own database and prefix, a runtime with all six demo
 * jobs, and every lifecycle event collected, so a story can say "run this job on this engine,
 * interrupt it so" and then read what happened from the ledger and Redis.
 */
export class DemoHarness {
  readonly events: ObservedEvent[] = [];
  /** The plan's four ways to interrupt, against this harness's runtime and worker processes. */
  readonly interruptor: Interruptor;
  private readonly services: DemoServices;

  private constructor(
    readonly env: ScenarioEnvironment,
    readonly runtime: Runtime<DemoServices>,
    services: DemoServices,
  ) {
    this.services = services;
    this.interruptor = new Interruptor(runtime.flags);
    runtime.events.onAny((event) => this.events.push({ name: event.name, payload: event.payload as unknown as Record<string, unknown> }));
  }

  static async open(name: string): Promise<DemoHarness> {
    applyDemoJobTiming(scenarioTiming);
    const env = await openScenario(name);
    const services: DemoServices = { orm: env.orm, processing: {} };
    const runtime = env.runtime({ services }).register(...allDemoJobClasses);
    return new DemoHarness(env, runtime, services);
  }

  seed(job: DemoJob): Promise<DemoData> {
    return seedDemoData(this.env.orm, job);
  }

  /** Where a job of this harness lives, for the interruptor's flags. */
  address(jobId: string): JobAddress {
    return { queueName: this.runtime.defaultQueueName, jobId };
  }

  /** Adds the job on `engine` for `data`, without a worker yet. */
  async enqueue(data: DemoData, engine: Engine, jobId: string): Promise<Job> {
    return this.runtime.enqueue(demoJobs[data.job][engine], data.args, { jobId });
  }

  /** Runs jobs to completion on an in-process worker; returns what was observed. */
  async runInProcess(data: DemoData[], engine: Engine, variant: Variant, options: RunOptions = {}): Promise<RunObservation> {
    this.services.processing = options.processing ?? {};
    const jobIds = data.map((_, i) => `${data[0]!.job}-${engine}-${variant}${data.length > 1 ? `-${i + 1}` : ''}`);
    const firstEvent = this.events.length;
    const enqueuedAt = Date.now();
    const added = await Promise.all(data.map((part, i) => this.enqueue(part, engine, jobIds[i]!)));
    await options.beforeStart?.(jobIds);
    const worker = this.runtime.startWorker({ limits: options.limits, concurrency: options.concurrency });
    try {
      await Promise.all(added.map((job) => this.completion(job)));
    } finally {
      await worker.close();
    }
    return this.observation(data, engine, variant, jobIds, enqueuedAt, firstEvent);
  }

  /** Starts a real worker process running the demo jobs. */
  spawnWorker(processing: Partial<ProcessingSettings> = {}): Promise<WorkerProcess> {
    return spawnWorkerProcess({
      module: demoWorkerModule,
      redisUrl: this.env.redisUrl,
      databaseUrl: this.env.databaseUrl,
      prefix: this.env.prefix,
      crashRecovery: fastCrashRecovery,
      shutdownTimeoutMs: 10_000,
      settings: { processing, timing: scenarioTiming },
    });
  }

  /** Resolves when the job has completed; fails the scenario at once if it failed. */
  async completion(job: Job, timeoutMs = 60_000): Promise<void> {
    const state = await waitFor(`job ${job.id} to finish`, () => job.getState(), (s) => s === 'completed' || s === 'failed', { timeoutMs });
    if (state === 'failed') {
      const failed = await this.runtime.queue().getJob(String(job.id));
      throw new Error(`job ${job.id} failed: ${failed?.failedReason}`);
    }
  }

  observation(data: DemoData[], engine: Engine, variant: Variant, jobIds: string[], enqueuedAt: number, firstEvent = 0, extra: ObservedEvent[] = []): RunObservation {
    const ours = (event: ObservedEvent) => jobIds.includes(String(event.payload.jobId));
    return {
      data: mergeData(data),
      engine,
      variant,
      jobIds,
      enqueuedAt,
      finishedAt: Date.now(),
      events: [...this.events.slice(firstEvent), ...extra].filter(ours),
    };
  }

  /** Measures the run from the ledger and Redis and records its row for the comparison report. */
  async record(run: RunObservation, passed: boolean): Promise<void> {
    await recordRun(await measureRun(this.env.orm, run, passed));
  }

  /** Handled subjects so far, from the ledger (a progress probe for waitFor). */
  handledCount(data: DemoData, jobId: string): Promise<number> {
    return countHandledSubjects(this.env.orm.em.fork(), jobId, data.family);
  }
}

function mergeData(parts: DemoData[]): DemoData {
  const first = parts[0]!;
  return parts.length === 1 ? first : { ...first, subjectIds: parts.flatMap((part) => part.subjectIds) };
}
