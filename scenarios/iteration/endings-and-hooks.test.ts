import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureIteration, resetIterationSettings } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions, ExitDecision } from 'resumable-jobs/iteration';
import { batches } from 'resumable-jobs/mikro-orm';
import { itemsByExecution, itemsDone } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';
import { openSpecDatabase, seedPlainItems } from './support/spec-database.js';
import { SpecItem } from './support/spec-entities.js';

type BatchArgs = { family: string; skipComplete: boolean };

/** Walks a family two rows at a time and gives up inside its first batch. */
class AbortsInFirstBatch extends RecordingJob<BatchArgs, SpecItem[], number> {
  buildEnumerator({ family }: BatchArgs, { cursor }: BuildEnumeratorOptions<number>) {
    return batches(this.services.orm.em, SpecItem, { family }, { cursor, batchSize: 2 });
  }
  async eachIteration(batch: SpecItem[], { skipComplete }: BatchArgs) {
    for (const item of batch) await this.record(item.id);
    this.abort({ skipComplete });
  }
}

/** A base class whose own stop rule is: one item per execution. */
class OneItemPerRun extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(3, { cursor });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
  protected override shouldExit(): ExitDecision | Promise<ExitDecision> {
    return this.itemsThisExecution >= 1 ? 'one-per-run' : super.shouldExit();
  }
}
/** Says nothing about stopping: the rule comes from its parent. */
class InheritsStopRule extends OneItemPerRun {}

const statesAtShutdown: string[] = [];
/** Notes where BullMQ holds the job while onShutdown runs. */
class NotesStateAtShutdown extends OneItemPerRun {
  protected override async onShutdown() {
    statesAtShutdown.push(await this.context.job.getState());
    await super.onShutdown();
  }
}

/** Interrupted after each item, with no backoff of its own: the global retry backoff applies. */
class WaitsBetweenRuns extends OneItemPerRun {}

/** Every execution gets through three items, then the fourth throws. */
class GivesOutAfterThree extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(20, { cursor });
  }
  async eachIteration(n: number) {
    if (this.itemsThisExecution === 3) throw new Error('downstream refused');
    await this.record(n);
  }
}

describe('how an iteration job ends: aborts in batches, inherited stop rules, onShutdown, the last attempt', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [AbortsInFirstBatch, InheritsStopRule, NotesStateAtShutdown, WaitsBetweenRuns, GivesOutAfterThree], {
      database: openSpecDatabase,
    });
    await spec.startWorker();
  });
  afterEach(() => resetIterationSettings());

  it.each([
    { skipComplete: false, hooks: ['onStart@1', 'onShutdown@1', 'onComplete@1'] },
    { skipComplete: true, hooks: ['onStart@1', 'onShutdown@1'] },
  ])('abort inside a batch (skipComplete: $skipComplete) ends the job after that batch', async ({ skipComplete, hooks }) => {
    const family = `abort-batch-${skipComplete}`;
    const ids = await seedPlainItems(spec.orm, family, 5);
    const jobId = await spec.enqueue(AbortsInFirstBatch, { family, skipComplete });
    await spec.settled(jobId, 'completed');

    expect(await itemsDone(spec.orm, jobId)).toEqual(ids.slice(0, 2));
    expect(spec.callbacks.story(jobId)).toEqual(hooks);
    expect(spec.events.of(jobId, 'iteration.aborted')).toEqual([expect.objectContaining({ skipComplete })]);
    expect(await spec.checkpoint(jobId)).toEqual({});
  });

  it('a shouldExit inherited from the parent class stops the child after each item', async () => {
    const jobId = await spec.enqueue(InheritsStopRule, {});
    await spec.settled(jobId, 'completed');

    // As in job-iteration, the rule is asked after the last item too: a fourth execution finds nothing left.
    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [0], 2: [1], 3: [2] });
    expect(spec.events.of(jobId, 'iteration.interrupted').map((event) => event.reason)).toEqual(['one-per-run', 'one-per-run', 'one-per-run']);
    expect(spec.events.of(jobId, 'iteration.completed')).toEqual([expect.objectContaining({ execution: 4, cursor: 2 })]);
  });

  it('onShutdown runs before the job is re-enqueued: BullMQ still holds it as active', async () => {
    const jobId = await spec.enqueue(NotesStateAtShutdown, {});
    await spec.settled(jobId, 'completed');

    // Three interrupted executions and the completing one: each onShutdown saw the job still running.
    expect(statesAtShutdown).toEqual(['active', 'active', 'active', 'active']);
    expect(spec.callbacks.story(jobId)).toEqual([
      'onStart@1', 'onShutdown@1', 'onResume@2', 'onShutdown@2', 'onResume@3', 'onShutdown@3', 'onResume@4', 'onShutdown@4', 'onComplete@4',
    ]);
    expect(await spec.checkpoint(jobId)).toEqual({});
  });

  it('an interrupted job is re-enqueued after the global retry backoff', async () => {
    configureIteration({ retryBackoffMs: 60_000 });
    const jobId = await spec.enqueue(WaitsBetweenRuns, {});
    await spec.settled(jobId, 'delayed');
    const seenDelayedAt = Date.now();

    const [interrupted] = spec.events.of(jobId, 'iteration.interrupted');
    const due = (await spec.dueAt(jobId))!;
    expect(due).toBeGreaterThanOrEqual(interrupted!.at + 60_000);
    expect(due).toBeLessThanOrEqual(seenDelayedAt + 60_000);
    expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: '0', interruptions: '1' });

    resetIterationSettings();
    await spec.resume(jobId);
    await spec.settled(jobId, 'completed');
    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [0], 2: [1], 3: [2] });
  });

  it('a job failing in every attempt keeps its checkpoint and counters, and onComplete never runs', async () => {
    const jobId = await spec.enqueue(GivesOutAfterThree, {}, { attempts: 3, backoff: 0 });
    const job = await spec.settled(jobId, 'failed');

    // Each retry resumes after the last completed item: nothing repeated, nothing skipped.
    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [0, 1, 2], 2: [3, 4, 5], 3: [6, 7, 8] });
    expect(job.attemptsMade).toBe(3);
    expect(job.failedReason).toBe('downstream refused');
    expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: '8', executions: '3', failures: '3', interruptions: '0' });
    // onShutdown only ends executions that did not throw; onComplete never came.
    expect(spec.callbacks.story(jobId)).toEqual(['onStart@1', 'onResume@2', 'onResume@3']);
  });
});
