import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { readPublishedProgress } from 'resumable-jobs/runtime';
import { itemsDone } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

const INVOICES = Array.from({ length: 20 }, (_, i) => 100 + i);

/** Twenty invoices from an array: the enumerator knows its size, so the job publishes a percentage. */
class SizedInvoicesJob extends RecordingJob<Record<string, never>, number, number> {
  static override retryBackoffMs = 60_000; // parked after each stop, so the story reads what was published
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.array(INVOICES, { cursor });
  }
  async eachIteration(invoice: number) {
    await this.record(invoice);
  }
}

/** The same items from a hand-written generator: no size, so no percentage. */
class UnsizedInvoicesJob extends RecordingJob<Record<string, never>, number, number> {
  static override retryBackoffMs = 60_000;
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    const items = (function* () {
      for (let i = (cursor ?? -1) + 1; i < INVOICES.length; i++) yield [INVOICES[i]!, i] as const;
    })();
    return this.enumerate.wrap(items, { cursor });
  }
  async eachIteration(invoice: number) {
    await this.record(invoice);
  }
}

describe("an enumerator's size becomes a published percentage, read from the job in Redis", () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [SizedInvoicesJob, UnsizedInvoicesJob]);
    await spec.startWorker({ itemBudget: 5 }); // every execution stops after 5 items
  });

  const published = async (jobId: string) => readPublishedProgress((await spec.stored(jobId)).progress);

  it('publishes the total and items / total as a percentage, across stops, 100 on completion', async () => {
    const jobId = await spec.enqueue(SizedInvoicesJob, {});
    await spec.settled(jobId, 'delayed');
    expect(await published(jobId)).toMatchObject({ state: 'interrupted', items: 5, total: 20, percent: 25 });

    await spec.resume(jobId);
    await spec.events.next(jobId, 'iteration.interrupted', 1);
    await spec.settled(jobId, 'delayed');
    expect(await published(jobId)).toMatchObject({ state: 'interrupted', items: 10, total: 20, percent: 50 });

    for (let stop = 2; stop < 4; stop++) {
      await spec.resume(jobId);
      await spec.events.next(jobId, 'iteration.interrupted', stop);
    }
    await spec.resume(jobId);
    await spec.settled(jobId, 'completed');
    expect(await published(jobId)).toMatchObject({ state: 'completed', items: 20, total: 20, percent: 100 });
    expect(await itemsDone(spec.orm, jobId)).toEqual(INVOICES);
  });

  it('an enumerator that cannot know its size publishes no total and no percentage', async () => {
    const jobId = await spec.enqueue(UnsizedInvoicesJob, {});
    await spec.settled(jobId, 'delayed');
    const progress = await published(jobId);
    expect(progress).toMatchObject({ state: 'interrupted', items: 5 });
    expect(progress).not.toHaveProperty('total');
    expect(progress).not.toHaveProperty('percent');
  });
});
