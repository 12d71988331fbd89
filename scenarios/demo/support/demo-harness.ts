import { fileURLToPath } from 'node:url';
import type { Job } from 'bullmq';
import { onTestFinished, type TestContext } from 'vitest';
import type { ProcessingSettings } from '../../../src/domain/types.js';
import type { DemoJob, Engine, RunSettings, Variant } from '../../../src/harness/reporting/types.js';
import { countHandledSubjects } from '../../../src/domain/side-effect-ledger.js';
import { Interruptor, type JobAddress } from '../../../src/harness/interruptor/interruptor.js';
import { recordRun } from '../../../src/harness/reporting/run-store.js';
import { spawnWorkerProcess, type WorkerProcess } from '../../../src/harness/worker-process/worker-process.js';
import { allDemoJobClasses, applyDemoJobTiming, demoJobs, type DemoJobTiming } from '../../../src/jobs/catalog.js';
import type { DemoServices } from '../../../src/jobs/shared/demo-services.js';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import type { Runtime } from 'resumable-jobs/runtime';
import type { InterruptionLimits } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../../support/scenario-environment.js';
import { waitFor } from '../../support/wait-for.js';
import { seedDemoData, type DemoData, type DemoSizes } from './demo-data.js';
import { DemoRun } from './demo-run.js';
import { verdictAssertion } from './expectations.js';
import { measureRun, type ObservedEvent } from './measure-run.js';
import { readRunFacts } from './run-facts.js';
import { judgeRun, withFailure, type Verdict } from './verdict.js';

/** Scenario timing: resume after 10 ms; make progress durable every 200 ms (both engines). */
export const scenarioTiming: DemoJobTiming = { resumeDelayMs: 10, durableEveryMs: 200 };
export const jobs: DemoJob[] = ['orders', 'reports', 'email'];
export const engines: Engine[] = ['continuable', 'iteration'];
// A worker process compiles the demo on start; a loaded 2-core machine can take a while.
const workerReadyTimeoutMs = 60_000;
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

  /** How the demo services behave from now on (per-item delay, idempotency, failures). */
  setProcessing(processing: Partial<ProcessingSettings>): void {
    this.services.processing = processing;
  }

  seed(job: DemoJob, sizes?: DemoSizes): Promise<DemoData> {
    return seedDemoData(this.env.orm, job, undefined, sizes);
  }

  /** Where a job of this harness lives, for the interruptor's flags. */
  address(jobId: string): JobAddress {
    return { queueName: this.runtime.defaultQueueName, jobId };
  }

  /** Adds the job on `engine` for `data`, without a worker yet. */
  async enqueue(data: DemoData, engine: Engine, jobId: string): Promise<Job> {
    return this.runtime.enqueue(demoJobs[data.job][engine], data.args, { jobId });
  }

  /**
   * Starts a run: from here on, the end of the test records the run's row for the comparison
   * report with its computed verdict, whether the test passed or not (a test that failed for a
   * reason the verdict did not see adds that reason as a failed check). Concurrent tests pass their
   * own context's `onTestFinished`.
   */
  begin(
    spec: { parts: DemoData[]; engine: Engine; variant: Variant; jobIds?: string[]; settings?: RunSettings },
    test?: Pick<TestContext, 'onTestFinished'>,
  ): DemoRun {
    const { parts, engine, variant } = spec;
    const settings = spec.settings ?? { durable: durableSetting(scenarioTiming), idempotencyKeys: this.services.processing.idempotent ?? false };
    const jobIds = spec.jobIds ?? parts.map((_, i) => `${parts[0]!.job}-${engine}-${variant}${parts.length > 1 ? `-${i + 1}` : ''}`);
    const run = new DemoRun({ parts, engine, variant, jobIds, events: this.events, settings });
    (test?.onTestFinished ?? onTestFinished)(async ({ task }) => {
      run.finish();
      let verdict = run.verdict ?? (await this.judge(run));
      // A failure the verdict did not see (a timeout, a scenario-specific assertion) is named too.
      const errors = (task.result?.state === 'fail' ? (task.result.errors ?? []) : []).filter((error) => !error.message?.startsWith(verdictAssertion));
      if (errors.length > 0) verdict = withFailure(verdict, { check: 'scenario', detail: firstLine(errors[0]?.message) });
      await recordRun(await measureRun(this.env.orm, run, verdict));
    });
    return run;
  }

  /** Runs jobs to completion on an in-process worker; returns the run, ready to judge. */
  async runInProcess(data: DemoData[], engine: Engine, variant: Variant, options: RunOptions = {}): Promise<DemoRun> {
    this.services.processing = options.processing ?? {};
    const run = this.begin({ parts: data, engine, variant });
    const added = await Promise.all(data.map((part, i) => this.enqueue(part, engine, run.jobIds[i]!)));
    await options.beforeStart?.(run.jobIds);
    const worker = this.runtime.startWorker({ limits: options.limits, concurrency: options.concurrency });
    try {
      await Promise.all(added.map((job) => this.completion(job)));
    } finally {
      run.finish();
      await worker.close();
    }
    return run;
  }

  /** The run's verdict, from the ledger and Redis; remembered for the run's report row. */
  async judge(run: DemoRun): Promise<Verdict> {
    run.verdict = judgeRun(await readRunFacts(this.env.orm, this.runtime.queue(), run), run.expectation);
    return run.verdict;
  }

  /** Starts a worker in this process (its events reach every run of this harness); close it when done. */
  startWorker(processing: Partial<ProcessingSettings> = {}): ReturnType<Runtime<DemoServices>['startWorker']> {
    this.services.processing = processing;
    return this.runtime.startWorker();
  }

  /** Starts a real worker process running the demo jobs. */
  async spawnWorker(processing: Partial<ProcessingSettings> = {}, timing: DemoJobTiming = scenarioTiming): Promise<WorkerProcess> {
    const worker = await spawnWorkerProcess({
      module: demoWorkerModule,
      redisUrl: this.env.redisUrl,
      databaseUrl: this.env.databaseUrl,
      prefix: this.env.prefix,
      crashRecovery: fastCrashRecovery,
      shutdownTimeoutMs: 10_000,
      settings: { processing, timing },
    }, workerReadyTimeoutMs);
    return worker;
  }

  /** Resolves when the job has completed; fails the scenario at once if it failed. */
  async completion(job: Job, timeoutMs = 60_000): Promise<void> {
    const state = await waitFor(`job ${job.id} to finish`, () => job.getState(), (s) => s === 'completed' || s === 'failed', { timeoutMs });
    if (state === 'failed') {
      const failed = await this.runtime.queue().getJob(String(job.id));
      throw new Error(`job ${job.id} failed: ${failed?.failedReason}`);
    }
  }

  /** Handled subjects so far, from the ledger (a progress probe for waitFor). */
  handledCount(data: DemoData, jobId: string): Promise<number> {
    return countHandledSubjects(this.env.orm.em.fork(), jobId, data.family);
  }
}

/** How a timing reads on a report row: `200 ms`, or `Rails-exact` (continuable writes only on stop). */
export function durableSetting(timing: DemoJobTiming): string {
  if (timing.railsExact) return 'Rails-exact';
  return timing.durableEveryMs === undefined ? 'default 5 s' : `${timing.durableEveryMs.toLocaleString('en-US')} ms`;
}

function firstLine(message: string | undefined): string {
  return (message ?? 'the scenario failed').split('\n')[0]!;
}
