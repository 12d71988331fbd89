import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Worker } from 'bullmq';
import { readContinuableProgress } from 'resumable-jobs/continuable';
import { CheckpointStore } from 'resumable-jobs/iteration';
import { readIterationProgress } from 'resumable-jobs/iteration';
import { fastCrashRecovery } from 'resumable-jobs/runtime';
import type { Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';
import { GatedCountContinuable, GatedCountIteration, gates } from './support/gated-count-jobs.js';

/**
 * A stale execution: a worker loses a job's lock (it expired during a long pause) but has not
 * noticed, and goes on running the job while BullMQ's stalled check has handed it to another
 * worker, whose newer execution has checkpointed further. When the stale execution reaches its
 * next checkpoint, the write must be refused and the newer checkpoint must stand.
 *
 * The stale worker's lock lasts ten minutes, so BullMQ first tries to renew it minutes later: the
 * worker cannot notice the loss during the story, and its write happens as if nothing were wrong,
 * the worst case.
 */
const count = 10;
const staleItem = 4;
const newerStopsAt = 8;
const rarelyRenewed = { ...fastCrashRecovery, lockDurationMs: 600_000 };

describe('A stale execution whose lock was lost, still running while the job runs elsewhere', () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<undefined>;
  const workers: Worker[] = [];

  beforeAll(async () => {
    env = await openScenario('runtime-stale-execution');
    runtime = env.runtime({ services: undefined }).register(GatedCountIteration, GatedCountContinuable);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(workers.splice(0).map((worker) => worker.close(true)));
  });

  /** The progress stored in Redis (the iteration hash, or the continuation in the job's data), as each engine reads it. */
  async function storedProgress(engine: 'iteration' | 'continuable', jobId: string): Promise<{ cursor: unknown; execution: number | undefined }> {
    const progress =
      engine === 'iteration'
        ? await readIterationProgress({ redis: runtime.redis, prefix: env.prefix, queueName: runtime.defaultQueueName, jobId })
        : readContinuableProgress((await runtime.queue().getJob(jobId))!);
    return { cursor: progress.cursor, execution: progress.executions };
  }

  /**
   * Holds the first execution inside item 4 and makes it lose its lock; a second worker takes the
   * job over and checkpoints up to item 7, then is held at item 8. Returns what is stored then.
   */
  async function staleAndNewerExecutions(jobClass: typeof GatedCountIteration | typeof GatedCountContinuable, jobId: string) {
    const stale = gates.hold(jobId, 1, staleItem);
    const newer = gates.hold(jobId, 2, newerStopsAt);
    const job = await runtime.enqueue(jobClass, { count }, { jobId });
    workers.push(runtime.startWorker({ crashRecovery: rarelyRenewed }));
    await stale.reached;

    // The lock is lost, as when it expires while its worker is paused.
    await runtime.redis.del(`${env.prefix}:${runtime.defaultQueueName}:${jobId}:lock`);
    // Another worker's stalled check hands the job on; its execution checkpoints past the stale one.
    workers.push(runtime.startWorker({ crashRecovery: fastCrashRecovery }));
    await newer.reached;
    return { job, stale, newer };
  }

  it('iteration: the stale flush is refused with CheckpointSupersededError and the newer checkpoint stands', async () => {
    const jobId = 'stale-iteration';
    const flushes: { execution: number; refusedWith?: string }[] = [];
    const flush = CheckpointStore.prototype.flush;
    vi.spyOn(CheckpointStore.prototype, 'flush').mockImplementation(async function (this: CheckpointStore, state, runtimeMs) {
      try {
        await flush.call(this, state, runtimeMs);
        flushes.push({ execution: state.executions });
      } catch (error) {
        flushes.push({ execution: state.executions, refusedWith: (error as Error).name });
        throw error;
      }
    });
    const { job, stale, newer } = await staleAndNewerExecutions(GatedCountIteration, jobId);
    const newerProgress = await storedProgress('iteration', jobId);
    // Array cursors are indexes: item 7 is index 6.
    expect(newerProgress).toEqual({ cursor: newerStopsAt - 2, execution: 2 });

    // The stale execution finishes its item and flushes, as if it still owned the job.
    stale.release();
    const refused = await waitFor('the stale execution to flush', () => flushes.filter((f) => f.execution === 1 && f.refusedWith), (found) => found.length > 0);

    expect(refused).toEqual([{ execution: 1, refusedWith: 'CheckpointSupersededError' }]);
    expect(await storedProgress('iteration', jobId)).toEqual(newerProgress);
    // It stopped there: the item it was in is its last; the newer execution finishes the job.
    newer.release();
    await waitFor('the job to complete', () => job.getState(), (state) => state === 'completed');
    expectItemsDone(jobId);
  });

  it('continuable: the stale continuation write is refused (LockLostError) and the newer continuation stands', async () => {
    const jobId = 'stale-continuable';
    const { job, stale, newer } = await staleAndNewerExecutions(GatedCountContinuable, jobId);
    const newerProgress = await storedProgress('continuable', jobId);
    expect(newerProgress).toEqual({ cursor: newerStopsAt - 1, execution: 2 });
    const refusals: string[] = [];
    const off = runtime.events.on('continuable.step-completed', (event) => {
      if (event.jobId === jobId && event.execution === 1 && event.error) refusals.push(event.error.name);
    });

    // The stale execution finishes its item and reaches its checkpoint, as if it still owned the job.
    stale.release();
    await waitFor('the stale execution to end its step', () => refusals, (found) => found.length > 0);
    off();

    expect(refusals).toEqual(['LockLostError']);
    expect(await storedProgress('continuable', jobId)).toEqual(newerProgress);
    newer.release();
    await waitFor('the job to complete', () => job.getState(), (state) => state === 'completed');
    expectItemsDone(jobId);
  });

  /** Execution 1 did 1..4 (4 is the item it was in when it went stale), execution 2 did 4..10. */
  function expectItemsDone(jobId: string): void {
    const byExecution = (execution: number) => gates.done.filter((d) => d.jobId === jobId && d.execution === execution).map((d) => d.item);
    expect(byExecution(1)).toEqual([1, 2, 3, staleItem]);
    expect(byExecution(2)).toEqual(Array.from({ length: count - staleItem + 1 }, (_, i) => staleItem + i));
  }
});
