// Section 9: a deploy. N active jobs spread over W real worker processes, SIGTERM to every process at
// once: timed until every process exited and every job's progress is durable; then W new processes
// start, timed until every job runs again and until all completed. The same jobs as plain BullMQ
// processors (no checkpoint) show the alternative: a job cut short at the grace period starts again
// from item 0, and every item it had done is done again.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import type { Runtime } from 'resumable-jobs/runtime';
import { waitFor } from '../support/wait-for.js';
import type { WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import type { BenchContext, Section, SectionResult } from './bench-context.js';
import { BenchmarkCheckFailedError } from './errors.js';
import { FIRST_ITEM_EVENT, PacedContinuable } from './paced-jobs.js';
import { spreadOf } from './spread.js';
import { storedContinuableCursor, storedIterationCursor } from './stored-progress.js';
import { atMostTarget } from './targets.js';
import type { Figure, TargetCheck } from './types.js';
import { CHECKPOINTED_ON_STOP, enqueuePacedBulk, spawnBenchWorker, type PacedVariant } from './worker-processes.js';

const VARIANTS: PacedVariant[] = ['continuable', 'iteration', 'plain'];

/** The deploy's grace period: how long a stopping process may take before it is closed by force. */
const GRACE_MS = 1_000;

/** Figures of one variant's deploy, all in ms from the SIGTERM or from the new workers being ready. */
interface DeployRun {
  toCheckpoint: number[];
  toExit: number[];
  readyToResumed: number[];
  readyToCompleted: number;
  spawnToReady: number;
  redone: number;
  resumedAtZero: number;
  /** Jobs that completed between the signal and their process's exit. */
  finishedInGrace: number;
}

const startWorkers = async (context: BenchContext, queueName: string, variant: PacedVariant): Promise<{ workers: WorkerProcess[]; spawnToReadyMs: number }> => {
  const { env, sizes } = context;
  const started = performance.now();
  const workers = await Promise.all(
    Array.from({ length: sizes.deploy.processes }, () =>
      spawnBenchWorker(env, queueName, {
        concurrency: sizes.deploy.jobsPerProcess,
        // A dead plain job is found again by the stalled check: short settings, so the plain run ends soon.
        crashRecovery: fastCrashRecovery,
        // Plain BullMQ's close waits for its jobs to finish: the grace period is what stops it.
        shutdownTimeoutMs: variant === 'plain' ? GRACE_MS : undefined,
      }),
    ),
  );
  return { workers, spawnToReadyMs: performance.now() - started };
};

/** Resolves with performance.now() when any of `workers` sends `name` for `jobId`. */
const firstEventAt = (workers: WorkerProcess[], name: string, jobId: string, matches: (payload: any) => boolean = () => true) =>
  Promise.any(workers.map((worker) => worker.waitForEvent(name, (payload) => payload.jobId === jobId && matches(payload), 120_000))).then(() => performance.now());

async function deployOnce(context: BenchContext, runtime: Runtime<unknown>, variant: PacedVariant): Promise<DeployRun> {
  const { env, sizes, progress } = context;
  const { processes, jobsPerProcess, items, workMs } = sizes.deploy;
  const jobs = processes * jobsPerProcess;
  const queueName = `bench-deploy-${variant}`;
  const countKey = (index: number) => `${env.prefix}:bench:deploy:${variant}:${index}`;
  const queue = runtime.queue(queueName);

  const first = await startWorkers(context, queueName, variant);
  const jobIds = await enqueuePacedBulk(runtime, variant, (index) => ({ items, workMs, countKey: countKey(index) }), jobs, queueName);
  await Promise.all(jobIds.map((jobId) => firstEventAt(first.workers, FIRST_ITEM_EVENT, jobId)));
  // Every job is active: let each do about a quarter of its items, then deploy.
  await sleep((items * workMs) / 4);
  const checkpointed = variant === 'plain' ? [] : jobIds.map((jobId) => firstEventAt(first.workers, CHECKPOINTED_ON_STOP[variant], jobId));
  const sigtermAt = performance.now();
  for (const worker of first.workers) worker.kill('SIGTERM');
  // The deploy's grace period, as an orchestrator enforces it: plain BullMQ's close waits for its jobs
  // (a forced close stops fetching, not the running processor), so what still runs then is killed.
  const graceKill = variant === 'plain' ? setTimeout(() => first.workers.forEach((worker) => worker.kill('SIGKILL')), GRACE_MS) : undefined;
  const toExit = await Promise.all(first.workers.map((worker) => worker.exited.then(() => performance.now() - sigtermAt)));
  clearTimeout(graceKill);
  const toCheckpoint = (await Promise.all(checkpointed)).map((at) => at - sigtermAt);
  if (variant !== 'plain') {
    // Durable means stored: read every job's progress back as its engine stores it.
    for (const jobId of jobIds) {
      const stored = variant === 'continuable' ? await storedContinuableCursor(queue, jobId) : await storedIterationCursor(runtime.redis, env.prefix, queueName, jobId);
      if (stored === undefined) throw new BenchmarkCheckFailedError('deploy', `a stored cursor for job ${jobId} after the SIGTERM`, 'none');
    }
  }
  progress(`${variant}: SIGTERM → all ${processes} processes exited in ${Math.round(Math.max(...toExit))} ms`);

  // A job that finished within the grace period has nothing left to resume.
  const unfinished = (await Promise.all(jobIds.map(async (jobId) => ((await queue.getJobState(jobId)) === 'completed' ? undefined : jobId)))).filter((id) => id !== undefined);
  const second = await startWorkers(context, queueName, variant);
  const readyAt = performance.now();
  const resumedItems: number[] = [];
  const resumedAt = await Promise.all(
    unfinished.map((jobId) =>
      firstEventAt(second.workers, FIRST_ITEM_EVENT, jobId, (payload) => {
        resumedItems.push(payload.item as number);
        return true;
      }),
    ),
  );
  await waitFor('every job completed', () => queue.getJobCountByTypes('completed'), (count) => count === jobs, { timeoutMs: 300_000 });
  const readyToCompleted = performance.now() - readyAt;
  await Promise.all(second.workers.map((worker) => worker.stop(30_000)));

  let redone = 0;
  for (let index = 0; index < jobs; index++) {
    const counts = Object.values(await runtime.redis.hgetall(countKey(index))).map(Number);
    if (counts.length !== items) throw new BenchmarkCheckFailedError('deploy', `all ${items} items of job ${index} done`, `${counts.length} done`);
    redone += counts.reduce((sum, count) => sum + count - 1, 0);
  }
  return {
    toCheckpoint,
    toExit,
    readyToResumed: resumedAt.length > 0 ? resumedAt.map((at) => at - readyAt) : [0],
    finishedInGrace: jobs - unfinished.length,
    readyToCompleted,
    spawnToReady: second.spawnToReadyMs,
    redone,
    resumedAtZero: resumedItems.filter((item) => item === 0).length,
  };
}

export const deploy: Section = {
  number: 9,
  title: 'A deploy: SIGTERM to every worker process at once, then new workers',
  async measure(context: BenchContext): Promise<SectionResult> {
    const { env, sizes } = context;
    const { processes, jobsPerProcess, items, workMs } = sizes.deploy;
    const jobs = processes * jobsPerProcess;
    const runtime = env.runtime<unknown>({ services: undefined });
    const figures: Figure[] = [];
    const targets: TargetCheck[] = [];
    // One variant at a time: the machine runs W processes, not 3 W.
    for (const variant of VARIANTS) {
      const run = await deployOnce(context, runtime, variant);
      const name = variant === 'plain' ? 'plain BullMQ' : variant;
      const resumed = spreadOf(run.readyToResumed);
      figures.push(
        { label: `${name}: SIGTERM → process exited`, unit: 'ms', value: spreadOf(run.toExit) },
        ...(run.toCheckpoint.length > 0 ? [{ label: `${name}: SIGTERM → job's progress durable`, unit: 'ms', value: spreadOf(run.toCheckpoint) }] : []),
        { label: `${name}: new processes started → ready`, unit: 'ms', value: spreadOf([run.spawnToReady]) },
        { label: `${name}: new workers ready → job running again`, unit: 'ms', value: resumed },
        { label: `${name}: new workers ready → all ${jobs} jobs completed`, unit: 'ms', value: spreadOf([run.readyToCompleted]) },
        { label: `${name}: items redone`, unit: 'items', value: spreadOf([run.redone]) },
        { label: `${name}: jobs that finished before their process exited`, unit: 'jobs', value: spreadOf([run.finishedInGrace]) },
      );
      if (variant === 'plain') continue;
      const resumeDelayMs = variant === 'continuable' ? (PacedContinuable.resume.delayMs ?? 0) : 0;
      const worstStop = Math.max(...run.toExit, ...run.toCheckpoint);
      targets.push(
        atMostTarget(
          `${name}: every job durable and every process exited within 1 s of SIGTERM (worst)`,
          worstStop,
          1_000,
          'ms',
          `the slowest process exited ${Math.round(Math.max(...run.toExit))} ms after the signal, the last job was durable at ${Math.round(Math.max(...run.toCheckpoint))} ms: ` +
            `${jobs} jobs wrote their progress and re-enqueued at once on a 2-core machine shared with other work`,
        ),
        atMostTarget(
          `${name}: every job running again within its resume delay (${resumeDelayMs} ms) + 1 s of the new workers being ready (worst)`,
          resumed.max - resumeDelayMs,
          1_000,
          'ms over the delay',
          `the last job's first resumed item came ${Math.round(resumed.max)} ms after the workers were ready: ${jobs} pickups across ${processes} processes on a loaded machine`,
        ),
        atMostTarget(`${name}: 0 items redone (each item's effect keyed by its index)`, run.redone, 0, 'items', `${run.resumedAtZero} jobs started again from item 0: their progress was not stored`),
      );
    }
    return {
      id: 'deploy',
      title: this.title,
      measures:
        `${jobs} active jobs (${processes} worker processes × concurrency ${jobsPerProcess}) of ${items} items sleeping ${workMs} ms each, every item counting its ` +
        `executions in a Redis hash; SIGTERM to all processes at once about a quarter into the jobs. Timed in the parent: each process's exit, and each job's event that its ` +
        'progress is durable (then read back from Redis); then as many new processes: to every job\'s first item and to all completed. Engines run with their defaults ' +
        `(no idempotency keys needed: the item index keys the effect; continuable without periodic checkpoints). Plain BullMQ: the same jobs as a plain processor whose ` +
        `close waits for its jobs, killed (SIGKILL) at a ${GRACE_MS} ms grace period as an orchestrator would; its dead jobs are found by the stalled check (lock ${fastCrashRecovery.lockDurationMs} ms) and start from item 0. ` +
        'Every variant runs on its own, one after the other.',
      figures,
      targets,
      charts: [
        {
          title: 'New workers ready to all jobs completed (ms)',
          yAxis: 'ms',
          bars: figures.filter((f) => f.label.includes('jobs completed')).map((f) => ({ label: f.label.split(':')[0]!, value: f.value.median })),
        },
      ],
      notes: [
        `Sized for 2 cores; on a bigger machine: \`npm run bench -- --only 9 --deploy 16x50\` (processes × jobs per process).`,
        'The redone count of plain BullMQ is what a deploy costs without checkpoints: every item done before the signal, done again.',
      ],
    };
  },
};
