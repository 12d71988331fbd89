import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import type { NestedCursor } from 'resumable-jobs/iteration';
import { itemsDone } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

/** Two items, nothing else. */
class TwoItems extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(2, { cursor });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
}

/** Item 1 throws. */
class FailsAtOne extends TwoItems {
  override async eachIteration(n: number) {
    if (n === 1) throw new Error('item 1 is broken');
    await this.record(n);
  }
}

const shelves: Record<string, string[]> = { top: ['a', 'b'], bottom: ['c'] };
/** Shelves, then the books on each: the innermost item is a book. */
class BooksOnShelves extends RecordingJob<Record<string, never>, string, NestedCursor> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<NestedCursor>) {
    return this.enumerate.nested(
      [
        (shelfCursor: number | undefined) => this.enumerate.array(Object.keys(shelves), { cursor: shelfCursor }),
        (shelf: string, bookCursor: number | undefined) => this.enumerate.array(shelves[shelf]!, { cursor: bookCursor }),
      ],
      { cursor },
    );
  }
  async eachIteration(book: string) {
    await this.record(book.charCodeAt(0));
  }
}

describe('one event per item (job-iteration each_iteration instrumentation)', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [TwoItems, FailsAtOne, BooksOnShelves]);
    await spec.startWorker();
  });

  const itemEvents = (jobId: string) => spec.events.of(jobId, 'iteration.iteration').map(({ jobName, cursor, items }) => ({ jobName, cursor, items }));

  it('names the job and the cursor of each completed item, in order', async () => {
    const jobId = await spec.enqueue(TwoItems, {});
    await spec.settled(jobId, 'completed');

    expect(itemEvents(jobId)).toEqual([
      { jobName: 'TwoItems', cursor: 0, items: 1 },
      { jobName: 'TwoItems', cursor: 1, items: 2 },
    ]);
    expect(await itemsDone(spec.orm, jobId)).toEqual([0, 1]);
  });

  it('an item that throws gets no item event; the failure event names the error and the last completed cursor', async () => {
    const jobId = await spec.enqueue(FailsAtOne, {}, { attempts: 1 });
    await spec.settled(jobId, 'failed');

    expect(itemEvents(jobId)).toEqual([{ jobName: 'FailsAtOne', cursor: 0, items: 1 }]);
    expect(spec.events.of(jobId, 'iteration.failed')).toEqual([expect.objectContaining({ cursor: 0, error: 'item 1 is broken' })]);
  });

  it('with a nested enumerator, each event carries the nested cursor of the innermost item', async () => {
    const jobId = await spec.enqueue(BooksOnShelves, {});
    await spec.settled(jobId, 'completed');

    expect(itemEvents(jobId).map((event) => event.cursor)).toEqual([
      [[null, 0], 0],
      [[null, 0], 1],
      [[0, 1], 0],
    ]);
    expect(await itemsDone(spec.orm, jobId)).toEqual(['a', 'b', 'c'].map((book) => book.charCodeAt(0)));
  });
});
