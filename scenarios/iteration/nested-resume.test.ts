import { beforeAll, describe, expect, it } from 'vitest';
import type { NestedCursor } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { records } from 'resumable-jobs/mikro-orm';
import { itemsDone, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';
import { openSpecDatabase, seedGroup } from './support/spec-database.js';
import { SpecGroup, SpecItem } from './support/spec-entities.js';

/** For each group of a family (by rank), its items (by position). */
class ItemsPerGroup extends RecordingJob<{ family: string }, SpecItem, NestedCursor> {
  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<NestedCursor>) {
    const em = this.services.orm.em;
    return this.enumerate.nested(
      [
        (groupCursor: number | undefined) => records(em, SpecGroup, { family }, { cursor: groupCursor, columns: ['rank'] }),
        (group: SpecGroup, itemCursor: number | undefined) =>
          records(em, SpecItem, { groupId: group.id }, { cursor: itemCursor, columns: ['position'] }),
      ],
      { cursor },
    );
  }

  async eachIteration(item: SpecItem) {
    await this.record(item.id);
  }
}

describe('a nested job (groups, then their items) interrupted after every item', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [ItemsPerGroup], { database: openSpecDatabase });
    await spec.startWorker({ itemBudget: 1 });
  });

  it('re-enters the current group after its last done item, steps over an empty group, and repeats nothing', async () => {
    const ten = await seedGroup(spec.orm, 'nested', 10, [0, 1]);
    await seedGroup(spec.orm, 'nested', 20, []);
    const thirty = await seedGroup(spec.orm, 'nested', 30, [0, 1, 2]);
    const jobId = await spec.enqueue(ItemsPerGroup, { family: 'nested' }, { jobId: 'nested' });
    await spec.settled(jobId, 'completed');

    expect(await itemsDone(spec.orm, jobId)).toEqual([...ten.itemIds, ...thirty.itemIds]);
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    // [[rank before, rank now], position]: group 20 was entered (and found empty) before 30.
    expect(spec.events.of(jobId, 'iteration.interrupted').map((e) => e.cursor)).toEqual([
      [[null, 10], 0],
      [[null, 10], 1],
      [[20, 30], 0],
      [[20, 30], 1],
      [[20, 30], 2],
    ]);
    expect(spec.callbacks.counts(jobId)).toMatchObject({ onStart: 1, onComplete: 1 });
  });
});
