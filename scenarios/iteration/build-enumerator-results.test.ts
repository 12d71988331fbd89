import { beforeAll, describe, expect, it } from 'vitest';
import { EnumeratorNotIterableError } from 'resumable-jobs/iteration';
import type { BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { RecordingJob } from './support/recording-job.js';

type Returned = 'null' | 'object' | 'number' | 'array' | 'undefined' | 'promise-of-object';

/** The cursor each buildEnumerator call was handed, in call order. */
const handedCursors: unknown[] = [];

/** Returns from buildEnumerator whatever the story asks for, as plain JavaScript could. */
class ReturnsWhatItIsTold extends RecordingJob<{ returns: Returned }, unknown, number> {
  // @ts-expect-error -- deliberately returns what the type forbids
  buildEnumerator({ returns }: { returns: Returned }, options: BuildEnumeratorOptions<number>) {
    handedCursors.push(options.cursor);
    switch (returns) {
      case 'null':
        return null;
      case 'object':
        return { items: [1, 2, 3] };
      case 'number':
        return 42;
      case 'array':
        return [1, 2, 3];
      case 'undefined':
        return undefined;
      case 'promise-of-object':
        return Promise.resolve({ next: () => undefined });
    }
  }
  async eachIteration() {}
}

describe('what buildEnumerator returns', () => {
  let spec: IterationSpec;
  beforeAll(async () => {
    spec = await openIterationSpec(import.meta.url, [ReturnsWhatItIsTold]);
    await spec.startWorker();
  });

  it('null completes the job at once, with no callbacks and no checkpoint left behind', async () => {
    const jobId = await spec.enqueue(ReturnsWhatItIsTold, { returns: 'null' }, { jobId: 'returns-null' });
    const job = await spec.settled(jobId, 'completed');

    expect(job.returnvalue).toMatchObject({ outcome: 'skipped', cursor: null, executions: 1 });
    expect(spec.callbacks.counts(jobId)).toEqual({ onStart: 0, onResume: 0, onShutdown: 0, onComplete: 0 });
    expect(spec.events.story(jobId)).toEqual(['build-enumerator', 'nil-enumerator']);
    expect(await spec.checkpoint(jobId)).toEqual({});
    // "No cursor yet" is spelled undefined, as a fresh continuable step's cursor is.
    expect(handedCursors).toStrictEqual([undefined]);
  });

  it.each([
    { returns: 'object', shown: 'returned a plain object', fix: 'this.enumerate.array(args.items, { cursor })' },
    { returns: 'number', shown: 'returned number 42', fix: '[Symbol.asyncIterator]' },
    { returns: 'array', shown: 'returned an Array of 3', fix: 'wrap it with this.enumerate.array(items, { cursor })' },
    { returns: 'undefined', shown: 'returned undefined', fix: 'Did you forget to return it? Return null to skip' },
    { returns: 'promise-of-object', shown: 'returned a plain object', fix: 'this.enumerate.array' },
  ] as const)('a non-enumerator ($returns) fails the job with EnumeratorNotIterableError, no retries, no callbacks', async ({ returns, shown, fix }) => {
    const jobId = await spec.enqueue(ReturnsWhatItIsTold, { returns }, { jobId: `returns-${returns}`, attempts: 3 });
    const job = await spec.settled(jobId, 'failed');

    expect(job.failedReason).toContain(`ReturnsWhatItIsTold.buildEnumerator must return an enumerator of [item, cursor] pairs (or null to skip the job), but ${shown}`);
    expect(job.failedReason).toContain(fix);
    expect(job.stacktrace?.[0]).toContain(EnumeratorNotIterableError.name);
    expect(job.attemptsMade).toBe(1);
    expect(spec.callbacks.counts(jobId)).toEqual({ onStart: 0, onResume: 0, onShutdown: 0, onComplete: 0 });
  });
});
