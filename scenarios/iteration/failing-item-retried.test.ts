import { beforeAll, describe, expect, it } from 'vitest';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { itemsByExecution, itemsDoneTwice } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { CheckpointStore } from 'resumable-jobs/iteration';
import { RecordingJob } from './support/recording-job.js';

/** The checkpoint hash as the retry found it in Redis, before it did anything. */
let hashAtRetry: Record<string, string> = {};

/** Item 2 fails in the first execution only (a flaky downstream call); BullMQ retries the job. */
class FlakyAtItemTwo extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.array([0, 1, 2, 3, 4, 5], { cursor });
  }

  async eachIteration(n: number) {
    if (n === 2 && this.executions === 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('payment gateway timed out');
    }
    await this.record(n);
  }

  protected override async onResume() {
    const { redis, prefix, queue, job } = this.context;
    hashAtRetry = await redis.hgetall(CheckpointStore.keyFor(prefix, queue.name, String(job.id)));
    await super.onResume();
  }
}

describe('an item that fails, retried by BullMQ attempts', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [FlakyAtItemTwo]);
    await spec.startWorker();
  });

  it('checkpoints the last completed item, and the retry resumes AT the failing item', async () => {
    const jobId = await spec.enqueue(FlakyAtItemTwo, {}, { jobId: 'flaky', attempts: 3, backoff: 50 });
    const job = await spec.settled(jobId, 'completed');

    // The failure flushed cursor 1 (the last success) and counted it in the hash; the retry started at item 2.
    expect(hashAtRetry).toMatchObject({ cursor: '1', failures: '1', interruptions: '0', executions: '2' });
    expect(spec.events.of(jobId, 'iteration.failed')).toEqual([
      expect.objectContaining({ execution: 1, cursor: 1, errorName: 'Error', error: 'payment gateway timed out', failures: 1 }),
    ]);
    expect(spec.events.of(jobId, 'iteration.resumed')).toEqual([expect.objectContaining({ execution: 2, cursor: 1, failures: 1, interruptions: 0 })]);
    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [0, 1], 2: [2, 3, 4, 5] });
    expect(await itemsDoneTwice(spec.orm, jobId)).toEqual([]);
    // Time spent before the failure still counts.
    expect(spec.events.of(jobId, 'iteration.resumed')[0]!.runtimeMs).toBeGreaterThanOrEqual(20);
    // onShutdown only ends executions that did not throw; onStart stays once.
    expect(spec.callbacks.story(jobId)).toEqual(['onStart@1', 'onResume@2', 'onShutdown@2', 'onComplete@2']);
    expect(job.attemptsMade).toBe(2);
    expect(job.returnvalue).toMatchObject({ outcome: 'completed', executions: 2, failures: 1, interruptions: 0 });
    expect(await spec.checkpoint(jobId)).toEqual({});
  });
});
