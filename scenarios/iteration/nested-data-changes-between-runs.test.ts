import { beforeAll, describe, expect, it } from 'vitest';
import type { NestedCursor } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { records } from 'resumable-jobs/mikro-orm';
import { itemsByExecution, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';
import { openSpecDatabase, seedGroup } from './support/spec-database.js';
import { SpecGroup, SpecItem } from './support/spec-entities.js';

const LABELS = 3;
/** The ledger subject of "label n of item id". */
const label = (itemId: number, n: number) => itemId * 10 + n;
/** Every label of these items, in order; `firstFrom` skips the first item's labels before it. */
const labelsOf = (itemIds: number[], firstFrom = 0) =>
  itemIds.flatMap((id, i) => Array.from({ length: LABELS }, (_, n) => n).filter((n) => i > 0 || n >= firstFrom).map((n) => label(id, n)));

/**
 * Three levels, as in job-iteration's #614/#615 reports: groups (by rank) → their live items (by
 * position) → three labels per item. Parks in delayed after an interruption, so the story can change
 * the data before it resumes.
 */
class PrintLabels extends RecordingJob<{ family: string }, { itemId: number; n: number }, NestedCursor> {
  static override retryBackoffMs = 60_000;

  buildEnumerator({ family }: { family: string }, { cursor }: BuildEnumeratorOptions<NestedCursor>) {
    const em = this.services.orm.em;
    return this.enumerate.nested(
      [
        (c: number | undefined) => records(em, SpecGroup, { family }, { cursor: c, columns: ['rank'] }),
        (group: SpecGroup, c: number | undefined) =>
          records(em, SpecItem, { groupId: group.id, archived: false }, { cursor: c, columns: ['position'] }),
        (_group: SpecGroup, item: SpecItem, c: number | undefined) =>
          this.enumerate.array(Array.from({ length: LABELS }, (_, n) => ({ itemId: item.id, n })), { cursor: c }),
      ],
      { cursor },
    );
  }

  async eachIteration({ itemId, n }: { itemId: number; n: number }) {
    await this.record(label(itemId, n));
  }
}

describe('a nested job whose data changes while it is parked between executions', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [PrintLabels], { database: openSpecDatabase });
    await spec.startWorker();
  });

  /** Groups 10, 20, 30 with items at positions 0 and 1; the first execution stops after label 0 of group 20's second item. */
  async function parkInsideGroup20(family: string) {
    const groups = {
      10: await seedGroup(spec.orm, family, 10, [0, 1]),
      20: await seedGroup(spec.orm, family, 20, [0, 1]),
      30: await seedGroup(spec.orm, family, 30, [0, 1]),
    };
    const stopAt: NestedCursor = [[10, 20], [0, 1], 0];
    await spec.runtime.flags.set('jobs', family, { kind: 'at-cursor', cursor: stopAt });
    const jobId = await spec.enqueue(PrintLabels, { family }, { jobId: family });
    await spec.settled(jobId, 'delayed');
    expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: JSON.stringify(stopAt) });
    const firstRun = [...labelsOf(groups[10].itemIds), ...labelsOf(groups[20].itemIds.slice(0, 1)), label(groups[20].itemIds[1]!, 0)];
    expect((await itemsByExecution(spec.orm, jobId))[1]).toEqual(firstRun);
    return { jobId, groups };
  }

  it('#614: the current group\'s remaining items were archived: the next group starts from its first item and label', async () => {
    const { jobId, groups } = await parkInsideGroup20('emptied');
    await spec.orm.em.fork().nativeUpdate(SpecItem, { groupId: groups[20].groupId }, { archived: true });
    await spec.resume(jobId);
    await spec.settled(jobId, 'completed');

    // job-iteration would carry group 20's item and label cursors into group 30 and skip its first item and label.
    expect((await itemsByExecution(spec.orm, jobId))[2]).toEqual(labelsOf(groups[30].itemIds));
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
  });

  it('#615: a new group ranked before the current one runs whole, and the current group resumes exactly where it stopped', async () => {
    const { jobId, groups } = await parkInsideGroup20('inserted');
    const fifteen = await seedGroup(spec.orm, 'inserted', 15, [0, 1]);
    await spec.resume(jobId);
    await spec.settled(jobId, 'completed');

    // job-iteration would apply group 20's cursors to group 15 (skipping its first item and label) and redo group 20.
    expect((await itemsByExecution(spec.orm, jobId))[2]).toEqual([
      ...labelsOf(fifteen.itemIds),
      ...labelsOf(groups[20].itemIds.slice(1), 1),
      ...labelsOf(groups[30].itemIds),
    ]);
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
  });

  it('#615: the current group was deleted: its cursors go with it and the next group runs whole', async () => {
    const { jobId, groups } = await parkInsideGroup20('deleted');
    const em = spec.orm.em.fork();
    await em.nativeDelete(SpecItem, { groupId: groups[20].groupId });
    await em.nativeDelete(SpecGroup, { id: groups[20].groupId });
    await spec.resume(jobId);
    await spec.settled(jobId, 'completed');

    expect((await itemsByExecution(spec.orm, jobId))[2]).toEqual(labelsOf(groups[30].itemIds));
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
  });
});
