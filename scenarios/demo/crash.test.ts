import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import { waitFor } from '../support/wait-for.js';
import { DemoHarness, engines, jobs, scenarioTiming } from './support/demo-harness.js';
import { engineProbes } from './support/engine-probes.js';
import { interruptsOf } from './support/expectations.js';
import { lostWork, readLedger, type ObservedEvent } from './support/measure-run.js';

/**
 * A crash: the worker process is SIGKILLed mid-run, with no chance to checkpoint. BullMQ's stalled
 * check hands the job to a new worker, which resumes from the last durable checkpoint (both
 * engines make progress durable every 200 ms here). The work done after that checkpoint is done
 * again: measured, bounded by the interval, and harmless because effects carry idempotency keys.
 */
const perItemDelayMs = { orders: 2, reports: 20, email: 1 } as const;

describe.each(jobs)('%s, worker process killed with SIGKILL mid-run', (job) => {
  let demo: DemoHarness;
  beforeAll(async () => {
    demo = await DemoHarness.open(`crash-${job}`);
  });

  it.each(engines)('%s: recovers from the last durable checkpoint, redoes only what followed it, duplicates no effect', async (engine) => {
    const data = await demo.seed(job);
    const processing = { perItemDelayMs: perItemDelayMs[job], idempotent: true };
    const probe = engineProbes[engine];
    const workers: WorkerProcess[] = [];
    const jobId = `${job}-${engine}-crash`;
    const storedCursor = () => probe.storedCursor(demo.runtime.redis, demo.runtime.queue(), demo.env.prefix, jobId);
    try {
      // Given a job a fifth of the way through, with a durable checkpoint written.
      workers.push(await demo.spawnWorker(processing));
      const enqueuedAt = Date.now();
      const job_ = await demo.enqueue(data, engine, jobId);
      await waitFor('a fifth of the items done', () => demo.handledCount(data, jobId), (n) => n >= data.subjectIds.length / 5);
      await waitFor('a durable checkpoint', storedCursor, (cursor) => cursor !== undefined && cursor !== null);

      // SIGKILL: nothing is saved; what is stored now is what the next worker will resume from.
      expect(await demo.interruptor.sigkill(workers[0]!)).toBe('SIGKILL');
      const stored = await storedCursor();
      const killedExecution = Math.max(...(await readLedger(demo.env.orm, data, [jobId])).entries.map((entry) => entry.execution));

      // A new worker's stalled check recovers the job and runs it to the end.
      workers.push(await demo.spawnWorker(processing));
      await demo.completion(job_);
      await workers[1]!.stop();

      const ledger = await readLedger(demo.env.orm, data, [jobId]);
      // Every item has its effect exactly once: the replays were suppressed by their idempotency keys.
      expect([...ledger.effectsPerSubject.keys()].sort((a, b) => a - b)).toEqual(data.subjectIds);
      expect([...ledger.effectsPerSubject.values()].every((n) => n === 1)).toBe(true);
      // The work lost is what followed the stored cursor; it spans at most about one interval. It was
      // replayed (and suppressed by its keys), except for orders: the job reads *pending* orders after
      // the cursor, and those orders are no longer pending, so the resumed run skips them outright.
      const lost = lostWork(ledger.entries, { killedExecution, storedCursor: stored, flushIntervalMs: scenarioTiming.durableEveryMs! });
      expect(ledger.replays).toBe(job === 'orders' ? 0 : lost.items);
      expect(lost.ms).toBeLessThanOrEqual(2 * scenarioTiming.durableEveryMs!);
      // The rescue starts right after the stored cursor (orders: after the last order already done).
      const resumed = ledger.entries.filter((entry) => entry.execution > killedExecution);
      const killed = ledger.entries.filter((entry) => entry.execution === killedExecution);
      const resumeAfter = job === 'orders' ? killed[killed.length - 1]!.subjectId : (stored as number);
      expect(resumed[0]!.subjectId).toBe(data.subjectIds[data.subjectIds.indexOf(resumeAfter) + 1]);
      expect((await demo.runtime.queue().getJob(jobId))!.stalledCounter).toBe(1);

      const events = workers.flatMap((worker) => worker.events) as ObservedEvent[];
      const run = demo.observation([data], engine, 'crash', [jobId], enqueuedAt, demo.events.length, events);
      run.crash = { killedExecution, storedCursor: stored, flushIntervalMs: scenarioTiming.durableEveryMs! };
      expect(interruptsOf(run.events)).toEqual([]);
      await demo.record(run, true);
    } finally {
      await Promise.all(workers.map((worker) => worker.stop()));
    }
  });
});
