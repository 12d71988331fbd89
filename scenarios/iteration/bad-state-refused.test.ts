import { beforeAll, describe, expect, it } from 'vitest';
import type { Cursor as CursorValue } from 'resumable-jobs/runtime';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { itemsDone } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

/** Its third item's cursor carries a Date, which JSON would turn into a string. */
class DateCursor extends RecordingJob<Record<string, never>, number, CursorValue> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<CursorValue>) {
    return this.enumerate.wrap(
      (async function* () {
        yield [1, ['a', 1]] as const;
        yield [2, ['b', 2]] as const;
        yield [3, ['c', new Date(Date.UTC(2024, 0, 1))]] as unknown as readonly [number, CursorValue];
        yield [4, ['d', 4]] as const;
      })(),
      { cursor },
    );
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
}

/** Counts 0..4. */
class CountToFive extends RecordingJob<Record<string, never>, number, number> {
  buildEnumerator(_args: Record<string, never>, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(5, { cursor });
  }
  async eachIteration(n: number) {
    await this.record(n);
  }
}

describe('state that would not resume exactly', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [DateCursor, CountToFive]);
    await spec.startWorker();
  });

  it('a cursor that would not survive JSON fails the job at the item that produced it, before running it, keeping the last good cursor', async () => {
    const jobId = await spec.enqueue(DateCursor, {}, { jobId: 'date-cursor', attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain('yielded a cursor that does not survive JSON at item 3 of this execution: cursor[1] is a Date');
    expect(job.failedReason).toContain('a Date as toISOString()');
    expect(job.stacktrace?.[0]).toContain('CursorNotSerializableError');
    expect(job.attemptsMade).toBe(1);
    expect(await itemsDone(spec.orm, jobId)).toEqual([1, 2]);
    expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: '["b",2]', failures: '1' });
  });

  it.each([
    { field: 'cursor', value: '{"half": ', expected: 'which is not JSON' },
    { field: 'executions', value: 'three', expected: 'which is not a non-negative integer' },
    { field: 'runtimeMs', value: '-5', expected: 'which is not a non-negative number of milliseconds' },
  ])('a checkpoint hash edited into garbage ($field) fails the job naming the field and how to recover, never restarting from zero', async ({ field, value, expected }) => {
    const jobId = `garbage-${field}`;
    const key = spec.checkpointKey(jobId);
    await spec.runtime.redis.hset(key, { cursor: '2', executions: '1', interruptions: '1', [field]: value });
    const before = await spec.checkpoint(jobId);

    await spec.enqueue(CountToFive, {}, { jobId, attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain(`Checkpoint ${key} field "${field}" holds ${JSON.stringify(value)}, ${expected}`);
    expect(job.failedReason).toContain(`HSET ${key} ${field}`);
    expect(job.failedReason).toContain(`DEL ${key} to restart the job from the beginning`);
    expect(job.stacktrace?.[0]).toContain('CorruptCheckpointError');
    expect(job.attemptsMade).toBe(1);
    expect(await itemsDone(spec.orm, jobId)).toEqual([]);
    // Left exactly as found, for whoever repairs it.
    expect(await spec.checkpoint(jobId)).toEqual(before);
  });

  it('a hash an operator seeded with just a cursor is accepted: the job starts after it, as a first run', async () => {
    const jobId = 'seeded-cursor';
    await spec.runtime.redis.hset(spec.checkpointKey(jobId), { cursor: '2' });
    await spec.enqueue(CountToFive, {}, { jobId });
    await spec.settled(jobId, 'completed');
    expect(await itemsDone(spec.orm, jobId)).toEqual([3, 4]);
    expect(spec.callbacks.story(jobId)).toEqual(['onStart@1', 'onShutdown@1', 'onComplete@1']);
  });
});
