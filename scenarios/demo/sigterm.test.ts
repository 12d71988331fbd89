import { describe, expect, it } from 'vitest';
import type { WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import { waitFor } from '../support/wait-for.js';
import { DemoHarness, engines, jobs } from './support/demo-harness.js';
import { engineProbes } from './support/engine-probes.js';
import { expectVerdictPassed, interruptsOf } from './support/expectations.js';
import { readLedger } from './support/measure-run.js';

/**
 * What a deploy does: the worker is a real process, it gets a real SIGTERM in the middle of the
 * job, checkpoints and exits cleanly; a new worker process picks the job up where it stopped.
 */
const perItemDelayMs = { orders: 2, reports: 20, email: 1 } as const;

/** Every job on every engine, each with its own prefix and worker processes, so the six stories run side by side. */
const cases = jobs.flatMap((job) => engines.map((engine) => [job, engine] as const));

describe('worker process stopped by SIGTERM mid-run', () => {
  it.concurrent.for(cases)(
    '%s, %s: checkpoints on SIGTERM, exits 0, and a new process resumes after the checkpoint',
    // Two worker processes start; on a loaded 2-core machine that alone can take a minute.
    { timeout: 180_000 },
    async ([job, engine], { onTestFinished }) => {
      const demo = await DemoHarness.open(`sigterm-${job}-${engine}`);
      const data = await demo.seed(job);
      const processing = { perItemDelayMs: perItemDelayMs[job] };
      const probe = engineProbes[engine];
      const workers: WorkerProcess[] = [];
      const run = demo.begin({ parts: [data], engine, variant: 'sigterm' }, { onTestFinished });
      const [jobId] = run.jobIds as [string];
      try {
        // Given a worker process running the job, a fifth of the way through.
        workers.push(await demo.spawnWorker(processing));
        run.watch(workers[0]!);
        run.enqueued();
        const job_ = await demo.enqueue(data, engine, jobId);
        await waitFor('a fifth of the items done', () => demo.handledCount(data, jobId), (n) => n >= data.subjectIds.length / 5, { timeoutMs: 90_000 });

        // SIGTERM: the process checkpoints the job and exits cleanly; the job waits, not failed.
        const exitCode = await demo.interruptor.sigterm(workers[0]!);
        expect(exitCode, `its shutdown: ${JSON.stringify(workers[0]!.shutdown())}`).toBe(0);
        expect(['delayed', 'waiting']).toContain(await job_.getState());
        expect((await demo.runtime.queue().getJob(jobId))!.attemptsMade).toBe(0);
        const stored = (await probe.storedCursor(demo.runtime.redis, demo.runtime.queue(), demo.env.prefix, jobId)) as number;
        const doneBeforeStop = await readLedger(demo.env.orm, data, [jobId]);
        expect(stored).toBe(Math.max(...doneBeforeStop.handled));

        // A new worker process resumes it to the end, right after the cursor stored in Redis.
        workers.push(await demo.spawnWorker(processing));
        run.watch(workers[1]!);
        await demo.completion(job_, 120_000);
        run.finish();
        await workers[1]!.stop();

        run.expectation = { resumeAfter: { [jobId]: [stored] } };
        expectVerdictPassed(await demo.judge(run));
        expect(interruptsOf(run.events).map((event) => event.payload.reason)).toEqual(['shutdown']);
        expect(run.events.filter((event) => event.name === probe.resumeEvent).map((event) => probe.resumedCursor(event.payload))).toEqual([stored]);
      } finally {
        await Promise.all(workers.map((worker) => worker.stop()));
      }
    },
  );
});
