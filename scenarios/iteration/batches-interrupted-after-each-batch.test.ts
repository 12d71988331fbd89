import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { batches } from 'resumable-jobs/mikro-orm';
import { itemsByExecution, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';
import { openSpecDatabase, seedPlainItems } from './support/spec-database.js';
import { SpecItem } from './support/spec-entities.js';

const batchSizes: number[] = [];

/** Handles the items of a family three at a time; one batch is one iteration. */
class ProcessItemBatches extends RecordingJob<{ family: string }, SpecItem[], number> {
  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<number>) {
    return batches(this.services.orm.em, SpecItem, { family }, { cursor, batchSize: 3 });
  }

  async eachIteration(batch: SpecItem[]) {
    batchSizes.push(batch.length);
    for (const item of batch) await this.record(item.id);
  }
}

describe('a batches job interrupted after each batch of 3 over 10 records', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [ProcessItemBatches], { database: openSpecDatabase });
  });

  it('runs batches [3, 3, 3, 1], one per execution, with onStart once and onComplete once', async () => {
    const ids = await seedPlainItems(spec.orm, 'batches', 10);
    const jobId = await spec.enqueue(ProcessItemBatches, { family: 'batches' }, { jobId: 'batches' });
    await spec.startWorker({ itemBudget: 1 });
    const job = await spec.settled(jobId, 'completed');

    expect(batchSizes).toEqual([3, 3, 3, 1]);
    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: ids.slice(0, 3), 2: ids.slice(3, 6), 3: ids.slice(6, 9), 4: ids.slice(9) });
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    // A batch's cursor is its LAST record: a resume starts at the next batch, never inside one.
    // The check follows every item, the last one too (as in job-iteration), so a fifth execution
    // starts after the last batch, finds nothing and completes.
    expect(spec.events.of(jobId, 'iteration.interrupted').map((e) => e.cursor)).toEqual([ids[2], ids[5], ids[8], ids[9]]);
    expect(spec.events.of(jobId, 'iteration.not-found').map((e) => e.execution)).toEqual([5]);
    expect(spec.callbacks.counts(jobId)).toEqual({ onStart: 1, onResume: 4, onShutdown: 5, onComplete: 1 });
    expect(job.returnvalue).toMatchObject({ outcome: 'completed', cursor: ids[9], interruptions: 4 });
  });
});
