import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions, ParallelCursor } from 'resumable-jobs/iteration';
import { itemsByExecution, itemsDone, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

const INSTANCES = 3;

/** job-iteration's IterationParallelJob: the numbers 0..9, partition i taking i, i+3, i+6, ... */
class ParallelNumbersJob extends RecordingJob<{ shopId: number }, number, ParallelCursor> {
  buildEnumerator(_args: { shopId: number }, { cursor }: BuildEnumeratorOptions<ParallelCursor>) {
    return this.enumerate.parallel({ instances: INSTANCES, cursor }, (instance, instances, innerCursor: number | undefined) => {
      const numbers = Array.from({ length: 10 }, (_, n) => n).filter((n) => n % instances === instance);
      return this.enumerate.array(numbers, { cursor: innerCursor });
    });
  }

  async eachIteration(n: number) {
    await this.record(n);
  }
}

const STEPWISE = 'parallel-stepwise';
const partitionIds = (parentId: string) => Array.from({ length: INSTANCES }, (_, i) => `${parentId}-part-${i}-of-${INSTANCES}`);

describe('a parallel enumerator fans one job out over partitions, each with its own cursor', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [ParallelNumbersJob]);
    await spec.startWorker();
    // A second queue whose worker stops every execution after one item: each partition resumes from Redis.
    await spec.startWorker({ itemBudget: 1 }, STEPWISE);
  });

  it('the parent enqueues one job per partition, same class and arguments, and neither iterates nor runs callbacks', async () => {
    const parentId = await spec.enqueue(ParallelNumbersJob, { shopId: 42 });
    const parent = await spec.settled(parentId, 'completed');
    const children = partitionIds(parentId);
    const finished = await Promise.all(children.map((id) => spec.settled(id, 'completed')));

    // The parent: nothing iterated, no callbacks, an instrumented fan-out naming its partitions' jobs.
    expect(parent.returnvalue).toMatchObject({ outcome: 'fanned-out' });
    expect(await itemsDone(spec.orm, parentId)).toEqual([]);
    expect(spec.callbacks.story(parentId)).toEqual([]);
    expect(spec.events.of(parentId, 'iteration.enqueue-parallel-jobs')).toEqual([
      expect.objectContaining({ jobName: parent.name, instances: INSTANCES, childJobIds: children }),
    ]);
    expect(await spec.checkpoint(parentId)).toEqual({});

    // Each child: the parent's class and arguments, started at its own cursor.
    for (const [instance, child] of finished.entries()) {
      expect(child.name).toBe(parent.name);
      expect(child.data).toEqual({ args: { shopId: 42 } });
      expect(spec.events.of(child.id!, 'iteration.build-enumerator')[0]).toMatchObject({ cursor: { instance, instances: INSTANCES, innerCursor: null } });
    }
  });

  it('each child iterates its own partition and runs its callbacks once; together they cover the set once', async () => {
    const parentId = await spec.enqueue(ParallelNumbersJob, { shopId: 1 });
    const children = partitionIds(parentId);
    const finished = await Promise.all(children.map((id) => spec.settled(id, 'completed')));

    expect(await itemsDone(spec.orm, children[1]!)).toEqual([1, 4, 7]);
    const all = (await Promise.all(children.map((id) => itemsDone(spec.orm, id)))).flat().sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const id of children) {
      expect(spec.callbacks.counts(id)).toEqual({ onStart: 1, onResume: 0, onShutdown: 1, onComplete: 1 });
    }
    // The last cursor of partition 2 is the parallel cursor around its array index.
    expect(finished[2]!.returnvalue).toMatchObject({ outcome: 'completed', cursor: { instance: 2, instances: INSTANCES, innerCursor: 2 } });
  });

  it("children inherit the parent's queue and priority", async () => {
    const parent = await spec.runtime.enqueue(ParallelNumbersJob, { shopId: 7 }, { jobId: 'prioritised', queueName: STEPWISE, priority: 10, attempts: 1 });
    const children = partitionIds(String(parent.id));
    const finished = await Promise.all(children.map((id) => spec.settled(id, 'completed', STEPWISE)));
    for (const child of finished) {
      expect(child.queueName).toBe(STEPWISE);
      expect(child.opts.priority).toBe(10);
    }
  });

  it('an interrupted child stores the parallel cursor in its checkpoint and resumes strictly after it', async () => {
    const parent = await spec.runtime.enqueue(ParallelNumbersJob, { shopId: 3 }, { jobId: 'stepwise', queueName: STEPWISE, attempts: 1 });
    const [first] = partitionIds(String(parent.id));
    const stopped = await spec.events.next(first!, 'iteration.interrupted');
    expect(stopped.cursor).toEqual({ instance: 0, instances: INSTANCES, innerCursor: 0 });

    await spec.settled(first!, 'completed', STEPWISE);
    // One item per execution (the worker's item budget), none twice.
    expect(await itemsByExecution(spec.orm, first!)).toEqual({ 1: [0], 2: [3], 3: [6], 4: [9] });
    expect(await itemsDoneTwice(spec.orm, first!)).toEqual([]);
    // The budget also stops after the last item: a fifth execution finds nothing left and completes.
    expect(spec.callbacks.counts(first!)).toMatchObject({ onStart: 1, onResume: 4, onComplete: 1 });
  });

  it('a partition that cannot be enqueued fails the parent with ParallelEnqueueError, and no child is added', async () => {
    const parentId = 'blocked';
    const [, second] = partitionIds(parentId);
    // A key of the wrong type where the second partition's checkpoint hash must go.
    await spec.runtime.redis.set(spec.checkpointKey(second!), 'not a hash');
    await spec.enqueue(ParallelNumbersJob, { shopId: 9 }, { jobId: parentId });
    const failed = await spec.settled(parentId, 'failed');

    expect(failed.failedReason).toMatch(/failed to enqueue 1 out of 3 parallel jobs/);
    const added = await Promise.all(partitionIds(parentId).map((id) => spec.runtime.queue().getJob(id)));
    expect(added.filter(Boolean)).toEqual([]);
  });
});
