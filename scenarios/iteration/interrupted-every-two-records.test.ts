import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { records } from 'resumable-jobs/mikro-orm';
import { itemsByExecution, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';
import { openSpecDatabase, seedPlainItems } from './support/spec-database.js';
import { SpecItem } from './support/spec-entities.js';

/** Processes the items of one family by id. A long backoff parks it after each interruption, so the story can look. */
class ProcessItems extends RecordingJob<{ family: string }, SpecItem, number> {
  static override retryBackoffMs = 60_000;

  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<number>) {
    return records(this.services.orm.em, SpecItem, { family }, { cursor, batchSize: 3 });
  }

  async eachIteration(item: SpecItem) {
    await this.record(item.id);
  }
}

describe('a records job interrupted after every 2 records', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [ProcessItems], { database: openSpecDatabase });
  });

  it('checkpoints the last completed record each time and resumes strictly after it, no record repeated or skipped', async () => {
    const ids = await seedPlainItems(spec.orm, 'every-two', 7);
    const jobId = await spec.enqueue(ProcessItems, { family: 'every-two' }, { jobId: 'every-two' });
    await spec.startWorker({ itemBudget: 2 });

    // After each execution the hash holds the cursor of the 2nd, 4th, 6th record and the counters.
    for (const k of [1, 2, 3]) {
      await spec.settled(jobId, 'delayed');
      expect(await spec.checkpoint(jobId)).toMatchObject({
        cursor: String(ids[2 * k - 1]),
        executions: String(k),
        interruptions: String(k),
        failures: '0',
      });
      await spec.resume(jobId);
    }
    const job = await spec.settled(jobId, 'completed');

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: ids.slice(0, 2), 2: ids.slice(2, 4), 3: ids.slice(4, 6), 4: ids.slice(6) });
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    expect(spec.events.of(jobId, 'iteration.interrupted').map((e) => [e.reason, e.cursor, e.interruptions])).toEqual([
      ['budget', ids[1], 1],
      ['budget', ids[3], 2],
      ['budget', ids[5], 3],
    ]);
    // onStart once, onShutdown after every execution, onComplete once at the very end.
    expect(spec.callbacks.story(jobId)).toEqual([
      'onStart@1', 'onShutdown@1',
      'onResume@2', 'onShutdown@2',
      'onResume@3', 'onShutdown@3',
      'onResume@4', 'onShutdown@4', 'onComplete@4',
    ]);
    // Completion deletes the hash; the job's data never carried progress.
    expect(await spec.checkpoint(jobId)).toEqual({});
    expect(job.data).toEqual({ args: { family: 'every-two' } });
    // One checkpoint write per interruption (no item took long enough for an interval flush).
    expect(job.returnvalue).toMatchObject({ outcome: 'completed', cursor: ids[6], executions: 4, interruptions: 3, failures: 0, flushes: 3 });
    // Three interruptions and a completion: BullMQ counted one attempt, not four.
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toBeUndefined();
  });
});
