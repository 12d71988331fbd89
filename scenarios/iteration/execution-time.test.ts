import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JOB_RUNTIME_EXCEEDED } from 'resumable-jobs/iteration';
import { configureIteration, resetIterationSettings } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions, ExitDecision } from 'resumable-jobs/iteration';
import { itemsDone, itemsDoneTwice, upTo } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { CheckpointStore } from 'resumable-jobs/iteration';
import { RecordingJob } from './support/recording-job.js';

const ITEM_MS = 15;

/** Eight items of 15 ms each. */
class SlowItems extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(8, { cursor });
  }
  async eachIteration(n: number) {
    await new Promise((resolve) => setTimeout(resolve, ITEM_MS));
    await this.record(n);
  }
}
class ShortClassLimit extends SlowItems {
  static override maxJobRuntimeMs: number | undefined = 40;
}
class LongClassLimit extends SlowItems {
  static override maxJobRuntimeMs = 60_000;
}
/** Inherits its parent's class limit. */
class InheritsShortLimit extends ShortClassLimit {}
/** Unsets its parent's class limit: only the global one (if any) applies again. */
class UnsetsParentLimit extends ShortClassLimit {
  static override maxJobRuntimeMs: number | undefined = undefined;
}

/** Five items of 25 ms each, in executions of two. */
const TIMED_ITEM_MS = 25;
/** The runtimeMs field of the checkpoint hash as each resumed execution found it in Redis. */
const runtimeInHashAtResume: string[] = [];
class TimedItems extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(5, { cursor });
  }
  async eachIteration(n: number) {
    await new Promise((resolve) => setTimeout(resolve, TIMED_ITEM_MS));
    await this.record(n);
  }

  /** Stops after every second item of an execution. */
  protected override shouldExit(): ExitDecision | Promise<ExitDecision> {
    return this.itemsThisExecution === 2 ? 'two-items' : super.shouldExit();
  }

  protected override async onResume() {
    const { redis, prefix, queue, job } = this.context;
    const hash = await redis.hgetall(CheckpointStore.keyFor(prefix, queue.name, String(job.id)));
    runtimeInHashAtResume.push(hash.runtimeMs!);
    await super.onResume();
  }
}

describe('time: the runtime limit of one execution, and the runtime of all of them', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [SlowItems, ShortClassLimit, LongClassLimit, InheritsShortLimit, UnsetsParentLimit, TimedItems]);
    await spec.startWorker();
  });
  afterEach(() => resetIterationSettings());

  const runToCompletion = async (cls: typeof SlowItems, jobId: string) => {
    await spec.enqueue(cls, {}, { jobId });
    await spec.settled(jobId, 'completed');
    expect(await itemsDone(spec.orm, jobId)).toEqual(upTo(8));
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    return spec.events.of(jobId, 'iteration.interrupted').map((e) => e.reason);
  };
  const timeLimited = (reasons: string[]) => reasons.length >= 2 && reasons.every((reason) => reason === MAX_JOB_RUNTIME_EXCEEDED);

  it.each([
    { case: 'no limit anywhere', global: undefined, cls: SlowItems, limited: false },
    { case: 'a global limit only', global: 40, cls: SlowItems, limited: true },
    { case: 'a class limit only', global: undefined, cls: ShortClassLimit, limited: true },
    { case: 'a class limit below the global one', global: 60_000, cls: ShortClassLimit, limited: true },
    { case: 'a global limit below the class one', global: 40, cls: LongClassLimit, limited: true },
    { case: 'a class limit inherited from the parent class', global: undefined, cls: InheritsShortLimit, limited: true },
    { case: "a subclass unsetting its parent's limit and no global one", global: undefined, cls: UnsetsParentLimit, limited: false },
    { case: "a subclass unsetting its parent's limit under a higher global one", global: 60_000, cls: UnsetsParentLimit, limited: false },
  ])('max job runtime with $case → interrupted by time: $limited', async ({ case: name, global, cls, limited }) => {
    configureIteration({ maxJobRuntimeMs: global });
    const reasons = await runToCompletion(cls, name.replaceAll(' ', '-'));
    if (limited) expect(timeLimited(reasons), `reasons: ${JSON.stringify(reasons)}`).toBe(true);
    else expect(reasons).toEqual([]);
  });

  it('adds up its runtime across interrupted executions in the checkpoint, and reports the total on completion', async () => {
    const jobId = await spec.enqueue(TimedItems, {}, { jobId: 'timed' });
    const job = await spec.settled(jobId, 'completed');

    const interrupted = spec.events.of(jobId, 'iteration.interrupted').map((e) => e.runtimeMs);
    const resumed = spec.events.of(jobId, 'iteration.resumed').map((e) => e.runtimeMs);
    const completed = spec.events.of(jobId, 'iteration.completed')[0]!.runtimeMs;
    // Executions of 2, 2 and 1 items of 25 ms: the running total grows by at least that each time.
    expect(interrupted).toHaveLength(2);
    expect(interrupted[0]).toBeGreaterThanOrEqual(2 * TIMED_ITEM_MS);
    expect(interrupted[1]! - interrupted[0]!).toBeGreaterThanOrEqual(2 * TIMED_ITEM_MS);
    expect(completed - interrupted[1]!).toBeGreaterThanOrEqual(TIMED_ITEM_MS);
    // What an execution flushed is what the hash held and what the next one read back.
    expect(runtimeInHashAtResume).toEqual(interrupted.map((ms) => String(Math.round(ms))));
    expect(resumed).toEqual(interrupted);
    expect(job.returnvalue).toMatchObject({ runtimeMs: completed, interruptions: 2, executions: 3 });
  });
});
