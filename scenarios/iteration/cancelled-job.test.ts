import { beforeAll, describe, expect, it } from 'vitest';
import { iterationLogLine, type BuildEnumeratorOptions } from 'resumable-jobs/iteration';
import { ControlFlagForEndedJobError, JobCancelledError, NoSuchJobError, readPublishedProgress } from 'resumable-jobs/runtime';
import { itemsByExecution, upTo } from '../support/spec/item-ledger.js';
import { openIterationSpec, type IterationSpec } from '../support/spec/iteration-spec.js';
import { waitFor } from '../support/wait-for.js';
import { RecordingJob } from './support/recording-job.js';

type Args = { cancelAtItem?: number };
type Extra = { cancel: (jobId: string) => Promise<unknown> };

/**
 * Counts 0..7. With `cancelAtItem`, that item asks for its own cancel, as an operator would from
 * outside, and finishes only once the job sees it (`cancelledAt`), so the cancel point is exact.
 * Interrupted jobs wait a minute to resume: only a cancel brings them back sooner.
 */
class CountEight extends RecordingJob<Args, number, number, Extra> {
  static override retryBackoffMs = 60_000;

  buildEnumerator(_args: Args, { cursor }: BuildEnumeratorOptions<number>) {
    return this.enumerate.times(8, { cursor });
  }

  async eachIteration(n: number, { cancelAtItem }: Args) {
    await this.record(n);
    if (n !== cancelAtItem) return;
    await this.services.cancel(String(this.context.job.id));
    await waitFor('the job to see its cancel', () => this.cancelledAt, (at) => at !== undefined, { timeoutMs: 10_000 });
  }
}

describe('an iteration job cancelled (Sidekiq cancel!): it ends, runs onCancel once, and is neither failed nor completed in full', () => {
  let spec: IterationSpec<Extra>;
  const extra: Extra = { cancel: (jobId) => spec.runtime.cancel(jobId) };
  beforeAll(async () => {
    spec = await openIterationSpec<Extra>(import.meta.url, [CountEight], { extra });
    await spec.startWorker();
  });

  /** What every cancelled job must leave: completed as cancelled, no checkpoint hash, no control key. */
  async function expectCancelledAndClean(jobId: string, queueName?: string) {
    const job = await spec.settled(jobId, 'completed', queueName);
    expect(job.returnvalue).toMatchObject({ outcome: 'cancelled', cancelled: { at: expect.any(Number) } });
    expect(job.failedReason).toBeUndefined();
    // What any BullMQ UI reads: the progress the engine published says cancelled, not completed.
    expect(readPublishedProgress(job.progress)?.state).toBe('cancelled');
    expect(await spec.runtime.queue(queueName).getJobCounts('failed')).toEqual({ failed: 0 });
    expect(await spec.checkpoint(jobId)).toEqual({});
    const flagKey = spec.runtime.flags.key(queueName ?? spec.runtime.defaultQueueName, jobId);
    await waitFor(`the control key of ${jobId} to be removed`, () => spec.runtime.redis.exists(flagKey), (n) => n === 0);
    return job;
  }

  it('cancelled before it starts: no item runs; onStart, onCancel, onShutdown run once; onComplete never', async () => {
    const jobId = await spec.enqueue(CountEight, {}, { jobId: 'before-start', queueName: 'not-yet-worked' });
    const first = await spec.runtime.cancel(jobId, { queueName: 'not-yet-worked' });
    // Asking again changes nothing: the same cancel, the same time (Sidekiq client_test "can cancel").
    expect(await spec.runtime.cancel(jobId, { queueName: 'not-yet-worked' })).toEqual(first);

    await spec.startWorker(undefined, 'not-yet-worked');
    const job = await expectCancelledAndClean(jobId, 'not-yet-worked');

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({});
    expect(spec.callbacks.story(jobId)).toEqual(['onStart@1', 'onCancel@1', 'onShutdown@1']);
    expect(job.returnvalue).toMatchObject({ cursor: null, executions: 1, cancelled: { at: first.cancelledAt } });
    expect(spec.events.story(jobId)).toEqual(['build-enumerator', 'cancelled']);
  });

  it('cancelled mid-run: the item that saw the cancel is the last one; nothing after it runs', async () => {
    const jobId = await spec.enqueue(CountEight, { cancelAtItem: 3 }, { jobId: 'mid-run' });
    const job = await expectCancelledAndClean(jobId);

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: upTo(4) });
    expect(spec.callbacks.counts(jobId)).toEqual({ onStart: 1, onResume: 0, onShutdown: 1, onComplete: 0, onCancel: 1 });
    const [event] = spec.events.of(jobId, 'iteration.cancelled');
    expect(event).toMatchObject({ cursor: 3, items: 4 });
    expect(iterationLogLine('iteration.cancelled', event)).toBe(`[Iteration] CountEight (job ${jobId}): job cancelled at cursor=3`);
    expect(job.returnvalue).toMatchObject({ cursor: 3, interruptions: 0, failures: 0 });
  });

  it('cancelled while delayed to resume: it runs at once, before its delay ends, and stops before its next item', async () => {
    // Interrupted after 2 items, it waits a minute in delayed.
    await spec.runtime.flags.set('jobs', 'while-delayed', { kind: 'after-items', items: 2 });
    const jobId = await spec.enqueue(CountEight, {}, { jobId: 'while-delayed' });
    await spec.settled(jobId, 'delayed');
    expect(await spec.checkpoint(jobId)).toMatchObject({ cursor: '1', interruptions: '1' });

    await spec.runtime.cancel(jobId);
    const job = await expectCancelledAndClean(jobId);

    expect(await itemsByExecution(spec.orm, jobId)).toEqual({ 1: [0, 1] });
    expect(spec.callbacks.story(jobId)).toEqual(['onStart@1', 'onShutdown@1', 'onResume@2', 'onCancel@2', 'onShutdown@2']);
    expect(job.returnvalue).toMatchObject({ outcome: 'cancelled', cursor: 1, executions: 2, interruptions: 1 });
  });

  it('refuses, with a named error, to cancel a job that does not exist or has ended, and to interrupt a cancelled one', async () => {
    await expect(spec.runtime.cancel('no-such-job')).rejects.toBeInstanceOf(NoSuchJobError);
    expect(await spec.runtime.redis.exists(spec.runtime.flags.key('jobs', 'no-such-job'))).toBe(0);

    const jobId = await spec.enqueue(CountEight, {}, { jobId: 'ran-to-the-end' });
    const job = await spec.settled(jobId, 'completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'completed' });
    await expect(spec.runtime.cancel(jobId)).rejects.toBeInstanceOf(ControlFlagForEndedJobError);

    const waiting = await spec.enqueue(CountEight, {}, { jobId: 'cancel-stands', queueName: 'never-worked' });
    await spec.runtime.cancel(waiting, { queueName: 'never-worked' });
    await expect(spec.runtime.flags.set('never-worked', waiting, { kind: 'now' })).rejects.toBeInstanceOf(JobCancelledError);
    expect(await spec.runtime.flags.get('never-worked', waiting)).toMatchObject({ kind: 'cancel' });
  });
});
