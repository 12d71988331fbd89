import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { seedPendingOrders } from '../../../src/harness/seeding/index.js';
import { allDemoJobClasses, applyDemoJobTiming, demoJobs } from '../../../src/jobs/catalog.js';
import type { DemoServices } from '../../../src/jobs/shared/demo-services.js';
import { readPublishedProgress } from 'resumable-jobs/runtime';
import type { Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../../support/scenario-environment.js';
import { waitFor } from '../../support/wait-for.js';

export const ORDERS_PER_JOB = 30;
export const STOPPED_AFTER = 12;

export interface StoppedJob {
  engine: 'continuable' | 'iteration';
  jobId: string;
  /** The orders of this job, in the order it processes them. */
  orderIds: number[];
}

export interface StoppedDemoJobs {
  env: ScenarioEnvironment;
  runtime: Runtime<DemoServices>;
  jobs: StoppedJob[];
}

/**
 * Given: one process-orders job per engine, each stopped by a flag after STOPPED_AFTER of its
 * ORDERS_PER_JOB orders and waiting (delayed) to resume much later. Their progress, checkpoints and
 * ledger rows then hold still, so what the monitor and the dashboard show can be compared exactly.
 */
export async function stoppedDemoJobs(name: string): Promise<StoppedDemoJobs> {
  applyDemoJobTiming({ resumeDelayMs: 10 * 60_000, durableEveryMs: 100 });
  const env = await openScenario(name);
  const runtime = env
    .runtime<DemoServices>({ services: { orm: env.orm, processing: { perItemDelayMs: 2 } }, progressIntervalMs: 100 })
    .register(...allDemoJobClasses);
  const seeded = await seedPendingOrders(env.orm.em.fork(), ORDERS_PER_JOB * 2, 5);
  const jobs: StoppedJob[] = [];
  for (const [index, engine] of (['continuable', 'iteration'] as const).entries()) {
    const orderIds = seeded.orderIds.slice(index * ORDERS_PER_JOB, (index + 1) * ORDERS_PER_JOB);
    const job = await runtime.enqueue(demoJobs.orders[engine], { fromId: orderIds[0], toId: orderIds.at(-1) });
    const jobId = String(job.id);
    await runtime.flags.set(runtime.defaultQueueName, jobId, { kind: 'after-items', items: STOPPED_AFTER });
    jobs.push({ engine, jobId, orderIds });
  }
  runtime.startWorker({ concurrency: 2 });
  for (const { jobId } of jobs) {
    await waitFor(
      `job ${jobId} to stop and publish it`,
      async () => {
        const job = await runtime.queue().getJob(jobId);
        return { state: await job?.getState(), progress: readPublishedProgress(job?.progress) };
      },
      ({ state, progress }) => state === 'delayed' && progress?.state === 'interrupted',
    );
  }
  return { env, runtime, jobs };
}

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a CLI entry point as a process to completion (stdout is a pipe, so plain output). */
export function runCommand(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      tsx,
      [script, ...args],
      { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}
