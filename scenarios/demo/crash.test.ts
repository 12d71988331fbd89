import type { Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import type { ProcessingSettings } from '../../src/domain/types.js';
import type { WorkerProcess } from '../../src/harness/worker-process/worker-process.js';
import { waitFor } from '../support/wait-for.js';
import type { DemoData, DemoSizes } from './support/demo-data.js';
import type { DemoRun } from './support/demo-run.js';
import { DemoHarness, durableSetting, engines, jobs, scenarioTiming } from './support/demo-harness.js';
import { engineProbes } from './support/engine-probes.js';
import { expectVerdictPassed, interruptsOf } from './support/expectations.js';
import { readLedger } from './support/measure-run.js';

/**
 * A crash: the worker process is SIGKILLed mid-run, with no chance to checkpoint. BullMQ's stalled
 * check hands the job to a new worker, which resumes from the last durable checkpoint (both
 * engines make progress durable every second here). The kill is placed where work done after that
 * checkpoint exists, so every run has something to lose:
 * - raw effects (no idempotency keys): each lost item is done again and shows as a duplicate;
 * - idempotent effects: each lost item is attempted again, and its key suppresses the repeat.
 * Orders are the exception the job's scope makes: it reads *pending* orders after the cursor, and
 * the lost orders are processed already, so the resumed run skips them instead of redoing them.
 * Lean data (the sizes below); the four cases of a job run at once, each on its own database and prefix,
 * and the rescuing worker runs in this process.
 */
const crashSizes: DemoSizes = { orders: 400, customers: 40, ordersPerCustomer: 10, recipients: 500, emailBatch: 10 };
const perItemDelayMs = { orders: 5, reports: 60, email: 3 } as const;
// Progress made durable every second: longer than one unit of work (an order, a customer, a batch
// of 10 emails) takes even on a loaded machine, so work after the last durable checkpoint exists.
const crashTiming = { ...scenarioTiming, durableEveryMs: 1_000 };
const cases = engines.flatMap((engine) => (['raw', 'idempotent'] as const).map((mode) => [engine, mode] as const));

describe.each(jobs)('%s, worker process killed with SIGKILL mid-run', (job) => {
  it.concurrent.for(cases)(
    '%s, %s effects: resumes from the last durable checkpoint and redoes exactly the work that followed it',
    // Two worker processes' start-up and a stalled-job recovery: generous on a loaded 2-core machine.
    { timeout: 240_000 },
    async ([engine, mode], { onTestFinished }) => {
      const idempotent = mode === 'idempotent';
      const demo = await DemoHarness.open(`crash-${job}-${engine}-${mode}`);
      const data = await demo.seed(job, crashSizes);
      const processing = { perItemDelayMs: perItemDelayMs[job], idempotent };
      const probe = engineProbes[engine];
      let worker: WorkerProcess | undefined;
      const settings = { durable: durableSetting(crashTiming), idempotencyKeys: idempotent };
      const run = demo.begin({ parts: [data], engine, variant: idempotent ? 'crash' : 'crash-raw', settings }, { onTestFinished });
      const [jobId] = run.jobIds as [string];
      const storedCursor = async () => (await probe.storedCursor(demo.runtime.redis, demo.runtime.queue(), demo.env.prefix, jobId)) as number | null | undefined;
      try {
        // Given a job with a durable checkpoint and work done after it, frozen there.
        worker = await demo.spawnWorker(processing, crashTiming);
        run.watch(worker);
        run.enqueued();
        const job_ = await demo.enqueue(data, engine, jobId);
        await freezeWithWorkAfterCheckpoint(worker, storedCursor, (cursor) => doneAfter(demo, data, jobId, cursor), data.unit);

        // SIGKILL: nothing more is saved; what is stored now is what the next worker resumes from.
        expect(await demo.interruptor.sigkill(worker)).toBe('SIGKILL');
        const stored = (await storedCursor())!;
        const beforeRecovery = await readLedger(demo.env.orm, data, [jobId]);
        const killedExecution = Math.max(...beforeRecovery.entries.map((entry) => entry.execution));
        const killedRun = beforeRecovery.entries.filter((entry) => entry.execution === killedExecution);
        const lost = killedRun.filter((entry) => entry.subjectId > stored).map((entry) => entry.subjectId);
        expect(lost.length).toBeGreaterThan(0);

        // A new worker's stalled check recovers the job and runs it to the end.
        await rescueToCompletion(demo, run, job_, processing);

        // Documented: the lost items are replayed once each, right after the stored cursor (orders:
        // skipped, so the rescue starts after the last order done).
        const skipsLost = job === 'orders';
        run.crash = { killedExecution, storedCursor: stored, flushIntervalMs: crashTiming.durableEveryMs! };
        run.expectation = {
          idempotent,
          replayed: skipsLost ? [] : lost,
          resumeAfter: { [jobId]: [skipsLost ? killedRun.at(-1)!.subjectId : stored] },
        };
        expectVerdictPassed(await demo.judge(run));
        const ledger = await readLedger(demo.env.orm, data, [jobId]);
        const twice = [...ledger.effectsPerSubject].filter(([, n]) => n > 1).map(([subject]) => subject);
        expect(twice).toEqual(skipsLost || idempotent ? [] : lost);
        expect(ledger.replays).toBe(skipsLost || !idempotent ? 0 : lost.length);
        expect((await demo.runtime.queue().getJob(jobId))!.stalledCounter).toBe(1);
        expect(interruptsOf(run.events)).toEqual([]);
      } finally {
        worker?.kill('SIGCONT');
        await worker?.stop();
      }
    },
  );
});

/**
 * The same crash on continuable with `checkpointEveryMs = false`, Rails' own behaviour: nothing is
 * written while the job runs, so the rescue starts from the beginning and redoes the whole killed
 * execution. Its row sits beside the default's (`crash-raw`) in the comparison report.
 */
describe('email, continuable with Rails-exact checkpoints (none while running), worker process killed with SIGKILL', () => {
  const railsExact = { ...crashTiming, railsExact: true };
  it('redoes every item of the killed execution, from the start', { timeout: 240_000 }, async ({ onTestFinished }) => {
    const demo = await DemoHarness.open('crash-email-continuable-rails-exact');
    const data = await demo.seed('email', crashSizes);
    const processing = { perItemDelayMs: perItemDelayMs.email, idempotent: false };
    const settings = { durable: durableSetting(railsExact), idempotencyKeys: false };
    const run = demo.begin({ parts: [data], engine: 'continuable', variant: 'crash-raw-rails-exact', settings }, { onTestFinished });
    const [jobId] = run.jobIds as [string];
    let worker: WorkerProcess | undefined;
    try {
      // Given a job that has run for longer than the default's durable interval, with no periodic write,
      worker = await demo.spawnWorker(processing, railsExact);
      run.watch(worker);
      run.enqueued();
      const job_ = await demo.enqueue(data, 'continuable', jobId);
      await waitFor('three durable intervals of work', () => doneAfter(demo, data, jobId, 0), (n) => n >= 3 * data.unit * 10);

      // SIGKILL: nothing was stored while it ran.
      expect(await demo.interruptor.sigkill(worker)).toBe('SIGKILL');
      const stored = (await engineProbes.continuable.storedCursor(demo.runtime.redis, demo.runtime.queue(), demo.env.prefix, jobId)) ?? null;
      expect(stored).toBeNull();
      const killedRun = (await readLedger(demo.env.orm, data, [jobId])).entries;
      const lost = killedRun.map((entry) => entry.subjectId);

      // The rescue runs the job again from its first item.
      await rescueToCompletion(demo, run, job_, processing);
      run.crash = { killedExecution: 1, storedCursor: null, flushIntervalMs: Number.POSITIVE_INFINITY };
      run.expectation = { idempotent: false, replayed: lost, resumeAfter: { [jobId]: [null] } };
      expectVerdictPassed(await demo.judge(run));
      const ledger = await readLedger(demo.env.orm, data, [jobId]);
      expect([...ledger.effectsPerSubject].filter(([, n]) => n > 1).map(([subject]) => subject)).toEqual(lost);
    } finally {
      worker?.kill('SIGCONT');
      await worker?.stop();
    }
  });
});

/** A worker in this process whose stalled check takes the killed job over; it runs the job to the end. */
async function rescueToCompletion(demo: DemoHarness, run: DemoRun, job: Job, processing: Partial<ProcessingSettings>): Promise<void> {
  const rescuer = demo.startWorker(processing);
  try {
    await demo.completion(job, 150_000);
    run.finish();
  } finally {
    await rescuer.close();
  }
}

/**
 * Waits until the job has a durable checkpoint and at least `atLeast` items done after it, then
 * freezes the worker (SIGSTOP) and checks again: a flush may have landed meanwhile. Frozen, the
 * worker writes nothing more, so what the check saw is what the kill will lose.
 */
async function freezeWithWorkAfterCheckpoint(
  worker: WorkerProcess,
  storedCursor: () => Promise<number | null | undefined>,
  doneAfterCursor: (cursor: number) => Promise<number>,
  atLeast: number,
): Promise<void> {
  const workAfterCheckpoint = async () => {
    const cursor = await storedCursor();
    return typeof cursor === 'number' ? doneAfterCursor(cursor) : 0;
  };
  for (;;) {
    await waitFor(`a durable checkpoint with ${atLeast} items done after it`, workAfterCheckpoint, (n) => n >= atLeast);
    worker.kill('SIGSTOP');
    if ((await workAfterCheckpoint()) >= atLeast) return;
    worker.kill('SIGCONT');
  }
}

/** Items of the job the ledger shows after `cursor` (all of them from the running execution). */
async function doneAfter(demo: DemoHarness, data: DemoData, jobId: string, cursor: number): Promise<number> {
  const [row] = await demo.env.orm.em
    .fork()
    .execute<{ n: number }[]>('select count(*)::int as n from side_effects where job_id = ? and kind like ? and subject_id > ?', [jobId, `${data.family}.%`, cursor]);
  return row?.n ?? 0;
}
