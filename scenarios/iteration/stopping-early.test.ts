import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions, ExitDecision } from 'resumable-jobs/iteration';
import { itemsByExecution, itemsDone } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

const checks: { execution: number; items: number }[] = [];

/** Adds its own stop condition: a disk that fills up after every third item. */
class DiskBoundExport extends RecordingJob<Record<string, never>, number, number> {
  static override retryBackoffMs = 0;

  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(7, { cursor });
  }

  async eachIteration(n: number) {
    await this.record(n);
  }

  protected override shouldExit(): ExitDecision | Promise<ExitDecision> {
    checks.push({ execution: this.executions, items: this.itemsThisExecution });
    if (this.itemsThisExecution === 3) return 'disk-full';
    return super.shouldExit();
  }
}

type Args = { skipComplete: boolean; swallow?: boolean };

/** Stops at item 2, when it finds what it was looking for. */
class FindFirstMatch extends RecordingJob<Args, number, number> {
  buildEnumerator(_args: Args, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(6, { cursor });
  }

  async eachIteration(n: number, { skipComplete, swallow }: Args) {
    await this.record(n);
    if (n !== 2) return;
    if (!swallow) this.abort({ skipComplete });
    // A careless catch-all around the abort must not undo it.
    try {
      this.abort({ skipComplete });
    } catch {
      /* swallowed */
    }
  }
}

describe('a job that decides to stop: interrupt (shouldExit) or finish (abort)', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [DiskBoundExport, FindFirstMatch]);
    await spec.startWorker();
  });

  it('an overridden shouldExit is asked exactly once after every item, and its reason is reported', async () => {
    const jobId = await spec.enqueue(DiskBoundExport, {}, { jobId: 'disk-bound' });
    await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [0, 1, 2], 2: [3, 4, 5], 3: [6] });
    // One check per item, after it: never before the first, never twice.
    expect(checks).toEqual([
      { execution: 1, items: 1 }, { execution: 1, items: 2 }, { execution: 1, items: 3 },
      { execution: 2, items: 1 }, { execution: 2, items: 2 }, { execution: 2, items: 3 },
      { execution: 3, items: 1 },
    ]);
    expect(spec.events.of(jobId, 'iteration.interrupted').map((e) => [e.reason, e.cursor])).toEqual([
      ['disk-full', 2],
      ['disk-full', 5],
    ]);
  });

  it('abort() completes early: no further items, onComplete runs, the checkpoint is deleted', async () => {
    const jobId = await spec.enqueue(FindFirstMatch, { skipComplete: false }, { jobId: 'abort-complete' });
    const job = await spec.settled(jobId, 'completed');

    expect(await itemsDone(spec.orm, jobId)).toEqual([0, 1, 2]);
    expect(spec.callbacks.story(jobId)).toEqual(['onStart@1', 'onShutdown@1', 'onComplete@1']);
    expect(spec.events.story(jobId)).toEqual(['build-enumerator', 'aborted', 'completed']);
    // As with job-iteration's throw(:abort), the item that aborted did not return, so the cursor stays on item 1.
    expect(spec.events.of(jobId, 'iteration.completed')[0]).toMatchObject({ aborted: true, cursor: 1 });
    expect(job.returnvalue).toMatchObject({ outcome: 'aborted', cursor: 1 });
    expect(await spec.checkpoint(jobId)).toEqual({});
  });

  it('abort({ skipComplete: true }) stops without onComplete and without re-enqueueing', async () => {
    const jobId = await spec.enqueue(FindFirstMatch, { skipComplete: true }, { jobId: 'abort-skip' });
    const job = await spec.settled(jobId, 'completed');

    expect(await itemsDone(spec.orm, jobId)).toEqual([0, 1, 2]);
    expect(spec.callbacks.story(jobId)).toEqual(['onStart@1', 'onShutdown@1']);
    expect(spec.events.story(jobId)).toEqual(['build-enumerator', 'aborted']);
    expect(job.returnvalue).toMatchObject({ outcome: 'aborted', executions: 1 });
    expect(await spec.checkpoint(jobId)).toEqual({});
  });

  it('an abort swallowed by a catch-all still ends the iteration after that item', async () => {
    const jobId = await spec.enqueue(FindFirstMatch, { skipComplete: false, swallow: true }, { jobId: 'abort-swallowed' });
    await spec.settled(jobId, 'completed');
    expect(await itemsDone(spec.orm, jobId)).toEqual([0, 1, 2]);
    expect(spec.callbacks.counts(jobId).onComplete).toBe(1);
  });
});
