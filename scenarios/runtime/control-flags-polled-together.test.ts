import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ContinuableJob } from 'resumable-jobs/continuable';
import { IterationJob, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import type { Runtime } from 'resumable-jobs/runtime';
import { openScenario, type ScenarioEnvironment } from '../support/scenario-environment.js';
import { waitFor } from '../support/wait-for.js';

const ITEMS = 60;
const ITEM_MS = 10;
const POLL_MS = 50;

/** Items of one job, as each execution did them: what a stop must not repeat or skip. */
const done = new Map<string, number[]>();
const record = (jobId: string | undefined, item: number) => done.set(String(jobId), [...(done.get(String(jobId)) ?? []), item]);

class CountContinuable extends ContinuableJob<Record<string, never>> {
  static jobName = 'polled.count-continuable';
  static override resume = { delayMs: 0 };
  async perform(): Promise<void> {
    await this.step<number>('count', async (step) => {
      for (let i = (step.cursor ?? -1) + 1; i < ITEMS; i++) {
        await sleep(ITEM_MS);
        record(this.job.id, i);
        await step.set(i);
      }
    });
  }
}

class CountIteration extends IterationJob<Record<string, never>, number, number> {
  static jobName = 'polled.count-iteration';
  static override retryBackoffMs: number | undefined = 0;
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(ITEMS, { cursor });
  }
  async eachIteration(item: number): Promise<void> {
    await sleep(ITEM_MS);
    record(this.context.job.id, item);
  }
}

/**
 * Six jobs run at once on one worker, three per engine. Their control flags are read together: one
 * MGET per interval for all of them, not a GET per job per interval; a flag set for one job still
 * stops that job, and only that one, where it asked.
 */
describe('control flags of many running jobs, polled together', () => {
  let env: ScenarioEnvironment;
  let runtime: Runtime<undefined>;
  beforeAll(async () => {
    env = await openScenario('control-flags-polled-together');
    runtime = env.runtime<undefined>({ services: undefined, flagPollMs: POLL_MS }).register(CountContinuable, CountIteration);
  });
  afterAll(() => env?.close());

  it('reads every running job\'s flag in one MGET per interval, and a flag still stops its own job at its cursor', async () => {
    const gets = vi.spyOn(runtime.redis, 'get');
    const mgets = vi.spyOn(runtime.redis, 'mget');
    const jobs = await Promise.all([
      ...[0, 1, 2].map(() => runtime.enqueue(CountContinuable, {})),
      ...[0, 1, 2].map(() => runtime.enqueue(CountIteration, {})),
    ]);
    const [stoppedSteps, , , stoppedItems] = jobs;
    for (const job of [stoppedSteps!, stoppedItems!]) await runtime.flags.set(runtime.defaultQueueName, job.id!, { kind: 'at-cursor', cursor: 30 });

    const worker = runtime.startWorker({ concurrency: 6 });
    await waitFor('every job completed', () => Promise.all(jobs.map((job) => job.getState())), (states) => states.every((state) => state === 'completed'), { timeoutMs: 30_000 });
    await worker.close();

    // Each job did every item once; the two flagged ones stopped at 30 and resumed after it.
    for (const job of jobs) expect(done.get(String(job.id)), `job ${job.id}`).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
    const attempts = await Promise.all(jobs.map(async (job) => (await runtime.queue().getJob(job.id!))!.attemptsStarted));
    expect(attempts).toEqual([2, 1, 1, 2, 1, 1]);

    // The reads: one GET of its flag as each execution starts (8 executions), and the rest in MGETs
    // that carried several jobs' keys at once: never one read per job per interval.
    const controlKey = (key: unknown) => String(key).includes(':control:');
    const flagGets = gets.mock.calls.filter(([key]) => controlKey(key)).length;
    expect(flagGets).toBe(8);
    const polls = mgets.mock.calls.map((keys) => keys.flat().filter(controlKey).length);
    expect(polls.length).toBeGreaterThan(0);
    expect(Math.max(...polls)).toBeGreaterThanOrEqual(5);
    gets.mockRestore();
    mgets.mockRestore();
  });
});
