import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorkerProcess, type WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import type { Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { CountingJob, doneListKey } from './support/counting-job.js';

const workerModule = fileURLToPath(new URL('./support/counting-worker.ts', import.meta.url));

describe('A real worker process and real signals, with no engine on top', () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<undefined>;
  const workers: WorkerProcess[] = [];
  const startWorker = async () => {
    const worker = await spawnWorkerProcess({
      module: workerModule,
      redisUrl: env.redisUrl,
      databaseUrl: env.databaseUrl,
      prefix: env.prefix,
      crashRecovery: fastCrashRecovery,
    });
    workers.push(worker);
    return worker;
  };
  const done = async (jobId: string) => (await runtime.redis.lrange(doneListKey(env.prefix, jobId), 0, -1)).map(Number);

  beforeAll(async () => {
    env = await openScenario('runtime-worker-process-signals');
    runtime = env.runtime({ services: undefined }).register(CountingJob);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  });

  it('SIGTERM makes the running job checkpoint and re-enqueue itself, not fail, and a new process resumes it', async () => {
    const job = await runtime.enqueue(CountingJob, { total: 200, delayMs: 5 });
    const jobId = String(job.id);
    const first = await startWorker();
    await waitFor('20 numbers done', () => done(jobId), (numbers) => numbers.length >= 20);

    expect(await first.stop()).toBe(0);
    const parked = await runtime.queue().getJob(jobId);
    expect(['waiting', 'delayed']).toContain(await parked!.getState());
    expect(parked!.attemptsMade).toBe(0);
    const stoppedAt = (parked!.data as { cursor: number }).cursor;
    expect(stoppedAt).toBe((await done(jobId)).length);

    await startWorker();
    await waitFor('the job to complete', () => job.getState(), (state) => state === 'completed');
    expect(await done(jobId)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('a long job survives two SIGKILLs in a row, redoing only what followed its last saved cursor', async () => {
    const job = await runtime.enqueue(CountingJob, { total: 300, delayMs: 5, saveEvery: 10 });
    const jobId = String(job.id);
    const savedCursor = async () => ((await runtime.queue().getJob(jobId))!.data as { cursor: number }).cursor;

    // Each crash: what the dead worker had done, and the cursor it had saved in the job's data.
    const crashes: { doneBefore: number; lastDone: number; saved: number }[] = [];
    for (const atLeast of [30, 90]) {
      const doneBefore = (await done(jobId)).length;
      const doomed = await startWorker();
      await waitFor(`${atLeast} numbers done`, () => done(jobId), (numbers) => numbers.length >= atLeast);
      doomed.kill('SIGKILL');
      expect(await doomed.exited).toBe('SIGKILL');
      crashes.push({ doneBefore, lastDone: (await done(jobId)).at(-1)!, saved: await savedCursor() });
    }
    await startWorker();
    await waitFor('the job to complete', () => job.getState(), (state) => state === 'completed', { timeoutMs: 30_000 });

    // Execution by execution: the first counts from 1; each rescue counts from right after the cursor
    // its predecessor saved, so it redoes exactly the numbers the dead worker did after saving.
    const numbers = await done(jobId);
    const [first, second] = crashes as [(typeof crashes)[number], (typeof crashes)[number]];
    const runs = [numbers.slice(0, second.doneBefore), numbers.slice(second.doneBefore, numbers.length - (300 - second.saved))];
    expect(runs[0]).toEqual(range(1, first.lastDone));
    expect(runs[1]).toEqual(range(first.saved + 1, second.lastDone));
    expect(numbers.slice(runs[0]!.length + runs[1]!.length)).toEqual(range(second.saved + 1, 300));
    // And what each crash redid is bounded by `saveEvery`: at most the 10 numbers since the last save.
    for (const crash of crashes) expect([crash.saved % 10, crash.lastDone - crash.saved <= 10]).toEqual([0, true]);
    const finished = await runtime.queue().getJob(jobId);
    expect(finished!.stalledCounter).toBe(2);
  });
});

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
